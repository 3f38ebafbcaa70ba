using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Client;

public class VstsClientFactoryTests
{
    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/", "https://vssps.dev.azure.com/fabrikam/", "https://almsearch.dev.azure.com/fabrikam/")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.vssps.visualstudio.com/", "https://fabrikam.almsearch.visualstudio.com/")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/", "https://tfs.contoso.com/tfs/DefaultCollection/", "https://tfs.contoso.com/tfs/DefaultCollection/")]
    [InlineData("http://127.0.0.1:8080/org/", "http://127.0.0.1:8080/org/", "http://127.0.0.1:8080/org/")]
    public async Task Every_organization_url_form_is_called_at_its_own_base(string organizationUrl, string graphUrl, string searchUrl)
    {
        using var harness = new ClientTestHarness(organizationUrl);
        harness.ExpectJson(HttpMethod.Get, organizationUrl + "_apis/wit/workitems/7", VstsFixtures.WorkItem(7));
        harness.ExpectJson(HttpMethod.Get, organizationUrl + "_apis/projects?stateFilter=wellFormed", VstsFixtures.ProjectPage(0, 1));
        harness.ExpectJson(HttpMethod.Get, organizationUrl + "_apis/connectionData", VstsFixtures.ConnectionData("me"));

        await harness.Client.WorkItems.GetAsync(7);
        await harness.Client.Projects.ListAsync().ToListAsync();
        await harness.Client.Connection.GetConnectionDataAsync();

        harness.Mock.VerifyNoOutstandingExpectation();
        harness.AssertSent(0, HttpMethod.Get, organizationUrl + "_apis/wit/workitems/7");
        harness.AssertSent(1, HttpMethod.Get, organizationUrl + "_apis/projects?stateFilter=wellFormed");
        harness.AssertSent(2, HttpMethod.Get, organizationUrl + "_apis/connectionData", apiVersion: "7.1-preview.1");
        Assert.Equal(new Uri(organizationUrl), harness.Client.Target.OrganizationUrl);
        Assert.Equal(new Uri(graphUrl), harness.Client.Target.GraphUrl);
        Assert.Equal(new Uri(searchUrl), harness.Client.Target.SearchUrl);
    }

    [Fact]
    public async Task Organization_url_without_a_trailing_slash_keeps_its_last_segment()
    {
        using var harness = new ClientTestHarness("https://tfs.contoso.com/tfs/DefaultCollection");
        const string url = "https://tfs.contoso.com/tfs/DefaultCollection/_apis/wit/workitems/7";
        harness.ExpectJson(HttpMethod.Get, url, VstsFixtures.WorkItem(7));

        await harness.Client.WorkItems.GetAsync(7);

        harness.AssertSingleSent(HttpMethod.Get, url);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_is_rejected_by_the_connection()
    {
        var ex = Assert.Throws<ArgumentException>(() => new VstsConnection(new Uri("http://example.com/"), VstsCredential.PersonalAccessToken("pat")));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_agent_names_the_sdk_first_when_no_application_name_is_set()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ClientTestHarness.OrganizationUrl + "_apis/connectionData", VstsFixtures.ConnectionData("me"));

        await harness.Client.Connection.GetConnectionDataAsync();

        var userAgent = Assert.Single(harness.Requests).Header("User-Agent");
        Assert.Matches(@"^IssueSync\.Sdk/\d+\.\d+\.\d+\S* \(", userAgent);
    }

    [Fact]
    public async Task User_agent_carries_the_application_name_when_configured()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.ApplicationName = "Contoso.Tracker");
        harness.ExpectJson(HttpMethod.Get, ClientTestHarness.OrganizationUrl + "_apis/connectionData", VstsFixtures.ConnectionData("me"));

        await harness.Client.Connection.GetConnectionDataAsync();

        var userAgent = Assert.Single(harness.Requests).Header("User-Agent");
        Assert.StartsWith("Contoso.Tracker IssueSync.Sdk/", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_of_several_organizations_share_the_pipeline_and_keep_their_own_credentials()
    {
        using var harness = new ClientTestHarness();
        var factory = harness.Services.GetRequiredService<IVstsClientFactory>();
        var other = factory.CreateClient(new VstsConnection(new Uri("https://dev.azure.com/contoso/"), VstsCredential.PersonalAccessToken("other-pat")));
        harness.ExpectJson(HttpMethod.Get, "https://dev.azure.com/fabrikam/_apis/wit/workitems/1", VstsFixtures.WorkItem(1));
        harness.ExpectJson(HttpMethod.Get, "https://dev.azure.com/contoso/_apis/wit/workitems/2", VstsFixtures.WorkItem(2));

        await harness.Client.WorkItems.GetAsync(1);
        await other.WorkItems.GetAsync(2);

        harness.Mock.VerifyNoOutstandingExpectation();
        harness.AssertSent(0, HttpMethod.Get, "https://dev.azure.com/fabrikam/_apis/wit/workitems/1");
        harness.AssertSent(1, HttpMethod.Get, "https://dev.azure.com/contoso/_apis/wit/workitems/2", pat: "other-pat");
        Assert.Same(other.Target, harness.Requests[1].Connection);
    }

    [Fact]
    public void Null_connection_is_rejected()
    {
        using var harness = new ClientTestHarness();
        var factory = harness.Services.GetRequiredService<IVstsClientFactory>();

        Assert.Throws<ArgumentNullException>(() => factory.CreateClient(null!));
    }
}
