using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// The connector's domain-name check: a legacy stored organization URL is resolved through the Resource
/// Areas API and saved back once, whichever side (outbound, inbound, subscriptions) meets it first.
/// </summary>
public sealed class InstallationConnectorTests
{
    private const string OrganizationId = "5f6b2e1c-0000-4000-8000-000000000001";
    private const string ByIdUrl = "https://app.vssps.visualstudio.com/_apis/resourceAreas/79134c72-4a58-4b42-976c-04e7115f32bf?hostId=" + OrganizationId + "&api-version=5.0-preview.1";

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/")]
    [InlineData("https://MyOrg.visualstudio.com/")]
    [InlineData("http://127.0.0.1:5123/emulated/")] // the emulator, on loopback
    public async Task Valid_stored_url_is_used_as_is(string storedUrl)
    {
        var store = new FakeIntegrationStore(Installation(storedUrl));
        using var harness = new ClientTestHarness(configureServices: s => s.AddSingleton<IIntegrationStore>(store));

        var result = await Connector(harness).EnsureOrganizationUrlAsync(store.Current!);

        Assert.Equal(storedUrl, result.OrganizationUrl);
        Assert.Empty(harness.Requests);
        Assert.Equal(0, store.SaveCalls);
    }

    [Theory]
    [InlineData("MyOrg.visualstudio.com")]
    [InlineData("https://dev.azure.com/fabrikam")]
    [InlineData("http://MyOrg.visualstudio.com/")]
    public async Task Legacy_stored_url_is_resolved_and_saved_back_once(string storedUrl)
    {
        var store = new FakeIntegrationStore(Installation(storedUrl));
        using var harness = new ClientTestHarness(configureServices: s => s.AddSingleton<IIntegrationStore>(store));
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, """{"locationUrl":"https://MyOrg.visualstudio.com/"}""");
        var client = Connector(harness);

        var result = await client.EnsureOrganizationUrlAsync(store.Current!);
        var again = await client.EnsureOrganizationUrlAsync(result);

        Assert.Equal("https://myorg.visualstudio.com/", result.OrganizationUrl, ignoreCase: true);
        Assert.Equal(result.OrganizationUrl, store.Current!.OrganizationUrl);
        Assert.Equal(2, result.Version);
        Assert.Same(result, again);
        Assert.Equal(1, store.SaveCalls);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Concurrent_fix_by_another_writer_is_used()
    {
        var store = new FakeIntegrationStore(Installation("MyOrg.visualstudio.com"));
        var stale = store.Current!;
        store.Replace(stale with { OrganizationUrl = "https://dev.azure.com/MyOrg/" });
        using var harness = new ClientTestHarness(configureServices: s => s.AddSingleton<IIntegrationStore>(store));
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, """{"locationUrl":"https://MyOrg.visualstudio.com/"}""");

        var result = await Connector(harness).EnsureOrganizationUrlAsync(stale);

        Assert.Equal("https://dev.azure.com/MyOrg/", result.OrganizationUrl);
        Assert.Equal(1, store.SaveCalls);
    }

    [Fact]
    public async Task Legacy_url_without_an_integration_store_fails_clearly()
    {
        using var harness = new ClientTestHarness();

        var ex = await Assert.ThrowsAsync<InstallationUrlException>(async () => await Connector(harness).EnsureOrganizationUrlAsync(Installation("MyOrg.visualstudio.com")));

        Assert.Contains("IIntegrationStore", ex.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task Resolution_failure_leaves_the_stored_record_alone()
    {
        var store = new FakeIntegrationStore(Installation("MyOrg.visualstudio.com"));
        using var harness = new ClientTestHarness(configureServices: s => s.AddSingleton<IIntegrationStore>(store));
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, "{}");

        await Assert.ThrowsAsync<VstsApiException>(async () => await Connector(harness).EnsureOrganizationUrlAsync(store.Current!));

        Assert.Equal(0, store.SaveCalls);
        Assert.Equal("MyOrg.visualstudio.com", store.Current!.OrganizationUrl);
    }

    [Fact]
    public async Task Connecting_a_legacy_installation_repairs_it_and_returns_the_repaired_record_with_its_client()
    {
        var store = new FakeIntegrationStore(Installation("MyOrg.visualstudio.com"));
        using var harness = new ClientTestHarness(
            configureOptions: o =>
            {
                o.OrganizationUrl = "https://dev.azure.com/MyOrg/";
                o.PersonalAccessToken = ClientTestHarness.PersonalAccessToken;
            },
            configureServices: s => s.AddSingleton<IIntegrationStore>(store));
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, """{"locationUrl":"https://dev.azure.com/MyOrg/"}""");

        var connected = await Connector(harness).ConnectAsync(store.Current!);

        Assert.Equal("https://dev.azure.com/MyOrg/", connected.Installation.OrganizationUrl);
        Assert.Equal(new Uri("https://dev.azure.com/MyOrg/"), connected.Client.Target.OrganizationUrl);
        Assert.Equal(2, connected.Installation.Version);
        Assert.Equal(1, store.SaveCalls);
    }

    private static InstallationConnector Connector(ClientTestHarness harness) => harness.Services.GetRequiredService<InstallationConnector>();

    private static VstsInstallation Installation(string url) =>
        new() { IntegrationId = "int-1", OrganizationId = OrganizationId, OrganizationUrl = url, Version = 1 };

    private sealed class FakeIntegrationStore(VstsInstallation initial) : IIntegrationStore
    {
        private readonly Lock _gate = new();

        public int SaveCalls;

        public VstsInstallation? Current { get; private set; } = initial;

        public void Replace(VstsInstallation installation)
        {
            lock (_gate)
            {
                Current = installation with { Version = Current!.Version + 1 };
            }
        }

        public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) => Task.FromResult(Current);

        public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) => Task.FromResult(Current);

        public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref SaveCalls);
            lock (_gate)
            {
                if (Current!.Version != expectedVersion)
                {
                    return Task.FromResult(false);
                }

                Current = installation with { Version = expectedVersion + 1 };
                return Task.FromResult(true);
            }
        }
    }
}
