using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public class VstsAccountClientTests
{
    private const string OrganizationId = "5f6b2e1c-0000-4000-8000-000000000001";
    private const string ByIdUrl = "https://app.vssps.visualstudio.com/_apis/resourceAreas/79134c72-4a58-4b42-976c-04e7115f32bf?hostId=" + OrganizationId + "&api-version=5.0-preview.1";
    private const string ByNameUrl = "https://app.vssps.visualstudio.com/_apis/resourceAreas/79134c72-4a58-4b42-976c-04e7115f32bf?accountName=fabrikam&api-version=5.0-preview.1";

    [Fact]
    public async Task Resolves_the_organization_url_from_its_id_anonymously()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, """{"id":"79134c72-4a58-4b42-976c-04e7115f32bf","name":"Core","locationUrl":"https://dev.azure.com/fabrikam"}""");

        var url = await AccountClient(harness).GetOrganizationUrlByIdAsync(OrganizationId);

        Assert.Equal(new Uri("https://dev.azure.com/fabrikam/"), url);
        var sent = Assert.Single(harness.Requests);
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal(ClientTestHarness.Accept("5.0-preview.1"), sent.Header("Accept"));
        Assert.Equal("Suppress", sent.Header("X-TFS-FedAuthRedirect"));
    }

    [Fact]
    public async Task Resolves_the_organization_url_from_its_name()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ByNameUrl, """{"locationUrl":"https://fabrikam.visualstudio.com/"}""");

        var url = await AccountClient(harness).GetOrganizationUrlByNameAsync("fabrikam");

        Assert.Equal(new Uri("https://fabrikam.visualstudio.com/"), url);
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData(nameof(VstsResourceArea.Graph), "4e40f190-2e3f-4d9f-8331-c7788e833080", "https://vssps.dev.azure.com/fabrikam/")]
    [InlineData(nameof(VstsResourceArea.Search), "ea48a0a1-269c-42d8-b8ad-ddc8fcdcf578", "https://almsearch.dev.azure.com/fabrikam/")]
    [InlineData(nameof(VstsResourceArea.WorkItemTracking), "5264459e-e5e0-4bd8-b118-0985e68a4ec5", "https://dev.azure.com/fabrikam/")]
    [InlineData(nameof(VstsResourceArea.Core), "79134c72-4a58-4b42-976c-04e7115f32bf", "https://dev.azure.com/fabrikam/")]
    public async Task Resolves_an_area_host_through_the_organizations_resource_areas(string name, string areaId, string location)
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, $"https://dev.azure.com/fabrikam/_apis/resourceAreas/{areaId}?api-version=5.0-preview.1", $$"""{"id":"{{areaId}}","locationUrl":"{{location}}"}""");
        var area = name switch
        {
            nameof(VstsResourceArea.Graph) => VstsResourceArea.Graph,
            nameof(VstsResourceArea.Search) => VstsResourceArea.Search,
            nameof(VstsResourceArea.WorkItemTracking) => VstsResourceArea.WorkItemTracking,
            _ => VstsResourceArea.Core,
        };

        var url = await AccountClient(harness).GetAreaUrlAsync(new Uri("https://dev.azure.com/fabrikam"), area);

        Assert.Equal(new Uri(location), url);
        Assert.Equal(areaId, area.Value);
        // Anonymous even though the URL is the organization's own host: no connection is attached.
        Assert.Null(Assert.Single(harness.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Resolves_an_area_the_sdk_does_not_name_by_its_id()
    {
        const string releaseArea = "efc2f575-36ef-48e9-b672-0c6fb4a48ac5";
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, $"https://dev.azure.com/fabrikam/_apis/resourceAreas/{releaseArea}?api-version=5.0-preview.1", """{"locationUrl":"https://vsrm.dev.azure.com/fabrikam/"}""");

        var url = await AccountClient(harness).GetAreaUrlAsync(new Uri("https://dev.azure.com/fabrikam"), new VstsResourceArea(releaseArea));

        Assert.Equal(new Uri("https://vsrm.dev.azure.com/fabrikam/"), url);
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task An_area_without_an_id_is_refused_before_any_request()
    {
        using var harness = new ClientTestHarness();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => AccountClient(harness).GetAreaUrlAsync(new Uri("https://dev.azure.com/fabrikam"), default(VstsResourceArea)));

        Assert.Equal("area", ex.ParamName);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task Non_200_answer_is_a_typed_error()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Get, ByIdUrl).Respond(HttpStatusCode.NotFound);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => AccountClient(harness).GetOrganizationUrlByIdAsync(OrganizationId));

        Assert.Equal(VstsErrorKind.NotFound, ex.Kind);
        Assert.Equal("ResourceAreas.Get", ex.Operation);
    }

    [Theory]
    [InlineData("""{"id":"79134c72-4a58-4b42-976c-04e7115f32bf"}""")]
    [InlineData("""{"locationUrl":null}""")]
    [InlineData("""{"locationUrl":"ftp://dev.azure.com/fabrikam/"}""")]
    public async Task Answer_without_a_usable_locationUrl_is_InvalidResponse(string body)
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ByIdUrl, body);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => AccountClient(harness).GetOrganizationUrlByIdAsync(OrganizationId));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("locationUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_the_accounts_of_the_profile_with_the_bearer_sent_to_app_vssps_only()
    {
        using var kit = new AuthTestKit(time => VstsCredential.AppIdentity(new CountingTokenCredential(time, TimeSpan.FromHours(1))));
        kit.Harness.ExpectJson(HttpMethod.Get, "https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1", """{"id":"user-42","publicAlias":"user-42"}""");
        kit.Harness.ExpectJson(
            HttpMethod.Get,
            "https://app.vssps.visualstudio.com/_apis/accounts?memberId=user-42&api-version=7.1",
            """{"count":2,"value":[{"accountId":"org-1","accountName":"fabrikam","accountUri":"https://fabrikam.vssps.visualstudio.com/"},{"accountId":"org-2","accountName":"contoso"}]}""");

        var accounts = await AccountClient(kit.Harness).GetAccountsAsync(kit.Harness.Connection.Credential);

        Assert.Equal(["org-1", "org-2"], accounts.Select(a => a.AccountId));
        Assert.Equal(["fabrikam", "contoso"], accounts.Select(a => a.AccountName));
        Assert.All(kit.Harness.Requests, r => Assert.Equal("Bearer app-token-1", r.Header("Authorization")));
        kit.Mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("https://app.vssps.visualstudio.com.attacker.example/_apis/accounts")]
    [InlineData("https://attacker.example/_apis/accounts")]
    [InlineData("http://app.vssps.visualstudio.com/_apis/accounts")]
    [InlineData("https://dev.azure.com/fabrikam/_apis/projects")]
    public async Task Account_credential_goes_to_no_other_host(string url)
    {
        var credential = VstsCredential.PersonalAccessToken("account-pat");
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Get, url).Respond(HttpStatusCode.OK);
        using var http = harness.CreatePipelineClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(VstsAuthenticationHandler.AccountCredential, credential);

        using var response = await http.SendAsync(request);

        Assert.Null(Assert.Single(harness.Requests).Header("Authorization"));
    }

    private static IVstsAccountClient AccountClient(ClientTestHarness harness) => harness.Services.GetRequiredService<IVstsAccountClient>();
}
