using IssueSync.Sdk.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>The client of the default organization, resolved straight from the container.</summary>
public class VstsClientTests
{
    [Fact]
    public async Task Client_resolves_from_configuration_and_sends_its_token()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/_apis/connectionData")
            .WithHeaders("Authorization", ClientTestHarness.BasicAuthorization("configured-pat"))
            .Respond("application/json", VstsFixtures.ConnectionData("me"));
        using var services = BuildServices(mock, new Dictionary<string, string?>
        {
            ["IssueSync:Vsts:OrganizationUrl"] = "https://dev.azure.com/fabrikam",
            ["IssueSync:Vsts:PersonalAccessToken"] = "configured-pat",
        });

        var client = services.GetRequiredService<IVstsClient>();
        var data = await client.Connection.GetConnectionDataAsync();

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(new Uri("https://dev.azure.com/fabrikam/"), client.Target.OrganizationUrl);
        Assert.Equal("me", data.AuthenticatedUser?.Id);
        Assert.Same(client, services.GetRequiredService<IVstsClient>());
        Assert.DoesNotContain("configured-pat", client.Target.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://dev.azure.com/fabrikam", null)]
    public void Client_without_url_and_token_names_both_keys(string? organizationUrl, string? pat)
    {
        using var services = BuildServices(new MockHttpMessageHandler(), new Dictionary<string, string?>
        {
            ["IssueSync:Vsts:OrganizationUrl"] = organizationUrl,
            ["IssueSync:Vsts:PersonalAccessToken"] = pat,
        });

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IVstsClient>());

        Assert.Contains("IssueSync:Vsts:OrganizationUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IssueSync:Vsts:PersonalAccessToken", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IVstsClientFactory), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_exposes_its_connection_and_areas()
    {
        using var harness = new ClientTestHarness();

        Assert.Same(harness.Connection, harness.Client.Target);
        Assert.NotNull(harness.Client.WorkItems);
        Assert.NotNull(harness.Client.Projects);
        Assert.NotNull(harness.Client.Connection);
    }

    private static ServiceProvider BuildServices(MockHttpMessageHandler mock, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(configuration).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider();
    }
}
