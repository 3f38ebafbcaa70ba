using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.IntegrationTests.Redis;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// Four instances sharing the host's token store hold one OAuth identity whose stored set has expired; the
/// emulator's token endpoint rotates refresh tokens (the one redeemed is dead after). Fifty calls start on
/// every instance at once: one instance redeems the refresh token under the distributed refresh lease and
/// saves the rotated set, the others wait for the lease and read the store.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class ScaleOutOAuthTests(RedisServerFixture redis)
{
    private const string Identity = "identity-1";
    private const int Instances = 4;
    private const int CallsPerInstance = 50;
    private static readonly Uri Callback = new("https://host.example/extensions/vsts/setup/");

    [Fact]
    public async Task Four_instances_with_fifty_calls_each_on_an_expired_rotating_token_redeem_it_once_and_every_call_succeeds()
    {
        EmulatedOAuthClient? registered = null;
        await using var cluster = await ScaleOutCluster.StartAsync(redis, Instances, configureOptions: (options, emulator) =>
        {
            var client = registered ?? throw new InvalidOperationException("Register the OAuth client before the SDK reads its options.");
            options.OAuth.EntraTokenEndpoint = emulator.OAuth.GetEntraTokenEndpoint().AbsoluteUri;
            options.OAuth.ClientId = client.ClientId;
            options.OAuth.ClientSecret = client.ClientSecret;
            options.OAuth.RedirectUri = client.RedirectUri;
        });
        registered = cluster.Emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, Callback);
        var ada = cluster.Organization.FindUser("ada@example.com")!;
        var issued = cluster.Emulator.OAuth.IssueTokens(registered, ada);
        cluster.Tokens.Set(Identity, issued.ToTokenSet() with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        cluster.Emulator.OAuth.ExpireToken(issued.AccessToken);
        var clients = cluster.Instances
            .Select(i => i.GetRequiredService<IVstsClientFactory>().CreateClient(new VstsConnection(cluster.Emulator.OrganizationUrl, VstsCredential.OAuthIdentity(Identity, VstsOAuthProtocol.EntraId))))
            .ToList();

        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, Instances * CallsPerInstance).Select(n => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                var data = await clients[n / CallsPerInstance].Connection.GetConnectionDataAsync(ScaleOutCluster.Timeout());
                return data.AuthenticatedUser?.Id == ada.Id ? null : "authenticated as someone else";
            }
            catch (Exception ex)
            {
                return ex.GetType().Name + ": " + ex.Message;
            }
        })).ToList();
        start.Set();
        var failures = (await Task.WhenAll(calls)).Where(f => f is not null).ToList();

        var tokenCalls = cluster.Emulator.Requests.Where(r => r.PathAndQuery.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)).ToList();
        var stored = await cluster.Tokens.GetAsync(Identity);
        Assert.Equal(
            (1, 0, Instances * CallsPerInstance), // token endpoint calls, invalid_grant answers, calls that succeeded
            (tokenCalls.Count, tokenCalls.Count(r => r.StatusCode == 400), (Instances * CallsPerInstance) - failures.Count));
        Assert.Empty(failures.Distinct());
        Assert.Equal(200, tokenCalls[0].StatusCode);
        Assert.Equal(2, stored!.Version);
        Assert.NotEqual(issued.RefreshToken, stored.RefreshToken);
    }
}
