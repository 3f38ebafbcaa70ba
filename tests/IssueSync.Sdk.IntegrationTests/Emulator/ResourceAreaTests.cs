using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>The emulator's Resource Areas, profile and accounts routes, over raw HTTP and through the SDK's account client and legacy-URL repair.</summary>
public sealed class ResourceAreaTests : IDisposable
{
    private const string Core = "79134c72-4a58-4b42-976c-04e7115f32bf";
    private const string Graph = "4e40f190-2e3f-4d9f-8331-c7788e833080";
    private const string Profile = "8ccfef3d-2b87-4e99-8ccb-66e343d2daa8";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Resource_areas_resolve_an_organization_by_name_or_id_anonymously()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var org = emulator.Organization;

        var (byName, byNameBody) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core}?accountName={org.Name}&api-version=5.0-preview.1");
        var (byId, byIdBody) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core.ToUpperInvariant()}?hostId={org.Id}&api-version=5.0-preview.1");
        // Sentry's production lookup misspells api-version as api-preview: Azure DevOps answers it all the same.
        var (sentryStyle, _) = await GetAsync(emulator.BaseUrl, $"_apis/resourceareas/{Core}?hostId={org.Id}&api-preview=5.0-preview.1");
        var (deployment, deploymentBody) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core}?api-version=5.0-preview.1");

        Assert.Equal(HttpStatusCode.OK, byName);
        Assert.Equal(Core, (string?)byNameBody!["id"]);
        Assert.Equal("core", (string?)byNameBody["name"]);
        Assert.Equal(emulator.OrganizationUrl.AbsoluteUri, (string?)byNameBody["locationUrl"]);
        Assert.Equal((HttpStatusCode.OK, emulator.OrganizationUrl.AbsoluteUri), (byId, (string?)byIdBody!["locationUrl"]));
        Assert.Equal(HttpStatusCode.OK, sentryStyle);
        Assert.Equal((HttpStatusCode.OK, emulator.BaseUrl.AbsoluteUri), (deployment, (string?)deploymentBody!["locationUrl"]));
    }

    [Fact]
    public async Task Resource_areas_of_an_organization_are_on_its_url_and_unknown_names_ids_and_areas_are_not_found()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var org = emulator.Organization;

        var (graph, graphBody) = await GetAsync(emulator.OrganizationUrl, $"_apis/resourceAreas/{Graph}?api-version=5.0-preview.1");
        var (profile, profileBody) = await GetAsync(emulator.OrganizationUrl, $"_apis/resourceAreas/{Profile}?api-version=5.0-preview.1");
        var (unknownName, _) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core}?accountName=fabrikam&api-version=5.0-preview.1");
        var (unknownId, _) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core}?hostId={Guid.NewGuid()}&api-version=5.0-preview.1");
        var (unknownArea, _) = await GetAsync(emulator.OrganizationUrl, $"_apis/resourceAreas/{Guid.NewGuid()}?api-version=5.0-preview.1");
        var (notPreview, notPreviewBody) = await GetAsync(emulator.BaseUrl, $"_apis/resourceAreas/{Core}?accountName={org.Name}&api-version=5.0");

        Assert.Equal((HttpStatusCode.OK, "graph", emulator.OrganizationUrl.AbsoluteUri), (graph, (string?)graphBody!["name"], (string?)graphBody["locationUrl"]));
        Assert.Equal((HttpStatusCode.OK, emulator.BaseUrl.AbsoluteUri), (profile, (string?)profileBody!["locationUrl"]));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknownName, unknownId, unknownArea));
        Assert.Equal(HttpStatusCode.BadRequest, notPreview);
        Assert.Equal("VssInvalidPreviewVersionException", (string?)notPreviewBody!["typeKey"]);
    }

    [Fact]
    public async Task The_profile_is_the_callers_and_needs_credentials()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var ada = emulator.Organization.FindUser("ada@example.com")!;
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, new Uri("https://host.example/cb"));
        var tokens = emulator.OAuth.IssueTokens(client, ada);

        var (withPat, patBody) = await GetAsync(emulator.BaseUrl, "_apis/profile/profiles/me?api-version=7.1", Pat(emulator));
        var (withBearer, bearerBody) = await GetAsync(emulator.BaseUrl, "_apis/profile/profiles/me?api-version=7.1", new AuthenticationHeaderValue("Bearer", tokens.AccessToken));
        var (anonymous, anonymousBody) = await GetAsync(emulator.BaseUrl, "_apis/profile/profiles/me?api-version=7.1");

        var owner = emulator.Organization.AuthenticatedUser;
        Assert.Equal(HttpStatusCode.OK, withPat);
        Assert.Equal((owner.Id, owner.Id, owner.DisplayName, owner.MailAddress), ((string?)patBody!["id"], (string?)patBody["publicAlias"], (string?)patBody["displayName"], (string?)patBody["emailAddress"]));
        Assert.NotNull(patBody["timeStamp"]);
        Assert.Equal((HttpStatusCode.OK, ada.Id, ada.MailAddress), (withBearer, (string?)bearerBody!["id"], (string?)bearerBody["emailAddress"]));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Contains("TF400813", (string?)anonymousBody!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_list_the_organization_for_a_member_or_its_owner_and_need_one_of_them()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var org = emulator.Organization;
        var ada = org.FindUser("ada@example.com")!;

        var (member, memberBody) = await GetAsync(emulator.BaseUrl, $"_apis/accounts?memberId={ada.Id}&api-version=7.1", Pat(emulator));
        var (owner, ownerBody) = await GetAsync(emulator.BaseUrl, $"_apis/accounts?ownerId={org.AuthenticatedUser.Id}&api-version=7.1", Pat(emulator));
        var (notOwner, notOwnerBody) = await GetAsync(emulator.BaseUrl, $"_apis/accounts?ownerId={ada.Id}&api-version=7.1", Pat(emulator));
        var (stranger, strangerBody) = await GetAsync(emulator.BaseUrl, $"_apis/accounts?memberId={Guid.NewGuid()}&api-version=7.1", Pat(emulator));
        var (neither, _) = await GetAsync(emulator.BaseUrl, "_apis/accounts?api-version=7.1", Pat(emulator));
        var (anonymous, _) = await GetAsync(emulator.BaseUrl, $"_apis/accounts?memberId={ada.Id}&api-version=7.1");

        Assert.Equal(HttpStatusCode.OK, member);
        Assert.Equal(1, (int)memberBody!["count"]!);
        var account = memberBody["value"]![0]!;
        Assert.Equal((org.Id, org.Name, org.Url.AbsoluteUri), ((string?)account["accountId"], (string?)account["accountName"], (string?)account["accountUri"]));
        Assert.IsType<JsonObject>(account["properties"]);
        Assert.Equal((HttpStatusCode.OK, 1), (owner, (int)ownerBody!["count"]!));
        Assert.Equal((HttpStatusCode.OK, 0), (notOwner, (int)notOwnerBody!["count"]!));
        Assert.Equal((HttpStatusCode.OK, 0), (stranger, (int)strangerBody!["count"]!));
        Assert.Equal(HttpStatusCode.BadRequest, neither);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
    }

    [Fact]
    public async Task The_SDK_account_client_resolves_urls_and_lists_accounts_against_the_emulator()
    {
        var tokens = new InMemoryTokenStore();
        await using var harness = await StartWithAccountsHostAsync(b => b.AddTokenStore(_ => tokens));
        var org = harness.Organization;
        var ada = org.FindUser("ada@example.com")!;
        var client = harness.Emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, new Uri("https://host.example/cb"));
        tokens.Set("identity-ada", harness.Emulator.OAuth.IssueTokens(client, ada).ToTokenSet());
        var accounts = harness.Services.GetRequiredService<IVstsAccountClient>();

        var byName = await accounts.GetOrganizationUrlByNameAsync(org.Name, default);
        var byId = await accounts.GetOrganizationUrlByIdAsync(org.Id, default);
        var graph = await accounts.GetAreaUrlAsync(harness.Emulator.OrganizationUrl, VstsResourceArea.Graph, default);
        var listed = await accounts.GetAccountsAsync(VstsCredential.OAuthIdentity("identity-ada"), default);
        var missing = await Assert.ThrowsAsync<VstsApiException>(() => accounts.GetOrganizationUrlByNameAsync("fabrikam", default));

        Assert.Equal(harness.Emulator.OrganizationUrl, byName);
        Assert.Equal(harness.Emulator.OrganizationUrl, byId);
        Assert.Equal(harness.Emulator.OrganizationUrl, graph);
        var account = Assert.Single(listed);
        Assert.Equal((org.Id, org.Name, org.Url.AbsoluteUri), (account.AccountId, account.AccountName, account.AccountUri));
        Assert.Equal(VstsErrorKind.NotFound, missing.Kind);
        Assert.Equal(
            [
                ("/_apis/resourceAreas/" + Core + "?accountName=" + org.Name + "&api-version=5.0-preview.1", 200),
                ("/_apis/resourceAreas/" + Core + "?hostId=" + org.Id + "&api-version=5.0-preview.1", 200),
                ($"/{org.Name}/_apis/resourceAreas/{Graph}?api-version=5.0-preview.1", 200),
                ("/_apis/profile/profiles/me?api-version=7.1", 200),
                ($"/_apis/accounts?memberId={ada.Id}&api-version=7.1", 200),
                ("/_apis/resourceAreas/" + Core + "?accountName=fabrikam&api-version=5.0-preview.1", 404),
            ],
            harness.Emulator.Requests.Select(r => (r.PathAndQuery, r.StatusCode)));
    }

    [Fact]
    public async Task A_legacy_organization_url_is_repaired_through_the_emulators_resource_areas_and_saved_back()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await StartWithAccountsHostAsync(b => b.AddIntegrationStore(_ => store));
        var org = harness.Organization;
        org.AddWorkItem("Project 1", "Bug", "Login times out");
        var legacy = store.Add(new VstsInstallation
        {
            IntegrationId = "integration-legacy",
            OrganizationId = org.Id,
            OrganizationName = org.Name,
            OrganizationUrl = org.Name + ".visualstudio.com", // as Sentry's oldest rows stored it
        });

        var integration = await harness.Services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(legacy, default);
        var found = await integration.SearchIssuesAsync("login", default);

        var saved = await store.FindByIntegrationIdAsync("integration-legacy");
        Assert.Equal(harness.Emulator.OrganizationUrl.AbsoluteUri, saved!.OrganizationUrl);
        Assert.True(saved.Version > legacy.Version);
        Assert.Single(found);
        var lookup = harness.Emulator.Requests[0];
        Assert.Equal(("GET", $"/_apis/resourceAreas/{Core}?hostId={org.Id}&api-version=5.0-preview.1", 200), (lookup.Method, lookup.PathAndQuery, lookup.StatusCode));
    }

    /// <summary>The SDK on the emulator, with app.vssps.visualstudio.com (a fixed address in the SDK) sent to the emulator too.</summary>
    private static async Task<SdkHarness> StartWithAccountsHostAsync(Action<IVstsIssueSyncBuilder> configure)
    {
        VstsEmulator? started = null;
        var harness = await SdkHarness.StartAsync(configureBuilder: b =>
        {
            configure(b);
            b.HttpClientBuilder.AddHttpMessageHandler(() => started!.CreateAccountsHostHandler());
        });
        started = harness.Emulator; // the handler is created at the first request, after this
        return harness;
    }

    private static AuthenticationHeaderValue Pat(VstsEmulator emulator) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(":" + emulator.PersonalAccessToken)));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(Uri baseUrl, string relative, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, relative));
        request.Headers.Authorization = authorization;
        request.Headers.Add("X-TFS-FedAuthRedirect", "Suppress");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
