using IssueSync.Sdk.Client;
using IssueSync.Sdk.DocsTests.Snippets;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.DocsTests;

/// <summary>The Testing README's blocks, each run.</summary>
public sealed class TestingReadmeSnippetTests
{
    [Fact]
    public async Task The_emulator_delivers_a_persons_change()
    {
        var delivery = await TestingReadmeSnippets.EmulatorAsync(new ServiceCollection());

        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal("workitem.updated", delivery.EventType);
    }

    [Fact]
    public async Task OAuth_points_the_SDK_at_the_emulators_token_endpoints()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var tokens = new InMemoryTokenStore();

        var services = TestingReadmeSnippets.OAuth(emulator, new ServiceCollection(), tokens);

        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<VstsIssueSyncOptions>>().Value;
        Assert.Equal(emulator.OAuth.AzureDevOpsTokenEndpoint.AbsoluteUri, options.OAuth.AzureDevOpsTokenEndpoint);
        Assert.NotNull(await tokens.GetAsync("identity-1"));
    }

    [Fact]
    public async Task The_accounts_host_handler_sends_the_accounts_calls_to_the_emulator()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;
            o.PersonalAccessToken = emulator.PersonalAccessToken;
        });

        TestingReadmeSnippets.AccountsHost(emulator, builder);

        await using var provider = services.BuildServiceProvider();
        var accounts = provider.GetRequiredService<IVstsAccountClient>();
        var url = await accounts.GetOrganizationUrlByNameAsync(emulator.Organization.Name, Timeout());
        Assert.Equal(emulator.OrganizationUrl, url);
    }

    [Fact]
    public async Task Faults_reset_a_create_after_it_is_applied()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;
            o.PersonalAccessToken = emulator.PersonalAccessToken;
        });
        await using var provider = services.BuildServiceProvider();

        await TestingReadmeSnippets.FaultsAsync(emulator, provider.GetRequiredService<IVstsClient>());
    }

    [Fact]
    public async Task A_fake_clock_brings_the_retry_of_a_failed_delivery()
    {
        var retry = await TestingReadmeSnippets.ClockAsync(new ServiceCollection());

        Assert.Equal(200, retry.StatusCode);
        Assert.Equal(2, retry.Attempt);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
