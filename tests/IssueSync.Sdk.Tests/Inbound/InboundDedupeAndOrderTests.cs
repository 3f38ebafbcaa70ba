using System.Text.Json.Nodes;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>Step 6: a delivery seen before, or a revision not newer than the one applied, is 200 and applied at most once.</summary>
public sealed class InboundDedupeAndOrderTests : InboundTestBase
{
    [Fact]
    public async Task The_same_delivery_twice_is_applied_once()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var body = Load("updated-state-active-resolved.json");

        var first = await Kit.DeliverAsync(body);
        var second = await Kit.DeliverAsync(body);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (first.StatusCode, first.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (second.StatusCode, second.Outcome));
        Assert.Empty(second.ChangedGroupIds);
        Assert.Single(Kit.Groups.StatusChanges);
        // The duplicate stops at the dedupe: no watermark read, no group lookup.
        Assert.Equal(1, Kit.Probe.CountOf("IGroupStore.FindLinkedGroupsAsync"));
        Assert.Equal(1, Kit.Probe.CountOf("ISyncWatermarkStore.ReadAsync"));
    }

    [Fact]
    public async Task The_same_subscription_and_notification_with_another_event_id_is_a_duplicate()
    {
        Kit.Link("g1", assignee: "u1");

        var first = await Kit.DeliverAsync("updated-unassigned.json");
        // Another event id, and a newer revision: only the notification id makes it a duplicate.
        var retry = await Kit.DeliverAsync(Edit("updated-unassigned.json").WithEventId("11111111-2222-4333-8444-555555555555").WithRev(7));

        Assert.Equal(VstsWebhookOutcome.Applied, first.Outcome);
        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (retry.StatusCode, retry.Outcome));
        Assert.Single(Kit.Assignees.AssigneeChanges);
        Assert.Equal(6, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task The_same_event_id_in_another_notification_is_a_duplicate()
    {
        Kit.Link("g1", assignee: "u1");

        var first = await Kit.DeliverAsync("updated-unassigned.json");
        var again = await Kit.DeliverAsync(Edit("updated-unassigned.json").WithNotificationId(9001).WithRev(7));

        Assert.Equal(VstsWebhookOutcome.Applied, first.Outcome);
        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (again.StatusCode, again.Outcome));
        Assert.Single(Kit.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task The_same_notification_id_of_another_subscription_is_another_delivery()
    {
        Kit.Link("g1", assignee: "u1");
        Kit.AddUser("u-lauryn", "lauryn@sentry.io");

        var first = await Kit.DeliverAsync("updated-unassigned.json");
        var other = await Kit.DeliverAsync(Edit("updated-assigned-first-value.json")
            .WithSubscriptionId("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
            .WithNotificationId(105) // updated-unassigned.json's
            .WithRev(7));

        Assert.Equal(VstsWebhookOutcome.Applied, first.Outcome);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (other.StatusCode, other.Outcome));
        Assert.Equal([null, "u-lauryn"], Kit.Assignees.AssigneeChanges.Select(c => c.UserId));
    }

    [Fact]
    public async Task Revision_5_then_4_ignores_4()
    {
        Kit.Link("g1");
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var five = await Kit.DeliverAsync("updated-assigned-bare-email.json");
        var four = await Kit.DeliverAsync(Edit("updated-assigned-string.json").WithRev(4));

        Assert.Equal((200, VstsWebhookOutcome.Applied, 5), (five.StatusCode, five.Outcome, five.Revision));
        Assert.Equal((200, VstsWebhookOutcome.Stale, 4), (four.StatusCode, four.Outcome, four.Revision));
        Assert.Equal("u-ada", Kit.Assignees.GetAssignee("g1"));
        Assert.Single(Kit.Assignees.AssigneeChanges);
        Assert.Equal(5, await Kit.WatermarkAsync());
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7007);
    }

    [Fact]
    public async Task The_same_revision_in_another_delivery_is_stale()
    {
        Kit.Link("g1");
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        await Kit.DeliverAsync("updated-assigned-bare-email.json");
        var same = await Kit.DeliverAsync(Edit("updated-assigned-string.json").AsDelivery(500).WithRev(5));

        Assert.Equal((200, VstsWebhookOutcome.Stale), (same.StatusCode, same.Outcome));
        Assert.Equal("u-ada", Kit.Assignees.GetAssignee("g1"));
    }

    [Fact]
    public async Task Revisions_in_order_are_all_applied_and_the_watermark_follows()
    {
        Kit.Link("g1");
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var three = await Kit.DeliverAsync("updated-assigned-string.json");
        var five = await Kit.DeliverAsync("updated-assigned-bare-email.json");
        var six = await Kit.DeliverAsync("updated-unassigned.json");

        Assert.All(new[] { three, five, six }, r => Assert.Equal(VstsWebhookOutcome.Applied, r.Outcome));
        Assert.Equal(["u-lauryn2", "u-ada", null], Kit.Assignees.AssigneeChanges.Select(c => c.UserId));
        Assert.Equal(6, await Kit.WatermarkAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"-3\"")]
    [InlineData("99999999999")]
    public async Task A_delivery_without_a_usable_revision_is_applied_and_leaves_the_watermark_alone(string? rev)
    {
        Kit.Link("g1", assignee: "u1");
        var payload = Edit("updated-unassigned.json").WithoutRev();
        if (rev is not null)
        {
            payload.Root["resource"]!["rev"] = JsonNode.Parse(rev);
        }

        var result = await Kit.DeliverAsync(payload);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Null(result.Revision);
        Assert.Single(Kit.Assignees.AssigneeChanges);
        Assert.Null(await Kit.WatermarkAsync());
        Assert.Equal(0, Kit.Probe.CountOf("ISyncWatermarkStore.TrySaveAsync"));
    }

    [Fact]
    public async Task The_watermark_is_per_work_item()
    {
        Kit.Link("g1");
        Kit.Link("g2", workItemId: 42);
        Kit.AddUser("u-ada", "ada@example.com");

        await Kit.DeliverAsync("updated-assigned-bare-email.json");
        var otherItem = await Kit.DeliverAsync(Edit("updated-assigned-identity-object.json").WithWorkItemId(42));

        Assert.Equal((VstsWebhookOutcome.Applied, 42), (otherItem.Outcome, otherItem.WorkItemId));
        Assert.Equal(["g1", "g2"], Kit.Assignees.AssigneeChanges.Select(c => c.GroupId));
        Assert.Equal(4, await Kit.WatermarkAsync(42));
    }

    /// <summary>
    /// The first delivery is held after it applied and before its watermark moves; the second, of the same work
    /// item, must wait for it (the per-item gate) and is then judged against the first's watermark.
    /// </summary>
    [Theory]
    [InlineData(6, 5)]
    [InlineData(5, 6)]
    public async Task Two_revisions_delivered_concurrently_apply_in_revision_order_and_the_newer_wins(int firstRev, int secondRev)
    {
        Kit.Link("g1");
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        // Revision 6 assigns ada, revision 5 lauryn2: whatever the arrival order, ada is the assignee in the end.
        WebhookPayloadBuilder Revision(int rev) => rev == 6
            ? Edit("updated-assigned-bare-email.json").WithRev(6)
            : Edit("updated-assigned-string.json").WithRev(5);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Kit.Probe.OnNext("ISyncWatermarkStore.TrySaveAsync", async _ =>
        {
            reached.SetResult();
            await held.Task;
        });

        var first = Kit.DeliverAsync(Revision(firstRev));
        await reached.Task;
        var second = Kit.DeliverAsync(Revision(secondRev));

        // Up to the gate everything is synchronous: an unfinished second delivery waits there, not past it.
        Assert.False(second.IsCompleted);
        Assert.Equal(1, Kit.Probe.CountOf("ISyncWatermarkStore.ReadAsync"));
        held.SetResult();
        var (a, b) = (await first, await second);

        Assert.Equal(VstsWebhookOutcome.Applied, a.Outcome);
        Assert.Equal(secondRev > firstRev ? VstsWebhookOutcome.Applied : VstsWebhookOutcome.Stale, b.Outcome);
        Assert.Equal("u-ada", Kit.Assignees.GetAssignee("g1"));
        Assert.Equal(6, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_copies_of_one_delivery_apply_once()
    {
        Kit.Link("g1");
        Kit.Link("g2");
        Kit.ExpectBugStates();
        var body = Load("updated-state-active-resolved.json");
        using var start = new ManualResetEventSlim();

        var copies = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return Kit.DeliverAsync(body);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(copies);

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        Assert.Single(results, r => r.Outcome == VstsWebhookOutcome.Applied);
        Assert.Equal(49, results.Count(r => r.Outcome == VstsWebhookOutcome.Duplicate));
        Assert.Equal([new("g1", true, InboundTestKit.Source), new GroupStatusChange("g2", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }
}
