using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Sync;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// With a shared lease store registered (several host instances), the handling of one work item holds the fenced
/// lease <c>workitem:{organization}:{id}</c>: waited for, bounded; checked before each watermark write; released at
/// the end. A wait that runs out, a lease lost before the advance, and a failing lease store all answer 503 and give
/// the delivery back, so Azure DevOps' redelivery is applied.
/// </summary>
public sealed class InboundWorkItemLeaseTests : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(17);

    private readonly SharedLeaseStore _leases = new();
    private readonly InboundTestKit _kit;

    public InboundWorkItemLeaseTests()
    {
        _kit = NewInstance(_leases, TimeSpan.FromMilliseconds(100));
    }

    private static string Resource => SyncLeases.WorkItem(CollectionId, WorkItemId);

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task A_delivery_holds_the_work_item_lease_checks_the_fence_before_each_advance_and_releases_it()
    {
        var result = await _kit.DeliverAsync(Load(Benchmark));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(1, _leases.Acquires);
        // The three fence checks (the assignee record, the state's pending record and its confirmation) come well
        // within half the lease time of the acquisition: checked on this instance's clock, no store call.
        Assert.Equal(0, _leases.Extends);
        Assert.Equal(1, _leases.Releases);
        Assert.NotNull(await _leases.Inner.TryAcquireAsync(Resource, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_lease_held_by_another_instance_past_the_wait_answers_503_and_the_redelivery_is_applied()
    {
        var held = await _leases.Inner.TryAcquireAsync(Resource, TimeSpan.FromMinutes(1));
        var body = Load(Benchmark);

        var busy = await PumpAsync(_kit, _kit.DeliverAsync(body));
        var appliedWhileBusy = _kit.Groups.StatusChanges.Count + _kit.Assignees.AssigneeChanges.Count;
        await _leases.Inner.ReleaseAsync(held!);
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable, RetryAfter), (busy.StatusCode, busy.Outcome, busy.RetryAfter));
        Assert.Contains(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7018);
        Assert.Equal(0, appliedWhileBusy);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], _kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_delivery_waiting_for_the_lease_is_applied_once_the_other_instance_lets_go()
    {
        using var waiting = NewInstance(_leases, TimeSpan.FromSeconds(10));
        var held = await _leases.Inner.TryAcquireAsync(Resource, TimeSpan.FromMinutes(1));

        var delivering = waiting.DeliverAsync(Load(Benchmark));
        await PumpAsync(waiting, Task.Delay(150));
        Assert.False(delivering.IsCompleted);
        await _leases.Inner.ReleaseAsync(held!);
        var result = await PumpAsync(waiting, delivering);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
    }

    [Fact]
    public async Task A_slow_host_store_past_half_the_lease_time_extends_the_lease_once_before_the_next_advance()
    {
        // The assignee's host call takes 16 s of the 30 s lease: the fence check after it extends the lease, and
        // the checks that follow within half the lease time of that extension are local again.
        _kit.Probe.OnNext("IAssigneeStore.AssignAsync", _ => AdvanceAsync(TimeSpan.FromSeconds(16)));

        var result = await _kit.DeliverAsync(Load(Benchmark));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(1, _leases.Extends);
        Assert.Equal(1, _leases.Releases);
        Assert.Equal(13, await _kit.WatermarkAsync());
    }

    [Fact]
    public async Task A_lease_lost_before_the_advance_records_nothing_answers_503_and_the_redelivery_decides_again()
    {
        // The assignee's host call outlasts half the lease time, so the fence check before its record asks the
        // store, which answers that the lease was lost (another instance took it after it lapsed).
        _leases.LoseOnExtend = true;
        _kit.Probe.OnNext("IAssigneeStore.AssignAsync", _ => AdvanceAsync(TimeSpan.FromSeconds(16)));
        var body = Load(Benchmark);

        var lost = await _kit.DeliverAsync(body);
        var assigneeMark = await _kit.FieldWatermarkAsync(WorkItemFields.AssignedTo);
        var stateMark = await _kit.FieldWatermarkAsync(WorkItemFields.State);
        _leases.LoseOnExtend = false;
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (lost.StatusCode, lost.Outcome));
        var warning = Assert.Single(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7019);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Null(assigneeMark);
        Assert.Null(stateMark);
        Assert.Equal(1, _leases.Releases - 1); // released after the failure too, then after the redelivery
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        // The assignee reached the host before the fence failed; the redelivery's level check does not assign again.
        Assert.Equal([new GroupAssigneeChange("g1", "u-lauryn2", InboundTestKit.Source)], _kit.Assignees.AssigneeChanges);
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], _kit.Groups.StatusChanges);
        Assert.Equal(13, await _kit.WatermarkAsync());
    }

    [Fact]
    public async Task A_lease_store_that_throws_answers_503_naming_it_and_the_redelivery_is_applied()
    {
        _leases.Failure = new InvalidOperationException("It was not possible to connect to the redis server(s).");
        var body = Load(Benchmark);

        var failed = await _kit.DeliverAsync(body);
        _leases.Failure = null;
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable, RetryAfter), (failed.StatusCode, failed.Outcome, failed.RetryAfter));
        var logged = Assert.Single(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7015);
        Assert.Equal(nameof(ISyncLeaseStore), logged.StructuredState!.Single(kv => kv.Key == "Store").Value);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Single(_kit.Groups.StatusChanges);
    }

    private Task AdvanceAsync(TimeSpan time)
    {
        _kit.Client.Time.Advance(time);
        return Task.CompletedTask;
    }

    /// <summary>An instance of the SDK on the shared lease store, with a linked group, its user and the Bug states.</summary>
    private static InboundTestKit NewInstance(SharedLeaseStore leases, TimeSpan leaseWait)
    {
        var kit = new InboundTestKit(
            configureOptions: o =>
            {
                o.Webhook.StoreFailureRetryAfter = RetryAfter;
                o.Webhook.WorkItemLeaseWait = leaseWait;
            },
            configureServices: services => services.AddSingleton<ISyncLeaseStore>(leases));
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        kit.ExpectBugStates();
        return kit;
    }

    /// <summary>
    /// Advances the instance's fake clock (the lease wait's pauses and bound run on it) in small steps until
    /// <paramref name="task"/> completes; fails after 10 s of real time.
    /// </summary>
    private static async Task<T> PumpAsync<T>(InboundTestKit kit, Task<T> task)
    {
        await PumpAsync(kit, (Task)task);
        return await task;
    }

    private static async Task PumpAsync(InboundTestKit kit, Task task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            kit.Client.Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.WhenAny(task, Task.Delay(5));
        }

        await task.WaitAsync(TimeSpan.Zero);
    }
}
