using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Sync;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Testing;
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
        await Kit.RecordOwnWriteAsync(9, WorkItemFields.State);

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
        await Kit.RecordOwnWriteAsync(13, WorkItemFields.State);

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
        await Kit.RecordOwnWriteAsync(13, WorkItemFields.AssignedTo);

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
        await Kit.RecordOwnWriteAsync(8, WorkItemFields.State);
        await Kit.RecordOwnWriteAsync(9, WorkItemFields.State, workItemId: WorkItemId + 1);

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
        Assert.Equal(0, Kit.Probe.CountOf("IOwnWriteLedger.FindAsync"));
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
    public async Task An_echo_that_arrives_before_the_sdks_write_is_answered_is_recognised_by_its_pending_entry()
    {
        // Azure DevOps may deliver the write's webhook before the write's answer reaches the SDK, on any instance.
        Kit.UpdateInstallation(i => i with { SdkIdentityId = RevisedById });
        Kit.Link("g1");
        await Kit.Ledger.RecordAsync(OwnWriteFixtures.Pending(CollectionId, WorkItemId, 9, WorkItemFields.State, "resolved", Kit.Client.Time.GetUtcNow()));

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Client.Requests);
        Assert.Equal(1, Kit.Probe.CountOf("IOwnWriteLedger.FindAsync"));
        Assert.Equal(9, (await Kit.FieldWatermarkAsync(WorkItemFields.State))!.Revision);
    }

    [Theory]
    [InlineData(null)] // the SDK's identity is not known: the delivery cannot tell
    [InlineData("0f0e0d0c-0b0a-4909-8807-060504030201")] // another identity saved this revision
    public async Task A_pending_write_the_delivery_does_not_match_holds_it_until_confirmed_then_it_is_an_echo(string? sdkIdentityId)
    {
        Kit.UpdateInstallation(i => i with { SdkIdentityId = sdkIdentityId });
        Kit.Link("g1");
        var pending = OwnWriteFixtures.Pending(CollectionId, WorkItemId, 9, WorkItemFields.State, "Resolved", Kit.Client.Time.GetUtcNow());
        await Kit.Ledger.RecordAsync(pending);

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await Kit.Client.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(25));
        Assert.False(delivery.IsCompleted);
        await Kit.Ledger.RecordAsync(pending with { Revision = 9 });
        Kit.Client.Time.Advance(TimeSpan.FromMilliseconds(25));
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_pending_write_that_fails_releases_the_delivery_and_the_persons_change_is_applied()
    {
        // A person saved revision 9 first; the SDK's write under test /rev 8 fails and its entry is removed.
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var pending = OwnWriteFixtures.Pending(CollectionId, WorkItemId, 9, WorkItemFields.State, "Resolved", Kit.Client.Time.GetUtcNow());
        await Kit.Ledger.RecordAsync(pending);

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await Kit.Client.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(25));
        Assert.False(delivery.IsCompleted);
        await Kit.Ledger.RemoveAsync(CollectionId, WorkItemId, pending.WriteId);
        Kit.Client.Time.Advance(TimeSpan.FromMilliseconds(25));
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_write_still_pending_after_the_bound_no_longer_holds_the_delivery()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        await Kit.Ledger.RecordAsync(OwnWriteFixtures.Pending(CollectionId, WorkItemId, 9, WorkItemFields.State, "Resolved", Kit.Client.Time.GetUtcNow()));

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await Kit.Client.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(25));
        Assert.False(delivery.IsCompleted);
        Kit.Client.Time.Advance(OwnWriteTracker.PendingWait);
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 9001);
    }

    [Theory]
    [InlineData(WorkItemId + 1, 9, 0)] // another work item
    [InlineData(WorkItemId, 10, 0)] // expecting another revision
    [InlineData(WorkItemId, 9, 4)] // recorded longer ago than a write can take: stale
    public async Task A_pending_write_of_another_item_or_revision_or_a_stale_one_holds_nothing(int workItemId, int expectedRevision, int minutesAgo)
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var recordedAt = Kit.Client.Time.GetUtcNow() - TimeSpan.FromMinutes(minutesAgo);
        await Kit.Ledger.RecordAsync(OwnWriteFixtures.Pending(CollectionId, workItemId, expectedRevision, WorkItemFields.State, "Resolved", recordedAt));

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.DoesNotContain(TimeSpan.FromMilliseconds(25), Kit.Client.Time.TimersCreated);
    }

    [Fact]
    public async Task A_pending_write_by_the_sdks_identity_with_another_value_is_not_an_echo()
    {
        // Same revision and identity (a person using the SDK's account), but not the value the SDK wrote.
        Kit.UpdateInstallation(i => i with { SdkIdentityId = RevisedById });
        Kit.Link("g1");
        Kit.ExpectBugStates();
        await Kit.Ledger.RecordAsync(OwnWriteFixtures.Pending(CollectionId, WorkItemId, 9, WorkItemFields.State, "Closed", Kit.Client.Time.GetUtcNow()));

        var delivery = Kit.DeliverAsync("updated-state-active-resolved.json");
        await Kit.Client.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(25));
        Kit.Client.Time.Advance(OwnWriteTracker.PendingWait);
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Single(Kit.Groups.StatusChanges);
    }
}
