using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Auth;

/// <summary>OAuth identities through the real handler chain: refresh, single flight, rotation and failures.</summary>
public class OAuthTokenRefreshTests
{
    [Fact]
    public async Task Hundred_parallel_requests_with_an_expired_token_cause_one_refresh_and_all_succeed()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => kit.SendAsync())));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal("access-NEW", kit.Store.Stored!.AccessToken);
        Assert.Equal("refresh-NEW", kit.Store.Stored.RefreshToken);
    }

    [Fact]
    public async Task Token_expiring_within_the_skew_is_refreshed_before_use()
    {
        using var kit = new AuthTestKit();
        // Stored without IssuedAt: its lifetime is unknown, so the full skew applies (see TokenLifetimeTests).
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(4)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal(["save access-NEW", "send Bearer access-NEW"], kit.Events);
    }

    [Fact]
    public async Task Valid_token_is_used_without_a_refresh()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(30)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-OLD");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());
        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(0, kit.Mock.GetMatchCount(token));
    }

    [Fact]
    public async Task A_401_refreshes_once_saves_the_rotated_set_and_then_resends_once()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-REVOKED", "refresh-OLD", TimeSpan.FromMinutes(30)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        // The rotated set is persisted before the retried request goes out.
        Assert.Equal(["send Bearer access-REVOKED", "save access-NEW", "send Bearer access-NEW"], kit.Events);
    }

    [Fact]
    public async Task Two_401s_are_Unauthorized_without_a_third_call()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(30)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("never-accepted", AuthTestKit.ApiUrl + "/p");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal(2, kit.Harness.Requests.Count);
    }

    [Fact]
    public async Task Compare_and_set_conflict_uses_the_other_writers_set()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        kit.Store.BeforeSave = _ =>
        {
            // Another instance refreshed and saved between our read and our save.
            kit.Store.Put(kit.Tokens("access-THEIRS", "refresh-THEIRS", TimeSpan.FromHours(1)));
            return false;
        };
        kit.WhenTokenEndpoint();
        kit.WhenApi("access-THEIRS");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal("refresh-THEIRS", kit.Store.Stored!.RefreshToken);
        Assert.Contains("send Bearer access-THEIRS", kit.Events);
    }

    [Fact]
    public async Task Save_failure_keeps_the_new_set_in_memory_logs_an_error_and_retries_the_save_later()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var failing = true;
        kit.Store.BeforeSave = _ => failing ? throw new InvalidOperationException("database is down") : true;
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        var error = Assert.Single(kit.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(AuthTestKit.IdentityId, error.Message, StringComparison.Ordinal);
        Assert.Equal("refresh-OLD", kit.Store.Stored!.RefreshToken);

        // Later uses retry the save with the in-memory set; the endpoint is not asked again.
        failing = false;
        kit.Time.Advance(OAuthTokenRefresher.SaveRetryInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(2, kit.Store.SaveCalls);
        Assert.Equal("refresh-NEW", kit.Store.Stored!.RefreshToken);
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
    }

    [Fact]
    public async Task Pending_save_that_loses_to_another_writer_switches_to_their_set()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        kit.Store.BeforeSave = _ => throw new InvalidOperationException("database is down");
        var token = kit.WhenTokenEndpoint();
        kit.WhenApiAccepting(AuthTestKit.ApiUrl, "access-NEW", "access-THEIRS");
        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        // Meanwhile another instance re-authorized the identity and saved its own set.
        kit.Store.BeforeSave = null;
        kit.Store.Put(kit.Tokens("access-THEIRS", "refresh-THEIRS", TimeSpan.FromHours(1)));
        kit.Time.Advance(OAuthTokenRefresher.SaveRetryInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal("refresh-THEIRS", kit.Store.Stored!.RefreshToken);
        Assert.Equal("send Bearer access-THEIRS", kit.Events.Last());
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
    }

    [Theory]
    [InlineData("""{"error":"invalid_grant","error_description":"AADSTS70000"}""")] // Entra ID
    [InlineData("""{"Error":"invalid_grant","ErrorDescription":"The refresh token has been used."}""")] // Azure DevOps OAuth spells it so
    public async Task Invalid_grant_is_Unauthorized_asking_for_reauthorization_and_is_not_retried(string answer)
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-DEAD", TimeSpan.FromMinutes(-1)));
        var token = kit.Mock.When(HttpMethod.Post, AuthTestKit.EntraEndpoint)
            .Respond(HttpStatusCode.BadRequest, "application/json", answer);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));
        await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.Contains("re-authorized", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Empty(kit.Harness.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, VstsErrorKind.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, VstsErrorKind.Server)]
    public async Task Token_endpoint_server_errors_are_transient_kinds(HttpStatusCode status, VstsErrorKind kind)
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        kit.Mock.When(HttpMethod.Post, AuthTestKit.EntraEndpoint).Respond(status);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(kind, ex.Kind);
    }

    [Fact]
    public async Task Token_endpoint_network_failure_is_a_Network_error()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        kit.Mock.When(HttpMethod.Post, AuthTestKit.EntraEndpoint).Throw(new HttpRequestException("connection refused"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
    }

    [Fact]
    public async Task Entra_refresh_posts_exactly_the_documented_form()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var form = await CaptureTokenRequestAsync(kit, AuthTestKit.EntraEndpoint);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = AuthTestKit.ClientId,
                ["client_secret"] = AuthTestKit.ClientSecret,
                ["refresh_token"] = "refresh-OLD",
                ["scope"] = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
            },
            form);
    }

    [Fact]
    public async Task Azure_DevOps_OAuth_refresh_posts_exactly_the_documented_form()
    {
        using var kit = new AuthTestKit(_ => VstsCredential.OAuthIdentity(AuthTestKit.IdentityId, VstsOAuthProtocol.AzureDevOpsOAuth));
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var form = await CaptureTokenRequestAsync(kit, AuthTestKit.AzureDevOpsEndpoint);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = AuthTestKit.ClientSecret,
                ["grant_type"] = "refresh_token",
                ["assertion"] = "refresh-OLD",
                ["redirect_uri"] = AuthTestKit.RedirectUri,
            },
            form);
    }

    [Fact]
    public async Task Azure_DevOps_OAuth_without_a_redirect_uri_fails_naming_the_key_before_any_token_request()
    {
        using var kit = new AuthTestKit(
            _ => VstsCredential.OAuthIdentity(AuthTestKit.IdentityId, VstsOAuthProtocol.AzureDevOpsOAuth),
            configureOptions: options => options.OAuth.RedirectUri = null);
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        // What Azure DevOps answers to an empty redirect_uri.
        var token = kit.Mock.When(HttpMethod.Post, AuthTestKit.AzureDevOpsEndpoint)
            .Respond(HttpStatusCode.BadRequest, "application/json", """{"error":"invalid_request"}""");

        var first = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));
        var second = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        foreach (var ex in new[] { first, second })
        {
            Assert.Contains("IssueSync:Vsts:OAuth:RedirectUri", ex.Message, StringComparison.Ordinal);
            // A setting to fix, not an installation to re-authorize: the refresh token is not burnt.
            Assert.DoesNotContain("re-authorized", ex.Message, StringComparison.Ordinal);
            Assert.Equal(OAuthTokenRefresher.Operation, ex.Operation);
        }

        Assert.Equal(0, kit.Mock.GetMatchCount(token));
        Assert.Empty(kit.Harness.Requests);
        Assert.Equal("refresh-OLD", kit.Store.Stored!.RefreshToken);
    }

    [Fact]
    public async Task Entra_ID_refresh_needs_no_redirect_uri()
    {
        using var kit = new AuthTestKit(configureOptions: options => options.OAuth.RedirectUri = null);
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var token = kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(1, kit.Mock.GetMatchCount(token));
    }

    [Fact]
    public async Task Bearer_token_never_goes_to_a_foreign_host()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(30)));
        kit.Mock.When(HttpMethod.Get, "https://attacker.example/collect").Respond(HttpStatusCode.OK);

        await kit.SendAsync("https://attacker.example/collect");

        var sent = Assert.Single(kit.Harness.Requests);
        Assert.Null(sent.Header("Authorization"));
    }

    [Fact]
    public async Task Missing_token_store_fails_clearly()
    {
        using var kit = new AuthTestKit(withTokenStore: false, withOAuthSettings: false);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Contains("ITokenStore", ex.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Harness.Requests);
    }

    [Fact]
    public async Task Cancelled_waiter_does_not_cancel_the_refresh_for_the_others()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = kit.Mock.When(HttpMethod.Post, AuthTestKit.EntraEndpoint).Respond(async _ =>
        {
            await release.Task;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"access_token":"access-NEW","expires_in":3600,"refresh_token":"refresh-NEW"}""", System.Text.Encoding.UTF8, "application/json"),
            };
        });
        kit.WhenApi("access-NEW");
        using var cancel = new CancellationTokenSource();

        var cancelled = kit.SendAsync(cancellationToken: cancel.Token);
        var other = kit.SendAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, await other);
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_logs_at_trace_level()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        kit.Store.BeforeSave = _ => throw new InvalidOperationException("store unavailable");
        kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");
        await kit.SendAsync();

        var logs = kit.Logs.GetSnapshot();

        Assert.NotEmpty(logs);
        foreach (var record in logs)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []);
            foreach (var secret in new[] { "access-OLD", "refresh-OLD", "access-NEW", "refresh-NEW", AuthTestKit.ClientSecret })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{record.Category} {record.Id}: {string.Join(" | ", record.StructuredState?.Select(p => p.Key + "=" + p.Value) ?? [])}");
            }
        }
    }

    private static async Task<Dictionary<string, string>> CaptureTokenRequestAsync(AuthTestKit kit, string endpoint)
    {
        Dictionary<string, string>? form = null;
        string? contentType = null;
        kit.Mock.Expect(HttpMethod.Post, endpoint).Respond(async request =>
        {
            contentType = request.Content!.Headers.ContentType!.MediaType;
            var body = await request.Content.ReadAsStringAsync();
            form = body.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            Assert.Null(request.Headers.Authorization);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"access_token":"access-NEW","expires_in":3600,"refresh_token":"refresh-NEW"}""", System.Text.Encoding.UTF8, "application/json"),
            };
        });
        kit.WhenApi("access-NEW");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        kit.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal("application/x-www-form-urlencoded", contentType);
        return form!;
    }
}
