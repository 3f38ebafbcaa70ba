using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Inbound;

public class WorkItemGateTests
{
    private const string Organization = "8f8a1b4e-2f3c-4c2a-9a57-1f0f7c1d2e3a";

    private static readonly VstsWebhookOptions Options = new();

    private readonly WorkItemGate _gate = new();

    [Fact]
    public async Task A_free_work_item_is_entered_at_once()
    {
        await EntersAtOnceAsync();
        await EntersAtOnceAsync(); // the entry was let go
    }

    [Fact]
    public async Task A_second_delivery_of_the_item_waits_until_the_first_lets_go()
    {
        var first = await _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);

        // Another case of the organization id is the same organization.
        var second = _gate.EnterAsync(Organization.ToUpperInvariant(), 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await (await second.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await (await _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None)).DisposeAsync();
    }

    [Fact]
    public async Task A_waiting_delivery_stops_when_cancelled_and_takes_nothing()
    {
        var first = await _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The cancelled wait did not take the item: once the first lets go, the next enters at once.
        await first.DisposeAsync();
        await EntersAtOnceAsync();
    }

    [Fact]
    public async Task An_already_cancelled_token_enters_nothing_even_when_the_item_is_free()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, new CancellationToken(canceled: true)));

        await EntersAtOnceAsync();
    }

    [Fact]
    public void Only_a_store_other_than_the_in_process_default_is_shared()
    {
        var shared = new SharedLeaseStore();

        Assert.Null(SyncLeases.Shared(new InMemorySyncLeaseStore()));
        Assert.Null(SyncLeases.Shared(null));
        Assert.Same(shared, SyncLeases.Shared(shared));
        Assert.Equal("workitem:8f8a1b4e-2f3c-4c2a-9a57-1f0f7c1d2e3a:7", SyncLeases.WorkItem(Organization.ToUpperInvariant(), 7));
    }

    [Fact]
    public async Task Without_a_shared_store_an_entry_is_not_fenced_and_its_fence_check_costs_nothing()
    {
        var entry = await _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);

        Assert.False(entry.IsFenced);
        Assert.True(CompletedAtOnce(entry.CheckFenceAsync(7, CancellationToken.None)));
        await entry.DisposeAsync();
    }

    [Fact]
    public async Task With_a_shared_store_two_instances_take_turns_through_the_work_item_lease()
    {
        var store = new SharedLeaseStore();
        var instanceA = new WorkItemGate(store, TimeProvider.System, NullLogger.Instance);
        var instanceB = new WorkItemGate(store, TimeProvider.System, NullLogger.Instance);
        var instanceC = new WorkItemGate(store, TimeProvider.System, NullLogger.Instance);

        var first = await instanceA.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);
        var second = instanceB.EnterAsync(Organization.ToUpperInvariant(), 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None).AsTask();
        // Another item on a third instance: on instance B, item 8 would share the stripe of the waiting item 7 one run
        // in 64 (the stripe comes from a per-process hash seed) and wait for it, in-process exclusion by design.
        var otherItem = await instanceC.EnterAsync(Organization, 8, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);
        await Task.Delay(100);

        Assert.True(first.IsFenced);
        Assert.False(second.IsCompleted);
        await first.CheckFenceAsync(7, CancellationToken.None); // still held: extended
        await first.DisposeAsync();
        var entered = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(entered.IsFenced);
        await entered.DisposeAsync();
        await otherItem.DisposeAsync();
        Assert.Equal(3, store.Releases);
        Assert.NotNull(await store.Inner.TryAcquireAsync(SyncLeases.WorkItem(Organization, 7), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_lease_held_elsewhere_for_longer_than_the_wait_is_contended_and_frees_the_stripe()
    {
        var store = new SharedLeaseStore();
        var gate = new WorkItemGate(store, TimeProvider.System, NullLogger.Instance);
        var options = new VstsWebhookOptions { WorkItemLeaseWait = TimeSpan.FromMilliseconds(50) };
        var held = await store.Inner.TryAcquireAsync(SyncLeases.WorkItem(Organization, 7), TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<ContendedException>(async () => await gate.EnterAsync(Organization, 7, options.WorkItemLeaseTime, options.WorkItemLeaseWait, CancellationToken.None));
        Assert.True(store.Acquires > 1, "the wait polls");

        await store.Inner.ReleaseAsync(held!);
        await (await gate.EnterAsync(Organization, 7, options.WorkItemLeaseTime, options.WorkItemLeaseWait, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }

    [Fact]
    public async Task A_failing_lease_store_is_a_store_failure_naming_the_port_and_frees_the_stripe()
    {
        var store = new SharedLeaseStore { Failure = new InvalidOperationException("redis is down") };
        var gate = new WorkItemGate(store, TimeProvider.System, NullLogger.Instance);

        var failure = await Assert.ThrowsAsync<HostStoreException>(async () => await gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None));

        Assert.Equal("ISyncLeaseStore", failure.Store);
        store.Failure = null;
        await (await gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }

    [Fact]
    public async Task A_fence_check_is_local_while_more_than_half_the_lease_time_is_left_then_extends_the_lease()
    {
        var time = new FakeTimeProvider();
        var store = new SharedLeaseStore(new InMemorySyncLeaseStore(time));
        var gate = new WorkItemGate(store, time, NullLogger.Instance);
        var leaseTime = TimeSpan.FromSeconds(30);
        var entry = await gate.EnterAsync(Organization, 7, leaseTime, Options.WorkItemLeaseWait, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.True(CompletedAtOnce(entry.CheckFenceAsync(7, CancellationToken.None)));
        Assert.Equal(0, store.Extends);

        time.Advance(TimeSpan.FromSeconds(0.1));
        await entry.CheckFenceAsync(7, CancellationToken.None);
        Assert.Equal(1, store.Extends);

        // Extended from 15 s on: held until 45 s, past the 30 s it was first taken for; the next 15 s are local again.
        time.Advance(TimeSpan.FromSeconds(16));
        Assert.Null(await store.Inner.TryAcquireAsync(SyncLeases.WorkItem(Organization, 7), leaseTime));
        await entry.CheckFenceAsync(7, CancellationToken.None);
        Assert.Equal(2, store.Extends);
        await entry.DisposeAsync();
        Assert.NotNull(await store.Inner.TryAcquireAsync(SyncLeases.WorkItem(Organization, 7), leaseTime));
    }

    [Fact]
    public async Task A_fence_check_counts_the_lease_time_from_before_the_lease_was_asked_for()
    {
        // The store answers the acquisition 10 s after it was asked (a slow round trip): the local check must count
        // from the question, or it would trust the lease 10 s longer than the store holds it.
        var time = new FakeTimeProvider();
        var store = new SlowToAcquire(new SharedLeaseStore(new InMemorySyncLeaseStore(time)), time, TimeSpan.FromSeconds(10));
        var gate = new WorkItemGate(store, time, NullLogger.Instance);
        var entry = await gate.EnterAsync(Organization, 7, TimeSpan.FromSeconds(30), Options.WorkItemLeaseWait, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(5));
        await entry.CheckFenceAsync(7, CancellationToken.None);

        Assert.Equal(1, store.Inner.Extends);
        await entry.DisposeAsync();
    }

    [Fact]
    public async Task A_lost_lease_fails_the_fence_check()
    {
        var time = new FakeTimeProvider();
        var store = new SharedLeaseStore();
        var gate = new WorkItemGate(store, time, NullLogger.Instance);
        var entry = await gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);

        store.LoseOnExtend = true;
        time.Advance(Options.WorkItemLeaseTime / 2);
        await Assert.ThrowsAsync<ContendedException>(async () => await entry.CheckFenceAsync(7, CancellationToken.None));
        store.Failure = new InvalidOperationException("redis is down");
        Assert.Equal("ISyncLeaseStore", (await Assert.ThrowsAsync<HostStoreException>(async () => await entry.CheckFenceAsync(7, CancellationToken.None))).Store);

        // A release the store fails is logged, not thrown: the lease lapses after its lease time.
        await entry.DisposeAsync();
        store.Failure = null;
        Assert.Equal(1, store.Releases);
        Assert.Null(await store.Inner.TryAcquireAsync(SyncLeases.WorkItem(Organization, 7), TimeSpan.FromSeconds(1)));
    }

    private async Task EntersAtOnceAsync()
    {
        var entering = _gate.EnterAsync(Organization, 7, Options.WorkItemLeaseTime, Options.WorkItemLeaseWait, CancellationToken.None);
        Assert.True(entering.IsCompletedSuccessfully);
        await (await entering).DisposeAsync();
    }

    private static bool CompletedAtOnce(ValueTask task) => task.IsCompletedSuccessfully;

    /// <summary>A lease store whose acquisitions are answered <c>delay</c> after they were asked (on the fake clock).</summary>
    private sealed class SlowToAcquire(SharedLeaseStore inner, FakeTimeProvider time, TimeSpan delay) : ISyncLeaseStore
    {
        public SharedLeaseStore Inner { get; } = inner;

        public async Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
        {
            var lease = await Inner.TryAcquireAsync(resource, leaseTime, cancellationToken);
            time.Advance(delay);
            return lease;
        }

        public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default) =>
            Inner.TryExtendAsync(lease, leaseTime, cancellationToken);

        public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default) =>
            Inner.ReleaseAsync(lease, cancellationToken);
    }
}
