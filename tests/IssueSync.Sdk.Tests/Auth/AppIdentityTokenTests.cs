using System.Net;
using Azure.Core;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Auth;

/// <summary>App identities (an Azure.Core TokenCredential) through the real handler chain.</summary>
public class AppIdentityTokenTests
{
    private CountingTokenCredential? _source;

    [Fact]
    public async Task Asks_for_the_Azure_DevOps_scope_and_sends_a_bearer_token()
    {
        using var kit = CreateKit();
        kit.WhenApi("app-token-1");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(["499b84ac-1321-427f-aa17-267ca6975798/.default"], _source!.LastScopes!);
        Assert.Equal("Bearer app-token-1", Assert.Single(kit.Harness.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Token_is_cached_until_it_expires_within_the_skew()
    {
        using var kit = CreateKit();
        kit.Mock.When(HttpMethod.Get, AuthTestKit.ApiUrl).Respond(HttpStatusCode.OK);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.SendAsync())));
        Assert.Equal(1, _source!.Calls);

        kit.Time.Advance(TimeSpan.FromMinutes(54));
        await kit.SendAsync();
        Assert.Equal(1, _source.Calls);

        // Now within the 5-minute skew: refreshed before use.
        kit.Time.Advance(TimeSpan.FromMinutes(2));
        await kit.SendAsync();
        Assert.Equal(2, _source.Calls);
        Assert.Equal("Bearer app-token-2", kit.Harness.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task Skew_is_configurable()
    {
        using var kit = CreateKit(options => options.TokenRefreshSkew = TimeSpan.FromMinutes(30));
        kit.Mock.When(HttpMethod.Get, AuthTestKit.ApiUrl).Respond(HttpStatusCode.OK);

        await kit.SendAsync();
        kit.Time.Advance(TimeSpan.FromMinutes(31));
        await kit.SendAsync();

        Assert.Equal(2, _source!.Calls);
    }

    [Fact]
    public async Task A_401_gets_a_new_token_once()
    {
        using var kit = CreateKit();
        kit.WhenApi("app-token-2");

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Equal(2, _source!.Calls);
        Assert.Equal(["send Bearer app-token-1", "send Bearer app-token-2"], kit.Events);
    }

    [Fact]
    public async Task Failing_token_source_is_Unauthorized()
    {
        using var kit = new AuthTestKit(_ => VstsCredential.AppIdentity(new ThrowingTokenCredential()));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.Harness.Client.Projects.GetAsync("p"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Empty(kit.Harness.Requests);
    }

    private AuthTestKit CreateKit(Action<VstsIssueSyncOptions>? configureOptions = null) =>
        new(time => VstsCredential.AppIdentity(_source = new CountingTokenCredential(time, TimeSpan.FromHours(1))), configureOptions: configureOptions);

    private sealed class ThrowingTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no managed identity endpoint");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no managed identity endpoint");
    }
}
