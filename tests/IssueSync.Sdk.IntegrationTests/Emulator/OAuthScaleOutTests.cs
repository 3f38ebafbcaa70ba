using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>
/// Several SDK instances (separate service providers) share one token store holding an expired, rotating
/// Azure DevOps OAuth set, against the emulator's token endpoint: with a shared lease store one instance
/// redeems and the others read its set; without one (or with the lease store down) the losers' <c>invalid_grant</c>
/// is answered from the token store. Every call succeeds either way.
/// </summary>
public sealed class OAuthScaleOutTests : IAsyncLifetime
{
    private const string IdentityId = "identity-1";
    private const VstsOAuthProtocol Protocol = VstsOAuthProtocol.AzureDevOpsOAuth;
    private static readonly Uri Callback = new("https://host.example/extensions/vsts/setup/");

    private readonly List<ServiceProvider> _instances = [];
    private VstsEmulator _emulator = null!;
    private EmulatedOAuthClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await VstsEmulator.StartAsync();
        _client = _emulator.OAuth.RegisterClient(Protocol, Callback);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Four_instances_with_a_shared_lease_store_redeem_an_expired_rotating_token_once_and_all_200_calls_succeed()
    {
        var tokens = ExpiredTokenStore();
        var leases = new SharedLeaseStore(new InMemorySyncLeaseStore());
        var clients = Enumerable.Range(0, 4).Select(_ => ClientOf(NewInstance(tokens, leases))).ToList();

        var failures = await CallConcurrentlyAsync(clients, callsPerInstance: 50);

        Assert.Empty(failures);
        var tokenCalls = TokenEndpointStatuses();
        Assert.Equal([200], tokenCalls); // exactly one redemption, no invalid_grant
        Assert.Equal(2, (await tokens.GetAsync(IdentityId))!.Version);
        // An instance that read the store after the winner saved needed no lease at all.
        Assert.True(leases.Acquires >= 1, "the refresh went through the shared lease store");
    }

    [Fact]
    public async Task Two_instances_with_in_process_leases_both_redeem_and_the_loser_uses_the_winners_set_from_the_store()
    {
        // Both instances read the expired set before either redeems it: the race issue #15 describes.
        var tokens = new BarrierTokenStore(ExpiredTokenStore(), readers: 2);
        var clients = Enumerable.Range(0, 2).Select(_ => ClientOf(NewInstance(tokens, leases: null))).ToList();

        var failures = await CallConcurrentlyAsync(clients, callsPerInstance: 20);

        Assert.Empty(failures);
        Assert.Equal([200, 400], TokenEndpointStatuses().Order()); // one winner, one invalid_grant
        Assert.Equal(2, (await tokens.GetAsync(IdentityId))!.Version);
    }

    [Fact]
    public async Task A_lease_store_that_is_down_falls_back_to_the_in_process_refresh_and_every_call_succeeds()
    {
        var tokens = ExpiredTokenStore();
        var leases = new SharedLeaseStore(new InMemorySyncLeaseStore()) { Failure = new InvalidOperationException("It was not possible to connect to the redis server(s).") };
        var clients = Enumerable.Range(0, 4).Select(_ => ClientOf(NewInstance(tokens, leases))).ToList();

        var failures = await CallConcurrentlyAsync(clients, callsPerInstance: 10);

        Assert.Empty(failures);
        var tokenCalls = TokenEndpointStatuses();
        Assert.Single(tokenCalls, status => status == 200);
        Assert.All(tokenCalls, status => Assert.Contains(status, new[] { 200, 400 }));
        Assert.Equal(2, (await tokens.GetAsync(IdentityId))!.Version);
    }

    /// <summary>Fills the store with an expired set (on the SDK's clock and at the emulator).</summary>
    private InMemoryTokenStore ExpiredTokenStore()
    {
        var tokens = new InMemoryTokenStore();
        var issued = _emulator.OAuth.IssueTokens(_client, _emulator.Organization.AuthenticatedUser);
        tokens.Set(IdentityId, issued.ToTokenSet() with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        _emulator.OAuth.ExpireToken(issued.AccessToken);
        return tokens;
    }

    private List<int> TokenEndpointStatuses() =>
        _emulator.Requests.Where(r => r.PathAndQuery.StartsWith("/oauth2/token", StringComparison.Ordinal)).Select(r => r.StatusCode).ToList();

    /// <summary>Every client makes its calls at once; the failures.</summary>
    private static async Task<ConcurrentBag<Exception>> CallConcurrentlyAsync(List<IVstsClient> clients, int callsPerInstance)
    {
        var failures = new ConcurrentBag<Exception>();
        using var start = new ManualResetEventSlim();
        var calls = clients.SelectMany(client => Enumerable.Range(0, callsPerInstance).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await client.Connection.GetConnectionDataAsync(default);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }))).ToList();
        start.Set();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
        return failures;
    }

    /// <summary>One host instance: its own service provider on the shared token store (and lease store, when given).</summary>
    private ServiceProvider NewInstance(ITokenStore tokens, ISyncLeaseStore? leases)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = _emulator.OrganizationUrl.AbsoluteUri;
            options.PersonalAccessToken = _emulator.PersonalAccessToken;
            options.ApplicationName = "IssueSync.Sdk.IntegrationTests";
            options.Resilience.MaxRetries = 3;
            options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(5);
            options.Resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(50);
            options.OAuth.AzureDevOpsTokenEndpoint = _emulator.OAuth.AzureDevOpsTokenEndpoint.AbsoluteUri;
            options.OAuth.ClientSecret = _client.ClientSecret;
            options.OAuth.RedirectUri = _client.RedirectUri;
        });
        builder.AddTokenStore(_ => tokens);
        if (leases is not null)
        {
            builder.AddSyncLeaseStore(_ => leases);
        }

        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        return provider;
    }

    private IVstsClient ClientOf(ServiceProvider instance) =>
        instance.GetRequiredService<IVstsClientFactory>().CreateClient(
            new VstsConnection(_emulator.OrganizationUrl, VstsCredential.OAuthIdentity(IdentityId, Protocol)));
}
