using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Step 10: a host store that throws answers 503 with <c>Retry-After</c> (Azure DevOps retries a 503; a 500 would put
/// the subscription on probation), the watermark stays, and the redelivery is applied. A cancelled request throws and
/// gives its delivery back too.
/// </summary>
public sealed class InboundStoreFailureTests : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(17);

    private readonly InboundTestKit _kit = new(configureOptions: o => o.Webhook.StoreFailureRetryAfter = RetryAfter);

    public void Dispose() => _kit.Dispose();

    /// <summary>Every store call the 4 KB payload (a state and an assignee change) makes, in the order it makes them.</summary>
    public static TheoryData<string> StoreCalls => new()
    {
        "IIntegrationStore.FindByOrganizationIdAsync",
        "IDeliveryDedupeStore.TryClaimAsync",
        "ISyncWatermarkStore.ReadAsync",
        "IOwnWriteLedger.FindAsync",
        "IGroupStore.FindLinkedGroupsAsync",
        "IAssigneeStore.FindUserByEmailAsync",
        "IAssigneeStore.AssignAsync",
        "ISyncWatermarkStore.TrySaveAsync",
        "IGroupStore.ResolveAsync",
    };

    [Theory]
    [MemberData(nameof(StoreCalls))]
    public async Task A_store_that_throws_answers_503_then_the_redelivery_applies(string method)
    {
        _kit.Link("g1");
        _kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        _kit.ExpectBugStates();
        _kit.Probe.Fail(method);
        var body = Load(Benchmark);

        var failed = await _kit.DeliverAsync(body);
        var stateWatermarkAfterFailure = await _kit.FieldWatermarkAsync(WorkItemFields.State);
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal(RetryAfter, failed.RetryAfter);
        // Only an applied field's watermark is confirmed: the state, applied last, is at most pending after the failure.
        Assert.True(stateWatermarkAfterFailure is null || stateWatermarkAfterFailure.PendingAction is not null, $"{stateWatermarkAfterFailure}");
        var logged = Assert.Single(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7015);
        Assert.Equal(method[..method.IndexOf('.', StringComparison.Ordinal)], logged.StructuredState!.Single(kv => kv.Key == "Store").Value);
        Assert.IsType<InjectedStoreFailure>(logged.Exception);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Null(redelivered.RetryAfter);
        // Each change reached the host once, whichever delivery made it.
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], _kit.Groups.StatusChanges);
        Assert.Equal([new GroupAssigneeChange("g1", "u-lauryn2", InboundTestKit.Source)], _kit.Assignees.AssigneeChanges);
        Assert.Equal(["g1"], failed.ChangedGroupIds.Concat(redelivered.ChangedGroupIds).Distinct());
        Assert.Equal(13, await _kit.WatermarkAsync());
        Assert.Single(_kit.Client.Requests);
    }

    [Fact]
    public async Task The_503_says_which_groups_changed_before_the_failure_and_the_redelivery_changes_the_rest()
    {
        _kit.Link("g1");
        _kit.Link("g2");
        _kit.ExpectBugStates();
        _kit.Probe.Fail("IGroupStore.ResolveAsync", after: 1);
        var body = Load("updated-state-active-resolved.json");

        var failed = await _kit.DeliverAsync(body);
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal(503, failed.StatusCode);
        Assert.Equal(["g1"], failed.ChangedGroupIds);
        Assert.Equal(200, redelivered.StatusCode);
        Assert.Equal(["g2"], redelivered.ChangedGroupIds);
        Assert.Equal(["g1", "g2"], _kit.Groups.StatusChanges.Select(c => c.GroupId));
    }

    [Fact]
    public async Task The_in_memory_group_stores_own_failure_is_a_503_too()
    {
        _kit.Link("g1");
        _kit.ExpectBugStates();
        _kit.Groups.FailNextWrites();
        var body = Load("updated-state-active-resolved.json");

        var failed = await _kit.DeliverAsync(body);
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Single(_kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_given_back_is_still_503_and_the_failure_is_logged()
    {
        _kit.Link("g1");
        _kit.ExpectBugStates();
        _kit.Probe.Fail("IGroupStore.ResolveAsync");
        _kit.Probe.Fail("IDeliveryDedupeStore.ReleaseAsync");

        var failed = await _kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Contains(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7016);
        // The state change is recorded as pending, not as applied: the next delivery of the item finishes it.
        Assert.Equal(FieldWatermarks.Resolve, (await _kit.FieldWatermarkAsync(WorkItemFields.State))!.PendingAction);
    }

    [Fact]
    public async Task A_request_cancelled_while_applying_throws_and_its_redelivery_is_applied()
    {
        _kit.Link("g1");
        _kit.ExpectBugStates();
        using var cancellation = new CancellationTokenSource();
        _kit.Probe.CancelAt("IGroupStore.ResolveAsync", cancellation);
        var body = Load("updated-state-active-resolved.json");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _kit.DeliverAsync(body, cancellationToken: cancellation.Token));
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], _kit.Groups.StatusChanges);
        Assert.Equal(9, await _kit.WatermarkAsync());
    }

    [Fact]
    public async Task A_request_cancelled_while_recording_its_delivery_throws_and_its_redelivery_is_applied()
    {
        _kit.Link("g1", assignee: "u1");
        using var cancellation = new CancellationTokenSource();
        // The first record (the notification) is made; the request is cancelled while the second (the event) is.
        _kit.Probe.CancelAt("IDeliveryDedupeStore.TryClaimAsync", cancellation, after: 1);
        var body = Load("updated-unassigned.json");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _kit.DeliverAsync(body, cancellationToken: cancellation.Token));
        var redelivered = await _kit.DeliverAsync(body);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Single(_kit.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task A_request_cancelled_while_waiting_for_another_revision_of_its_item_throws_and_its_redelivery_is_applied()
    {
        _kit.Link("g1");
        _kit.AddUser("u-ada", "ada@example.com");
        _kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _kit.Probe.OnNext("IGroupStore.FindLinkedGroupsAsync", _ => held.Task);
        using var cancellation = new CancellationTokenSource();
        var newer = Load("updated-assigned-bare-email.json");

        var older = _kit.DeliverAsync("updated-assigned-string.json");
        var waiting = _kit.DeliverAsync(newer, cancellationToken: cancellation.Token);
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.SetResult();
        Assert.Equal(VstsWebhookOutcome.Applied, (await older).Outcome);
        var redelivered = await _kit.DeliverAsync(newer);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Equal(["u-lauryn2", "u-ada"], _kit.Assignees.AssigneeChanges.Select(c => c.UserId));
        Assert.Equal(5, await _kit.WatermarkAsync());
    }

    [Fact]
    public async Task A_request_cancelled_before_it_starts_throws_and_changes_nothing()
    {
        _kit.Link("g1", assignee: "u1");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _kit.DeliverAsync(Load("updated-unassigned.json"), cancellationToken: cancellation.Token));
        var delivered = await _kit.DeliverAsync("updated-unassigned.json");

        Assert.Equal(VstsWebhookOutcome.Applied, delivered.Outcome);
        Assert.Single(_kit.Assignees.AssigneeChanges);
    }
}
