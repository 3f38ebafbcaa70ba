using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>What every <see cref="ISyncLeaseStore"/> must do (the port's contract), run against each implementation.</summary>
public abstract class SyncLeaseStoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    protected abstract ISyncLeaseStore CreateStore();

    [Fact]
    public async Task Of_50_concurrent_acquirers_exactly_one_holds_the_lease()
    {
        var store = CreateStore();
        var before = DateTimeOffset.UtcNow;

        var leases = await Overlapping.RunAsync(50, _ => store.TryAcquireAsync("workitem:org:7", Long));

        var lease = Assert.Single(leases, l => l is not null)!;
        Assert.Equal("workitem:org:7", lease.Resource);
        Assert.InRange(lease.ExpiresAt, before + Long, DateTimeOffset.UtcNow + Long);
        Assert.NotNull(await store.TryAcquireAsync("workitem:org:8", Long));
        Assert.NotNull(await store.TryAcquireAsync("workitem:ORG:7", Long));
    }

    [Fact]
    public async Task Every_acquisition_of_a_resource_gets_a_greater_fencing_token()
    {
        var store = CreateStore();
        var tokens = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var lease = (await store.TryAcquireAsync("refresh:identity-1", Long))!;
            tokens.Add(lease.FencingToken);
            Assert.True(await store.ReleaseAsync(lease));
        }

        var expiring = (await store.TryAcquireAsync("refresh:identity-1", TimeSpan.FromMilliseconds(100)))!;
        tokens.Add(expiring.FencingToken);
        SyncLease? next = null;
        await Overlapping.EventuallyAsync(async () => (next = await store.TryAcquireAsync("refresh:identity-1", Long)) is not null, "the lease to expire");
        tokens.Add(next!.FencingToken);

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task A_lost_lease_can_neither_be_extended_nor_release_the_new_holders()
    {
        var store = CreateStore();
        var lost = (await store.TryAcquireAsync("jobs:org", TimeSpan.FromMilliseconds(100)))!;
        SyncLease? current = null;
        await Overlapping.EventuallyAsync(async () => (current = await store.TryAcquireAsync("jobs:org", Long)) is not null, "the lease to expire");

        Assert.False(await store.TryExtendAsync(lost, Long));
        Assert.False(await store.ReleaseAsync(lost));
        Assert.Null(await store.TryAcquireAsync("jobs:org", Long));
        Assert.True(await store.TryExtendAsync(current!, Long));
        Assert.True(await store.ReleaseAsync(current!));
        Assert.False(await store.ReleaseAsync(current!));
        Assert.NotNull(await store.TryAcquireAsync("jobs:org", Long));
    }

    [Fact]
    public async Task An_extended_lease_holds_past_its_first_expiry_and_then_lapses()
    {
        var store = CreateStore();
        // The extension must come before the first expiry even on a busy machine.
        var lease = (await store.TryAcquireAsync("workitem:org:9", TimeSpan.FromSeconds(1)))!;

        Assert.True(await store.TryExtendAsync(lease, TimeSpan.FromSeconds(3)));
        await Task.Delay(1500);

        Assert.Null(await store.TryAcquireAsync("workitem:org:9", Long));
        Assert.True(await store.TryExtendAsync(lease, TimeSpan.FromMilliseconds(100)));
        await Overlapping.EventuallyAsync(async () => await store.TryAcquireAsync("workitem:org:9", Long) is not null, "the extended lease to lapse");
        Assert.False(await store.TryExtendAsync(lease, Long));
    }
}
