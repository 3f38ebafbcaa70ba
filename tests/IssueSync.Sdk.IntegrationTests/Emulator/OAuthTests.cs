using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>The emulator's OAuth token endpoints (Entra ID v2 and Azure DevOps OAuth) and bearer authentication, over raw HTTP and through the SDK.</summary>
public sealed class OAuthTests : IDisposable
{
    private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static readonly Uri Callback = new("https://host.example/extensions/vsts/setup/");

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Entra_code_redemption_answers_the_v2_fields_and_the_access_token_authenticates_as_the_user()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var ada = emulator.Organization.FindUser("ada@example.com")!;
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var code = emulator.OAuth.IssueAuthorizationCode(client, ada);

        var (status, body) = await PostAsync(emulator.OAuth.GetEntraTokenEndpoint("common"), EntraCode(client, code));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int)body["expires_in"]!);
        Assert.Equal(3600, (int)body["ext_expires_in"]!);
        Assert.Equal("499b84ac-1321-427f-aa17-267ca6975798/.default", (string?)body["scope"]);
        Assert.False(string.IsNullOrEmpty((string?)body["refresh_token"]));
        var access = (string)body["access_token"]!;
        var (apiStatus, data) = await GetAsync(emulator, "_apis/connectionData?api-version=7.1-preview.1", access);
        Assert.Equal(HttpStatusCode.OK, apiStatus);
        Assert.Equal(ada.Id, (string?)data!["authenticatedUser"]!["id"]);
        Assert.Equal("/common/oauth2/v2.0/token", emulator.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task An_Entra_code_is_redeemed_once_and_only_with_its_redirect_uri()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var code = emulator.OAuth.IssueAuthorizationCode(client, emulator.Organization.AuthenticatedUser);
        var other = emulator.OAuth.IssueAuthorizationCode(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint();

        var (first, _) = await PostAsync(endpoint, EntraCode(client, code));
        var (again, againBody) = await PostAsync(endpoint, EntraCode(client, code));
        var (wrongRedirect, wrongBody) = await PostAsync(endpoint, EntraCode(client, other, redirectUri: "https://elsewhere.example/cb"));

        Assert.Equal(HttpStatusCode.OK, first);
        AssertEntraError(again, againBody, HttpStatusCode.BadRequest, "invalid_grant", 54005);
        AssertEntraError(wrongRedirect, wrongBody, HttpStatusCode.BadRequest, "invalid_grant", 70000);
    }

    [Fact]
    public async Task An_Entra_refresh_rotates_the_refresh_token_and_the_old_one_is_invalid_grant()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var issued = emulator.OAuth.IssueTokens(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint();

        var (status, body) = await PostAsync(endpoint, EntraRefresh(client, issued.RefreshToken!));
        var rotated = (string)body["refresh_token"]!;
        var (oldStatus, oldBody) = await PostAsync(endpoint, EntraRefresh(client, issued.RefreshToken!));
        var (newStatus, _) = await PostAsync(endpoint, EntraRefresh(client, rotated));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(issued.RefreshToken, rotated);
        Assert.NotEqual(issued.AccessToken, (string?)body["access_token"]);
        AssertEntraError(oldStatus, oldBody, HttpStatusCode.BadRequest, "invalid_grant", 70000);
        Assert.Equal(HttpStatusCode.OK, newStatus);
    }

    [Fact]
    public async Task Entra_refuses_a_wrong_secret_an_unknown_client_and_a_malformed_request_with_its_error_codes()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var issued = emulator.OAuth.IssueTokens(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint();

        var wrongSecret = EntraRefresh(client, issued.RefreshToken!);
        wrongSecret["client_secret"] = "not-the-secret";
        var unknownClient = EntraRefresh(client, issued.RefreshToken!);
        unknownClient["client_id"] = Guid.NewGuid().ToString("D");
        var noGrantType = EntraRefresh(client, issued.RefreshToken!);
        noGrantType.Remove("grant_type");
        var password = EntraRefresh(client, issued.RefreshToken!);
        password["grant_type"] = "password";

        var (secretStatus, secretBody) = await PostAsync(endpoint, wrongSecret);
        var (clientStatus, clientBody) = await PostAsync(endpoint, unknownClient);
        var (missingStatus, missingBody) = await PostAsync(endpoint, noGrantType);
        var (grantStatus, grantBody) = await PostAsync(endpoint, password);
        var (stillValid, _) = await PostAsync(endpoint, EntraRefresh(client, issued.RefreshToken!));

        AssertEntraError(secretStatus, secretBody, HttpStatusCode.Unauthorized, "invalid_client", 7000215);
        AssertEntraError(clientStatus, clientBody, HttpStatusCode.BadRequest, "unauthorized_client", 700016);
        AssertEntraError(missingStatus, missingBody, HttpStatusCode.BadRequest, "invalid_request", 900144);
        Assert.Contains("'grant_type'", (string?)missingBody["error_description"], StringComparison.Ordinal);
        AssertEntraError(grantStatus, grantBody, HttpStatusCode.BadRequest, "unsupported_grant_type", 70003);
        Assert.Equal(HttpStatusCode.OK, stillValid); // refused requests rotate nothing
        Assert.DoesNotContain(issued.RefreshToken!, secretBody.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(client.ClientSecret, secretBody.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_client_credentials_issue_an_app_token_without_refresh_token_that_acts_as_the_service_principal()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var principal = emulator.Organization.AddUser("IssueSync App", "issuesync-app@example.com");
        var app = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback, principal);
        var stranger = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint("11111111-2222-3333-4444-555555555555");

        var (status, body) = await PostAsync(endpoint, ClientCredentials(app));
        var (_, strangerBody) = await PostAsync(endpoint, ClientCredentials(stranger));
        var noScope = ClientCredentials(app);
        noScope.Remove("scope");
        var (noScopeStatus, noScopeBody) = await PostAsync(endpoint, noScope);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body["refresh_token"]);
        Assert.Equal(AppIdentityCredential.AzureDevOpsScope, (string?)body["scope"]);
        var (apiStatus, data) = await GetAsync(emulator, "_apis/connectionData?api-version=7.1-preview.1", (string)body["access_token"]!);
        Assert.Equal((HttpStatusCode.OK, principal.Id), (apiStatus, (string?)data!["authenticatedUser"]!["id"]));
        // A principal never added to the organization gets a token, which Azure DevOps then refuses.
        var (strangerApi, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", (string)strangerBody["access_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, strangerApi);
        AssertEntraError(noScopeStatus, noScopeBody, HttpStatusCode.BadRequest, "invalid_request", 900144);
    }

    [Fact]
    public async Task Azure_DevOps_OAuth_exchanges_a_code_with_the_jwt_bearer_form_and_rotates_refresh_tokens()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var grace = emulator.Organization.FindUser("grace@example.com")!;
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.AzureDevOpsOAuth, Callback);
        var code = emulator.OAuth.IssueAuthorizationCode(client, grace, "vso.work_write vso.hooks_write");
        var endpoint = emulator.OAuth.AzureDevOpsTokenEndpoint;

        var (status, body) = await PostAsync(endpoint, AzureDevOpsForm(client, JwtBearerGrant, code));
        var refresh = (string)body["refresh_token"]!;
        var (refreshStatus, refreshed) = await PostAsync(endpoint, AzureDevOpsForm(client, "refresh_token", refresh));
        var (oldStatus, oldBody) = await PostAsync(endpoint, AzureDevOpsForm(client, "refresh_token", refresh));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Uri(emulator.BaseUrl, "oauth2/token"), endpoint);
        Assert.Equal("jwt-bearer", (string?)body["token_type"]);
        Assert.Equal("3600", (string?)body["expires_in"]); // a string, as Azure DevOps OAuth sends it
        Assert.Equal("vso.work_write vso.hooks_write", (string?)body["scope"]);
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
        Assert.NotEqual(refresh, (string?)refreshed["refresh_token"]);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (oldStatus, (string?)oldBody["Error"]));
        Assert.False(string.IsNullOrEmpty((string?)oldBody["ErrorDescription"]));
        var (apiStatus, data) = await GetAsync(emulator, "_apis/connectionData?api-version=7.1-preview.1", (string)refreshed["access_token"]!);
        Assert.Equal((HttpStatusCode.OK, grace.Id), (apiStatus, (string?)data!["authenticatedUser"]!["id"]));
    }

    [Fact]
    public async Task Azure_DevOps_OAuth_refuses_a_wrong_assertion_a_wrong_redirect_and_a_missing_field()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.AzureDevOpsOAuth, Callback);
        var entraApp = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var issued = emulator.OAuth.IssueTokens(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.AzureDevOpsTokenEndpoint;

        var wrongSecret = AzureDevOpsForm(client, "refresh_token", issued.RefreshToken!);
        wrongSecret["client_assertion"] = entraApp.ClientSecret; // an Entra ID app's secret is no Azure DevOps assertion
        var wrongRedirect = AzureDevOpsForm(client, "refresh_token", issued.RefreshToken!);
        wrongRedirect["redirect_uri"] = "https://elsewhere.example/cb";
        var noRedirect = AzureDevOpsForm(client, "refresh_token", issued.RefreshToken!);
        noRedirect.Remove("redirect_uri");

        var (secretStatus, secretBody) = await PostAsync(endpoint, wrongSecret);
        var (redirectStatus, redirectBody) = await PostAsync(endpoint, wrongRedirect);
        var (missingStatus, missingBody) = await PostAsync(endpoint, noRedirect);
        var (okStatus, _) = await PostAsync(endpoint, AzureDevOpsForm(client, "refresh_token", issued.RefreshToken!));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (secretStatus, (string?)secretBody["Error"]));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (redirectStatus, (string?)redirectBody["Error"]));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (missingStatus, (string?)missingBody["Error"]));
        Assert.Equal(HttpStatusCode.OK, okStatus);
    }

    [Fact]
    public async Task Access_tokens_expire_on_the_emulator_clock_and_an_expired_one_gets_401_or_the_sign_in_page()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = clock, OAuthAccessTokenLifetime = TimeSpan.FromMinutes(5) });
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var code = emulator.OAuth.IssueAuthorizationCode(client, emulator.Organization.AuthenticatedUser);
        var (_, body) = await PostAsync(emulator.OAuth.GetEntraTokenEndpoint(), EntraCode(client, code));
        var access = (string)body["access_token"]!;

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var (beforeExpiry, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", access);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var suppressed = Request(emulator, "_apis/projects?api-version=7.1", access);
        suppressed.Headers.Add("X-TFS-FedAuthRedirect", "Suppress");
        using var refused = await _http.SendAsync(suppressed);
        using var signIn = await _http.SendAsync(Request(emulator, "_apis/projects?api-version=7.1", access));

        Assert.Equal(300, (int)body["expires_in"]!);
        Assert.Equal(HttpStatusCode.OK, beforeExpiry);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("TF400813", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, signIn.StatusCode);
        Assert.Equal("text/html", signIn.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(emulator.Requests, r => r.PathAndQuery.Contains(access, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Codes_and_refresh_tokens_expire_on_the_emulator_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions
        {
            TimeProvider = clock,
            OAuthAuthorizationCodeLifetime = TimeSpan.FromMinutes(10),
            OAuthRefreshTokenLifetime = TimeSpan.FromDays(1),
        });
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var code = emulator.OAuth.IssueAuthorizationCode(client, emulator.Organization.AuthenticatedUser);
        var issued = emulator.OAuth.IssueTokens(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint();

        clock.Advance(TimeSpan.FromMinutes(10));
        var (codeStatus, codeBody) = await PostAsync(endpoint, EntraCode(client, code));
        clock.Advance(TimeSpan.FromDays(1));
        var (refreshStatus, refreshBody) = await PostAsync(endpoint, EntraRefresh(client, issued.RefreshToken!));

        AssertEntraError(codeStatus, codeBody, HttpStatusCode.BadRequest, "invalid_grant", 70008);
        AssertEntraError(refreshStatus, refreshBody, HttpStatusCode.BadRequest, "invalid_grant", 70008);
    }

    [Fact]
    public async Task Lifetimes_that_cannot_be_an_expires_in_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VstsEmulator.StartAsync(new VstsEmulatorOptions { OAuthAccessTokenLifetime = TimeSpan.FromMilliseconds(500) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VstsEmulator.StartAsync(new VstsEmulatorOptions { OAuthRefreshTokenLifetime = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VstsEmulator.StartAsync(new VstsEmulatorOptions { OAuthAuthorizationCodeLifetime = -TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public async Task Revoked_and_expired_tokens_are_refused_and_a_user_can_withdraw_every_authorization()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var ada = emulator.Organization.FindUser("ada@example.com")!;
        var client = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var first = emulator.OAuth.IssueTokens(client, ada);
        var second = emulator.OAuth.IssueTokens(client, ada);
        var third = emulator.OAuth.IssueTokens(client, emulator.Organization.AuthenticatedUser);
        var endpoint = emulator.OAuth.GetEntraTokenEndpoint();

        Assert.True(emulator.OAuth.RevokeToken(first.AccessToken));
        Assert.True(emulator.OAuth.ExpireToken(third.AccessToken));
        Assert.False(emulator.OAuth.RevokeToken("never-issued"));
        var (revokedApi, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", first.AccessToken);
        var (expiredApi, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", third.AccessToken);
        var (secondApi, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", second.AccessToken);
        var withdrawn = emulator.OAuth.RevokeTokens(ada);
        var (afterApi, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", second.AccessToken);
        var (refreshStatus, refreshBody) = await PostAsync(endpoint, EntraRefresh(client, second.RefreshToken!));
        var (refreshToken, _) = await GetAsync(emulator, "_apis/projects?api-version=7.1", third.RefreshToken!);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (revokedApi, expiredApi, secondApi));
        Assert.Equal(3, withdrawn); // first's refresh token, second's access and refresh tokens
        Assert.Equal(HttpStatusCode.Unauthorized, afterApi);
        AssertEntraError(refreshStatus, refreshBody, HttpStatusCode.BadRequest, "invalid_grant", 70000);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshToken); // a refresh token is no access token
    }

    [Theory]
    [InlineData(VstsOAuthProtocol.EntraId)]
    [InlineData(VstsOAuthProtocol.AzureDevOpsOAuth)]
    public async Task The_SDK_refreshes_an_expired_token_against_the_emulator_saves_the_rotated_set_and_calls_the_API(VstsOAuthProtocol protocol)
    {
        var tokens = new InMemoryTokenStore();
        EmulatedOAuthClient? client = null;
        await using var harness = await SdkHarness.StartAsync(
            configureBuilder: b => b.AddTokenStore(_ => tokens),
            configureOptions: (o, emulator) => UseEmulatorOAuth(o.OAuth, emulator, protocol, client));
        client = harness.Emulator.OAuth.RegisterClient(protocol, Callback);
        var ada = harness.Organization.FindUser("ada@example.com")!;
        var issued = harness.Emulator.OAuth.IssueTokens(client, ada);
        // The stored set has expired: the SDK must refresh before its first call.
        tokens.Set("identity-1", issued.ToTokenSet() with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        harness.Emulator.OAuth.ExpireToken(issued.AccessToken);

        var api = ClientFor(harness, protocol);
        var data = await api.Connection.GetConnectionDataAsync(default);
        var saved = await tokens.GetAsync("identity-1");

        Assert.Equal(ada.Id, data.AuthenticatedUser?.Id);
        Assert.NotEqual(issued.RefreshToken, saved!.RefreshToken);
        Assert.NotEqual(issued.AccessToken, saved.AccessToken);
        Assert.Equal(2, saved.Version);
        var tokenPath = protocol == VstsOAuthProtocol.EntraId ? "/organizations/oauth2/v2.0/token" : "/oauth2/token";
        Assert.Equal(
            [("POST", tokenPath, 200), ("GET", $"/{harness.Organization.Name}/_apis/connectionData", 200)],
            harness.Emulator.Requests.Select(r => (r.Method, r.PathAndQuery, r.StatusCode)));
        // The SDK stored the rotated token: the one it redeemed is dead at the emulator.
        var (oldStatus, _) = await PostAsync(
            new Uri(harness.Emulator.BaseUrl, tokenPath.TrimStart('/')),
            protocol == VstsOAuthProtocol.EntraId ? EntraRefresh(client, issued.RefreshToken!) : AzureDevOpsForm(client, "refresh_token", issued.RefreshToken!));
        Assert.Equal(HttpStatusCode.BadRequest, oldStatus);
    }

    [Fact]
    public async Task The_SDK_refreshes_once_when_the_emulator_refuses_a_revoked_bearer_and_retries_the_call()
    {
        var tokens = new InMemoryTokenStore();
        EmulatedOAuthClient? client = null;
        await using var harness = await SdkHarness.StartAsync(
            configureBuilder: b => b.AddTokenStore(_ => tokens),
            configureOptions: (o, emulator) => UseEmulatorOAuth(o.OAuth, emulator, VstsOAuthProtocol.EntraId, client));
        client = harness.Emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var issued = harness.Emulator.OAuth.IssueTokens(client, harness.Organization.AuthenticatedUser);
        tokens.Set("identity-1", issued.ToTokenSet());
        // Fresh on the SDK's clock, refused by the emulator.
        harness.Emulator.OAuth.RevokeToken(issued.AccessToken);

        var project = await ClientFor(harness, VstsOAuthProtocol.EntraId).Projects.GetAsync("Project 1", default);

        Assert.Equal("Project 1", project.Name);
        Assert.Equal(
            [401, 200, 200],
            harness.Emulator.Requests.Select(r => r.StatusCode));
        Assert.Equal("POST", harness.Emulator.Requests[1].Method);
        Assert.NotEqual(issued.AccessToken, (await tokens.GetAsync("identity-1"))!.AccessToken);
    }

    /// <summary>Points the SDK's OAuth settings at the emulator's token endpoints and the registered app (read lazily, at the first refresh).</summary>
    private static void UseEmulatorOAuth(VstsOAuthOptions oauth, VstsEmulator emulator, VstsOAuthProtocol protocol, EmulatedOAuthClient? client)
    {
        var registered = client ?? throw new InvalidOperationException("Register the OAuth client before the SDK reads its options.");
        oauth.EntraTokenEndpoint = emulator.OAuth.GetEntraTokenEndpoint().AbsoluteUri;
        oauth.AzureDevOpsTokenEndpoint = emulator.OAuth.AzureDevOpsTokenEndpoint.AbsoluteUri;
        oauth.ClientId = protocol == VstsOAuthProtocol.EntraId ? registered.ClientId : null;
        oauth.ClientSecret = registered.ClientSecret;
        oauth.RedirectUri = registered.RedirectUri;
    }

    private static IVstsClient ClientFor(SdkHarness harness, VstsOAuthProtocol protocol) =>
        harness.Services.GetRequiredService<IVstsClientFactory>().CreateClient(
            new VstsConnection(harness.Emulator.OrganizationUrl, VstsCredential.OAuthIdentity("identity-1", protocol)));

    private static void AssertEntraError(HttpStatusCode status, JsonObject body, HttpStatusCode expectedStatus, string error, int code)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal(error, (string?)body["error"]);
        Assert.StartsWith($"AADSTS{code}:", (string?)body["error_description"], StringComparison.Ordinal);
        Assert.Equal(code, (int)body["error_codes"]![0]!);
        Assert.False(string.IsNullOrEmpty((string?)body["trace_id"]));
        Assert.False(string.IsNullOrEmpty((string?)body["correlation_id"]));
        Assert.False(string.IsNullOrEmpty((string?)body["timestamp"]));
    }

    private static Dictionary<string, string> EntraCode(EmulatedOAuthClient client, string code, string? redirectUri = null) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = client.ClientId,
        ["client_secret"] = client.ClientSecret,
        ["code"] = code,
        ["redirect_uri"] = redirectUri ?? client.RedirectUri,
        ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
    };

    private static Dictionary<string, string> EntraRefresh(EmulatedOAuthClient client, string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = client.ClientId,
        ["client_secret"] = client.ClientSecret,
        ["refresh_token"] = refreshToken,
        ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
    };

    private static Dictionary<string, string> ClientCredentials(EmulatedOAuthClient client) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = client.ClientId,
        ["client_secret"] = client.ClientSecret,
        ["scope"] = AppIdentityCredential.AzureDevOpsScope,
    };

    private static Dictionary<string, string> AzureDevOpsForm(EmulatedOAuthClient client, string grantType, string assertion) => new()
    {
        ["client_assertion_type"] = JwtBearerAssertionType,
        ["client_assertion"] = client.ClientSecret,
        ["grant_type"] = grantType,
        ["assertion"] = assertion,
        ["redirect_uri"] = client.RedirectUri,
    };

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Uri endpoint, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(endpoint, content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(VstsEmulator emulator, string relative, string bearer)
    {
        using var request = Request(emulator, relative, bearer);
        request.Headers.Add("X-TFS-FedAuthRedirect", "Suppress");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text) : null);
    }

    private static HttpRequestMessage Request(VstsEmulator emulator, string relative, string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.OrganizationUrl, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }
}
