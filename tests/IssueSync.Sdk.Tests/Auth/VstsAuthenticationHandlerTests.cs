using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Auth;

/// <summary>
/// The handler in the SDK's real pipeline: requests go through the named client with the
/// connection in <see cref="HttpRequestMessage.Options"/>, as the area clients send them.
/// </summary>
public class VstsAuthenticationHandlerTests
{
    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/", "https://dev.azure.com/fabrikam/_apis/projects")]
    [InlineData("https://dev.azure.com/fabrikam/", "https://vssps.dev.azure.com/fabrikam/_apis/graph/users")]
    [InlineData("https://dev.azure.com/fabrikam/", "https://almsearch.dev.azure.com/fabrikam/_apis/search/workitemsearchresults")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.visualstudio.com/_apis/projects")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.vssps.visualstudio.com/_apis/graph/users")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.almsearch.visualstudio.com/_apis/search/workitemsearchresults")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/", "https://tfs.contoso.com/tfs/DefaultCollection/_apis/graph/users")]
    [InlineData("http://127.0.0.1:8080/org/", "http://127.0.0.1:8080/org/_apis/projects")]
    [InlineData("https://dev.azure.com/fabrikam/", "https://dev.azure.com/Fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypes/Bug/states")]
    public async Task Personal_access_token_goes_to_the_organization_and_its_area_hosts(string organizationUrl, string requestUrl)
    {
        using var harness = new ClientTestHarness(organizationUrl);

        var sent = await SendThroughPipelineAsync(harness, requestUrl);

        Assert.Equal(ClientTestHarness.BasicAuthorization(), sent.Header("Authorization"));
    }

    [Fact]
    public async Task Basic_value_is_base64_of_an_empty_user_name_and_the_token()
    {
        using var harness = new ClientTestHarness(credential: VstsCredential.PersonalAccessToken("abc123xyz"));

        var sent = await SendThroughPipelineAsync(harness, "https://dev.azure.com/fabrikam/_apis/projects");

        // base64(":abc123xyz")
        Assert.Equal("Basic OmFiYzEyM3h5eg==", sent.Header("Authorization"));
    }

    [Theory]
    [InlineData("https://attacker.example/collect")]
    [InlineData("https://dev.azure.com.attacker.example/fabrikam/_apis/projects")]
    [InlineData("https://vssps.dev.azure.com.attacker.example/fabrikam/_apis/graph/users")]
    [InlineData("http://dev.azure.com/fabrikam/_apis/projects")]
    [InlineData("https://dev.azure.com:8443/fabrikam/_apis/projects")]
    [InlineData("https://dev.azure.com/other-org/_apis/projects")]
    [InlineData("https://dev.azure.com/fabrikam-other/_apis/projects")]
    [InlineData("https://dev.azure.com/fabrikam/../other-org/_apis/projects")]
    [InlineData("https://dev.azure.com/_apis/projects")]
    [InlineData("https://vssps.dev.azure.com/other-org/_apis/graph/users")]
    [InlineData("https://almsearch.dev.azure.com/other-org/_apis/search/workitemsearchresults")]
    public async Task Foreign_host_or_another_organization_gets_no_authorization_even_when_the_caller_set_one(string requestUrl)
    {
        using var harness = new ClientTestHarness();

        var sent = await SendThroughPipelineAsync(harness, requestUrl, callerAuthorization: "Bearer caller-token");

        Assert.Null(sent.Header("Authorization"));
    }

    [Fact]
    public async Task Request_without_a_connection_gets_no_authorization()
    {
        using var harness = new ClientTestHarness();

        var sent = await SendThroughPipelineAsync(harness, "https://dev.azure.com/fabrikam/_apis/projects", withConnection: false, callerAuthorization: "Bearer caller-token");

        Assert.Null(sent.Header("Authorization"));
    }

    private static async Task<ClientTestHarness.RecordedRequest> SendThroughPipelineAsync(
        ClientTestHarness harness, string url, bool withConnection = true, string? callerAuthorization = null)
    {
        // Uri resolves dot segments before the request leaves, so the mock expects the resolved URL.
        harness.Expect(HttpMethod.Get, new Uri(url).AbsoluteUri).Respond(HttpStatusCode.OK);
        using var http = harness.CreatePipelineClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (withConnection)
        {
            request.Options.Set(VstsRequestOptions.Connection, harness.Connection);
        }

        if (callerAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", callerAuthorization);
        }

        using var response = await http.SendAsync(request);

        harness.Mock.VerifyNoOutstandingExpectation();
        return Assert.Single(harness.Requests);
    }
}
