using System.Net;
using IssueSync.Sdk.Auth;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Auth;

/// <summary>
/// The refresh margin (<c>TokenRefreshSkew</c>, default 5 minutes) is capped at half a token's
/// lifetime: a token that lives no longer than the margin is not refreshed before every call.
/// </summary>
public class TokenLifetimeTests
{
    private static readonly TimeSpan JustBeforeHalfLife = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(29);
    private static readonly TimeSpan PastHalfLife = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_refreshed_five_minute_token_is_used_for_half_its_lifetime_then_refreshed()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var issued = 0;
        var token = kit.Mock.When(HttpMethod.Post, AuthTestKit.EntraEndpoint).Respond(_ => FiveMinuteTokens(Interlocked.Increment(ref issued)));
        kit.Mock.When(HttpMethod.Get, AuthTestKit.ApiUrl).Respond(HttpStatusCode.OK);

        await kit.SendAsync();
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        // The saved set says when it was issued, so another instance reading it caps its margin too.
        Assert.Equal(kit.Time.GetUtcNow(), kit.Store.Stored!.IssuedAt);
        Assert.Equal(kit.Time.GetUtcNow() + TimeSpan.FromMinutes(5), kit.Store.Stored.ExpiresAt);

        kit.Time.Advance(JustBeforeHalfLife);
        await kit.SendAsync();
        await kit.SendAsync();
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal("Bearer access-1", kit.Harness.Requests[^1].Header("Authorization"));

        kit.Time.Advance(PastHalfLife);
        await kit.SendAsync();
        Assert.Equal(2, kit.Mock.GetMatchCount(token));
        Assert.Equal("Bearer access-2", kit.Harness.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task A_stored_five_minute_set_that_says_when_it_was_issued_is_used_for_half_its_lifetime()
    {
        using var kit = new AuthTestKit();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(5)) with { IssuedAt = kit.Time.GetUtcNow() });
        var token = kit.WhenTokenEndpoint();
        kit.WhenApiAccepting(AuthTestKit.ApiUrl, "access-OLD", "access-NEW");

        await kit.SendAsync();
        kit.Time.Advance(JustBeforeHalfLife);
        await kit.SendAsync();
        Assert.Equal(0, kit.Mock.GetMatchCount(token));
        Assert.Equal(["send Bearer access-OLD", "send Bearer access-OLD"], kit.Events);

        kit.Time.Advance(PastHalfLife);
        await kit.SendAsync();
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal(["save access-NEW", "send Bearer access-NEW"], kit.Events.Skip(2));
    }

    [Fact]
    public async Task A_five_minute_app_identity_token_is_used_for_half_its_lifetime_then_renewed()
    {
        CountingTokenCredential? source = null;
        using var kit = new AuthTestKit(time => VstsCredential.AppIdentity(source = new CountingTokenCredential(time, TimeSpan.FromMinutes(5))));
        kit.Mock.When(HttpMethod.Get, AuthTestKit.ApiUrl).Respond(HttpStatusCode.OK);

        await kit.SendAsync();
        kit.Time.Advance(JustBeforeHalfLife);
        await kit.SendAsync();
        Assert.Equal(1, source!.Calls);
        Assert.Equal("Bearer app-token-1", kit.Harness.Requests[^1].Header("Authorization"));

        kit.Time.Advance(PastHalfLife);
        await kit.SendAsync();
        Assert.Equal(2, source.Calls);
        Assert.Equal("Bearer app-token-2", kit.Harness.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task A_long_lived_token_keeps_the_configured_margin()
    {
        using var kit = new AuthTestKit(configureOptions: options => options.TokenRefreshSkew = TimeSpan.FromMinutes(10));
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var token = kit.WhenTokenEndpoint();
        kit.Mock.When(HttpMethod.Get, AuthTestKit.ApiUrl).Respond(HttpStatusCode.OK);

        // The token endpoint's tokens live an hour: refreshed 10 minutes before expiry, not at the half-life.
        await kit.SendAsync();
        kit.Time.Advance(TimeSpan.FromMinutes(49));
        await kit.SendAsync();
        Assert.Equal(1, kit.Mock.GetMatchCount(token));

        kit.Time.Advance(TimeSpan.FromMinutes(2));
        await kit.SendAsync();
        Assert.Equal(2, kit.Mock.GetMatchCount(token));
    }

    /// <summary>A rotated set that lives five minutes, numbered so each refresh is told apart.</summary>
    private static HttpResponseMessage FiveMinuteTokens(int n) => new(HttpStatusCode.OK)
    {
        Content = new StringContent($$"""{"access_token":"access-{{n}}","token_type":"Bearer","expires_in":300,"refresh_token":"refresh-{{n}}"}""", System.Text.Encoding.UTF8, "application/json"),
    };
}
