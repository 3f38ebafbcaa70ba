using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Step 7: the SDK's own writes coming back are not applied (the write ledger, field by field; or any change
/// by a dedicated app identity), and a person's edit is never dropped because the SDK authenticates as them.
/// </summary>
public sealed class InboundEchoTests : InboundTestBase
{
    [Fact]
    public async Task The_sdks_own_write_is_an_echo_and_counts_as_applied()
    {
        Kit.Link("g1");
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId, 9, [WorkItemFields.State]));

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Equal(0, Kit.Probe.CountOf("IGroupStore.FindLinkedGroupsAsync"));
        Assert.Empty(Kit.Client.Requests);
        // An older revision arriving later is stale against the echo.
        Assert.Equal(9, await Kit.WatermarkAsync());
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7008);
    }

    [Fact]
    public async Task Only_the_fields_the_ledger_lists_are_the_sdks_a_person_or_rule_changing_another_is_applied()
    {
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        // Revision 13 changes the state (the SDK's write) and the assignee (not the SDK's).
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId, 13, [WorkItemFields.State]));

        var result = await Kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal([new GroupAssigneeChange("g1", "u-lauryn2", InboundTestKit.Source)], Kit.Assignees.AssigneeChanges);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Client.Requests);
        Assert.Equal(13, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task An_own_assignee_write_leaves_the_state_change_of_the_same_revision_applied()
    {
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        Kit.ExpectBugStates();
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId, 13, [WorkItemFields.AssignedTo]));

        var result = await Kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_ledger_entry_of_another_revision_does_not_make_an_echo()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId, 8, [WorkItemFields.State]));
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId + 1, 9, [WorkItemFields.State]));

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal(VstsWebhookOutcome.Applied, result.Outcome);
        Assert.Single(Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task Every_change_by_a_dedicated_app_identity_is_an_echo()
    {
        Kit.UpdateInstallation(i => i with { SdkIdentityId = RevisedById, SdkIdentityIsDedicated = true });
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var result = await Kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal(0, Kit.Probe.CountOf("IDeliveryStore.FindOwnWriteAsync"));
        Assert.Empty(Kit.Client.Requests);
        Assert.Equal(13, await Kit.WatermarkAsync());
    }

    [Theory]
    [InlineData(false, RevisedById)] // the SDK authenticates as lauryn: lauryn's own edit
    [InlineData(true, "0f0e0d0c-0b0a-4909-8807-060504030201")] // a dedicated identity, but someone else edited
    public async Task A_persons_edit_is_applied_even_under_the_identity_the_sdk_uses(bool dedicated, string sdkIdentityId)
    {
        Kit.UpdateInstallation(i => i with { SdkIdentityId = sdkIdentityId, SdkIdentityIsDedicated = dedicated });
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Single(Kit.Groups.StatusChanges);
        Assert.Single(Kit.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task A_dedicated_identity_does_not_make_an_edit_without_revisedBy_an_echo()
    {
        Kit.UpdateInstallation(i => i with { SdkIdentityId = RevisedById, SdkIdentityIsDedicated = true });
        Kit.Link("g1");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("updated-rev-as-strings.json");

        Assert.Equal(VstsWebhookOutcome.Applied, result.Outcome);
        Assert.Single(Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task An_echo_that_arrives_before_the_sdks_write_is_answered_waits_for_the_ledger_entry()
    {
        // Azure DevOps may deliver the write's webhook before the write's answer reaches the SDK.
        Kit.Link("g1");
        var inFlight = Kit.Client.Services.GetRequiredService<IssueSyncServices>().InFlightWrites;
        var write = inFlight.Begin(CollectionId, WorkItemId);
        var reachedEchoCheck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Kit.Probe.OnNext("IDeliveryStore.GetRevisionWatermarkAsync", _ =>
        {
            reachedEchoCheck.TrySetResult();
            return Task.CompletedTask;
        });

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await reachedEchoCheck.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(delivery.IsCompleted);
        await Kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(CollectionId, WorkItemId, 9, [WorkItemFields.State]));
        write.Dispose();
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Client.Requests);
    }

    [Fact]
    public async Task A_write_still_unanswered_after_the_bound_no_longer_holds_the_delivery()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var inFlight = Kit.Client.Services.GetRequiredService<IssueSyncServices>().InFlightWrites;
        using var write = inFlight.Begin(CollectionId, WorkItemId);

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await Kit.Client.Time.WaitForTimerAsync(InboundSyncHandler.OwnWriteWait);
        Assert.False(delivery.IsCompleted);
        Kit.Client.Time.Advance(InboundSyncHandler.OwnWriteWait);
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7017);
    }

    [Fact]
    public async Task A_write_to_another_work_item_holds_nothing()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var inFlight = Kit.Client.Services.GetRequiredService<IssueSyncServices>().InFlightWrites;
        using var write = inFlight.Begin(CollectionId, WorkItemId + 1);

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
    }
}
