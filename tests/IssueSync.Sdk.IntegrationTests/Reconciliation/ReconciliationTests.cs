using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Emulator;
using IssueSync.Sdk.IntegrationTests.Inbound;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Reconciliation;

/// <summary>
/// Reconciliation end to end: a real host receiving the emulator's webhooks, a subscription that loses events, and
/// <see cref="IVstsReconciler"/> reading the emulator's reporting revisions feed.
/// </summary>
public class ReconciliationTests
{
    private const string Updated = "workitem.updated";
    private const string Deleted = "workitem.deleted";

    [Fact]
    public async Task Twenty_changes_lost_on_probation_are_applied_or_superseded_by_one_run_and_a_second_run_applies_nothing()
    {
        var groups = new CountingGroupStore();
        await using var host = await StartAsync(groups);
        var items = AddLinkedItems(host, 5);
        var first = await ReconcileAsync(host);
        var updated = host.Organization.Subscriptions.Single(s => s.EventType == Updated);
        host.Organization.SetSubscriptionStatus(updated.Id, "onProbation");

        foreach (var (item, _) in items)
        {
            host.Organization.SetState(item.Id, "Active", host.Organization.Users[1]);
            host.Organization.Assign(item.Id, host.Organization.Users[1], host.Organization.Users[1]);
            host.Organization.SetState(item.Id, "Resolved", host.Organization.Users[2]);
            host.Organization.Assign(item.Id, host.Organization.Users[2], host.Organization.Users[2]);
        }

        var lost = await LostAsync(host, 20);
        var repaired = await ReconcileAsync(host);
        var again = await ReconcileAsync(host);

        Assert.Equal(20, lost);
        Assert.Equal((5, 0), (first.Applied, first.AlreadyApplied)); // each item's first state, no host call (already unresolved)
        Assert.Equal((10, 10, 0, 0), (repaired.Applied, repaired.Superseded, repaired.AlreadyApplied, repaired.OwnWrites));
        Assert.Equal(20, repaired.Applied + repaired.Superseded);
        Assert.True(repaired.ReachedEnd);
        Assert.Equal((0, 0, 0, 0), (again.Applied, again.Superseded, again.AlreadyApplied, again.OwnWrites));
        // At most one host call per field per item: one resolve, one assignment.
        AssertNewest(host, items, host.Organization.Users[2].MailAddress);
        Assert.All(items, i => Assert.Single(host.Assignees.AssigneeChanges, c => c.GroupId == i.Group.GroupId));

        Assert.Equal(0, groups.SingleLookups);
    }

    [Fact]
    public async Task Items_moved_to_another_project_or_retyped_while_events_were_lost_are_still_found()
    {
        var (host, _, items) = await StartWithItemsAsync(2);
        await using var owned = host;
        var org = host.Organization;
        org.SetSubscriptionStatus(org.Subscriptions.Single(s => s.EventType == Updated).Id, "onProbation");
        var (moved, retyped) = (items[0], items[1]);

        org.MoveWorkItem(moved.Item.Id, "Project 2", org.Users[1]);
        org.SetState(moved.Item.Id, "Resolved", org.Users[1]);
        org.ChangeWorkItemType(retyped.Item.Id, "User Story", org.Users[1]);
        org.SetState(retyped.Item.Id, "Resolved", org.Users[1]);
        var result = await ReconcileAsync(host);

        Assert.Equal(2, result.Applied);
        Assert.True(host.Groups.GetGroup(moved.Group.GroupId)!.IsResolved);
        Assert.True(host.Groups.GetGroup(retyped.Group.GroupId)!.IsResolved);
    }

    [Fact]
    public async Task Webhooks_that_arrive_after_a_reconcile_applied_their_changes_are_stale_and_the_newest_value_wins()
    {
        var (host, groups, items) = await StartWithItemsAsync(5);
        await using var owned = host;
        var org = host.Organization;
        var revisions = new List<(int Id, int Revision)>();
        using (host.Emulator.HoldDeliveries())
        {
            foreach (var (item, _) in items)
            {
                revisions.Add((item.Id, org.Assign(item.Id, org.Users[1], org.Users[1]).Revision));
                revisions.Add((item.Id, org.SetState(item.Id, "Resolved", org.Users[1]).Revision));
                revisions.Add((item.Id, org.Assign(item.Id, org.Users[2], org.Users[2]).Revision));
            }

            // The reconcile runs while every webhook is still on its way; they arrive after it.
            var result = await ReconcileAsync(host);
            Assert.Equal((10, 5), (result.Applied, result.Superseded));
        }

        var deliveries = await Task.WhenAll(revisions.Select(r => host.DeliveryAsync(Updated, r.Id, r.Revision)));
        var late = await ReconcileAsync(host);

        Assert.All(deliveries, d => Assert.Equal((200, "Stale"), (d.StatusCode, d.Outcome)));
        Assert.Equal(0, late.Applied);
        AssertNewest(host, items, org.Users[2].MailAddress);
        foreach (var (_, group) in items)
        {
            // No assignment twice: every host call for a group set a different user.
            var assigned = host.Assignees.AssigneeChanges.Where(c => c.GroupId == group.GroupId).Select(c => c.UserId).ToList();
            Assert.Equal(assigned.Distinct().Count(), assigned.Count);
        }
    }

    [Fact]
    public async Task Webhooks_and_a_reconcile_racing_on_the_same_items_apply_each_change_once()
    {
        var (host, groups, items) = await StartWithItemsAsync(5);
        await using var owned = host;
        var org = host.Organization;
        var revisions = new List<(int Id, int Revision)>();
        var hold = host.Emulator.HoldDeliveries();
        foreach (var (item, _) in items)
        {
            revisions.Add((item.Id, org.SetState(item.Id, "Resolved", org.Users[1]).Revision));
            revisions.Add((item.Id, org.Assign(item.Id, org.Users[2], org.Users[2]).Revision));
        }

        var reconcile = ReconcileAsync(host);
        hold.Dispose(); // the webhooks are delivered while the reconcile runs
        var result = await reconcile;
        var deliveries = await Task.WhenAll(revisions.Select(r => host.DeliveryAsync(Updated, r.Id, r.Revision)));

        Assert.Equal(10, result.Applied + result.AlreadyApplied);
        Assert.All(deliveries, d => Assert.Equal(200, d.StatusCode));
        var applied = deliveries.Count(d => d.Outcome == "Applied") + result.Applied;
        Assert.Equal(10, applied); // each change applied exactly once, by one side or the other
        AssertNewest(host, items, org.Users[2].MailAddress);
        Assert.All(items, i => Assert.Single(host.Assignees.AssigneeChanges, c => c.GroupId == i.Group.GroupId));
    }

    [Fact]
    public async Task A_store_failure_halfway_through_a_batch_keeps_the_watermark_and_the_next_run_finishes()
    {
        var (host, groups, items) = await StartWithItemsAsync(5);
        await using var owned = host;
        var state = host.Services.GetRequiredService<IReconciliationStateStore>();
        var before = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);
        host.Organization.SetSubscriptionStatus(host.Organization.Subscriptions.Single(s => s.EventType == Updated).Id, "onProbation");
        foreach (var (item, _) in items)
        {
            host.Organization.SetState(item.Id, "Resolved", host.Organization.Users[1]);
        }

        groups.FailResolveNumber = 3;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ReconcileAsync(host));
        var during = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);
        var resolvedAfterFailure = items.Count(i => host.Groups.GetGroup(i.Group.GroupId)!.IsResolved);
        var finished = await ReconcileAsync(host);
        var after = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);

        Assert.Equal("Injected failure of the host's group store.", failure.Message);
        Assert.Equal(before, during);
        Assert.Equal(2, resolvedAfterFailure);
        Assert.True(finished.ReachedEnd);
        Assert.Equal(2, finished.Applied); // the two items after the failure; the failed one is finished from its pending record
        Assert.Equal(3, finished.AlreadyApplied);
        Assert.NotEqual(before!.ContinuationToken, after!.ContinuationToken);
        Assert.All(items, i => Assert.True(host.Groups.GetGroup(i.Group.GroupId)!.IsResolved));
        Assert.All(items, i => Assert.Single(host.Groups.StatusChanges, c => c.GroupId == i.Group.GroupId));
    }

    [Fact]
    public async Task A_work_item_lease_held_by_another_instance_stops_the_run_before_its_watermark_and_the_next_run_finishes()
    {
        var leases = new SharedLeaseStore(new InMemorySyncLeaseStore());
        var groups = new CountingGroupStore();
        await using var host = await StartAsync(groups, b =>
        {
            b.AddSyncLeaseStore(_ => leases);
            b.Services.Configure<VstsIssueSyncOptions>(o => o.Webhook.WorkItemLeaseWait = TimeSpan.Zero);
        });
        var items = AddLinkedItems(host, 3);
        await ReconcileAsync(host);
        var state = host.Services.GetRequiredService<IReconciliationStateStore>();
        var before = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);
        host.Organization.SetSubscriptionStatus(host.Organization.Subscriptions.Single(s => s.EventType == Updated).Id, "onProbation");
        foreach (var (item, _) in items)
        {
            host.Organization.SetState(item.Id, "Resolved", host.Organization.Users[1]);
        }

        // Another instance handles the second item (a webhook delivery there) for longer than the wait.
        var held = await leases.TryAcquireAsync($"workitem:{host.Installation.OrganizationId.ToLowerInvariant()}:{items[1].Item.Id}", TimeSpan.FromMinutes(1));
        var stopped = await ReconcileAsync(host);
        var during = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);
        var resolvedWhileHeld = host.Groups.GetGroup(items[1].Group.GroupId)!.IsResolved;
        await leases.ReleaseAsync(held!);
        var finished = await ReconcileAsync(host);
        var after = await state.GetAsync(host.Installation.OrganizationId, host.Installation.IntegrationId);

        Assert.NotNull(held);
        Assert.False(stopped.ReachedEnd);
        Assert.Equal(before, during); // the watermark did not move past the batch the held item is in
        Assert.False(resolvedWhileHeld);
        Assert.True(finished.ReachedEnd);
        Assert.Equal(3, stopped.Applied + finished.Applied); // what the stopped run applied is not applied again
        Assert.NotEqual(before!.ContinuationToken, after!.ContinuationToken);
        Assert.All(items, i => Assert.True(host.Groups.GetGroup(i.Group.GroupId)!.IsResolved));
        Assert.All(items, i => Assert.Single(host.Groups.StatusChanges, c => c.GroupId == i.Group.GroupId));
    }

    [Fact]
    public async Task Ten_thousand_revisions_are_read_in_ten_full_batches_and_one_last_call_with_one_host_lookup_per_batch()
    {
        var groups = new CountingGroupStore();
        await using var host = await StartAsync(groups);
        var items = AddLinkedItems(host, 50);
        await ReconcileAsync(host);
        host.Organization.SetSubscriptionStatus(host.Organization.Subscriptions.Single(s => s.EventType == Updated).Id, "disabledByUser");
        var lookupsBefore = groups.BatchLookups;
        for (var i = 0; i < 10_000; i++)
        {
            var (item, _) = items[i % items.Count];
            host.Organization.UpdateFields(item.Id, new Dictionary<string, object?> { ["System.Title"] = "Revision " + i });
        }

        host.Emulator.ClearRequests();
        var result = await ReconcileAsync(host);

        var reads = host.Emulator.Requests.Count(r => r.PathAndQuery.Contains("/_apis/wit/reporting/workitemrevisions", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(10_000, result.RevisionsRead);
        Assert.Equal((10_000 / 1000) + 1, result.Pages);
        Assert.Equal(result.Pages, reads);
        Assert.Equal(10, groups.BatchLookups - lookupsBefore); // the last, empty batch needs none
        Assert.Equal(0, groups.SingleLookups);
        Assert.Equal((0, 0), (result.Applied, result.Superseded)); // titles only: no followed field changed
        Assert.Empty(host.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_linked_item_deleted_while_its_event_was_lost_on_probation_is_confirmed_and_told_once_by_reconciles()
    {
        var deletions = new CountingDeletionStore();
        await using var host = await StartAsync(new CountingGroupStore(), b => b.AddWorkItemDeletionStore(_ => deletions));
        var org = host.Organization;
        var (item, group) = host.AddLinkedBug("group-1");
        await ReconcileAsync(host);
        org.SetSubscriptionStatus(org.Subscriptions.Single(s => s.EventType == Deleted).Id, "onProbation");

        var gone = org.DeleteWorkItem(item.Id);
        await host.Emulator.WaitForLostEventAsync(e => e.EventType == Deleted && e.WorkItemId == item.Id, InboundHost.Timeout());
        var repaired = await ReconcileAsync(host);
        var again = await ReconcileAsync(host);

        Assert.Equal(1, repaired.Deleted);
        Assert.Equal(0, again.Deleted);
        Assert.Equal([(group.GroupId, gone.Id)], deletions.Calls);
        // One recycle bin read for the batch that showed the deletion; none when the second run read nothing new.
        Assert.Single(host.Emulator.Requests, r => r.PathAndQuery.Contains("/_apis/wit/recyclebin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deletion_the_webhook_told_first_is_not_told_again_by_a_reconcile()
    {
        var deletions = new CountingDeletionStore();
        await using var host = await StartAsync(new CountingGroupStore(), b => b.AddWorkItemDeletionStore(_ => deletions));
        var (item, group) = host.AddLinkedBug("group-1");
        await ReconcileAsync(host);

        var gone = host.Organization.DeleteWorkItem(item.Id);
        var delivery = await host.DeliveryAsync(Deleted, item.Id, gone.Revision);
        var result = await ReconcileAsync(host);

        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal(0, result.Deleted);
        Assert.Equal([(group.GroupId, item.Id)], deletions.Calls);
    }

    [Fact]
    public async Task A_deletion_a_reconcile_told_while_the_webhook_was_on_its_way_is_not_told_again_by_the_webhook()
    {
        var deletions = new CountingDeletionStore();
        await using var host = await StartAsync(new CountingGroupStore(), b => b.AddWorkItemDeletionStore(_ => deletions));
        var (item, group) = host.AddLinkedBug("group-1");
        await ReconcileAsync(host);

        EmulatedWorkItem gone;
        VstsReconcileResult result;
        using (host.Emulator.HoldDeliveries())
        {
            gone = host.Organization.DeleteWorkItem(item.Id);
            result = await ReconcileAsync(host);
        }

        var delivery = await host.DeliveryAsync(Deleted, item.Id, gone.Revision);

        Assert.Equal(1, result.Deleted);
        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal([(group.GroupId, item.Id)], deletions.Calls);
    }

    [Fact]
    public async Task A_linked_item_deleted_then_restored_while_events_were_lost_is_not_told_as_deleted()
    {
        var deletions = new CountingDeletionStore();
        await using var host = await StartAsync(new CountingGroupStore(), b => b.AddWorkItemDeletionStore(_ => deletions));
        var org = host.Organization;
        var (item, _) = host.AddLinkedBug("group-1");
        await ReconcileAsync(host);
        org.SetSubscriptionStatus(org.Subscriptions.Single(s => s.EventType == Deleted).Id, "onProbation");

        org.DeleteWorkItem(item.Id);
        await host.Emulator.WaitForLostEventAsync(e => e.EventType == Deleted && e.WorkItemId == item.Id, InboundHost.Timeout());
        org.RestoreWorkItem(item.Id);
        var result = await ReconcileAsync(host);

        Assert.Equal(0, result.Deleted);
        Assert.Empty(deletions.Calls);
        Assert.Single(host.Emulator.Requests, r => r.PathAndQuery.Contains("/_apis/wit/recyclebin", StringComparison.Ordinal));
    }

    /// <summary>Records each call and keeps the links, so a second telling would show.</summary>
    private sealed class CountingDeletionStore : IWorkItemDeletionStore
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string GroupId, int WorkItemId)> _calls = new();

        public IReadOnlyList<(string GroupId, int WorkItemId)> Calls => [.. _calls];

        public Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue((group.GroupId, workItemId));
            return Task.CompletedTask;
        }
    }

    /// <summary>A subscribed host with <paramref name="count"/> linked items, reconciled once (so a watermark is stored).</summary>
    private static async Task<(InboundHost Host, CountingGroupStore Groups, List<(EmulatedWorkItem Item, LinkedGroup Group)> Items)> StartWithItemsAsync(int count)
    {
        var groups = new CountingGroupStore();
        var host = await StartAsync(groups);
        var items = AddLinkedItems(host, count);
        await ReconcileAsync(host);
        return (host, groups, items);
    }

    /// <summary>Every group resolved and assigned to <paramref name="email"/>'s host user, with one resolve each.</summary>
    private static void AssertNewest(InboundHost host, List<(EmulatedWorkItem Item, LinkedGroup Group)> items, string email)
    {
        foreach (var (_, group) in items)
        {
            Assert.True(host.Groups.GetGroup(group.GroupId)!.IsResolved);
            Assert.Equal("user-" + email, host.Assignees.GetAssignee(group.GroupId));
            Assert.Single(host.Groups.StatusChanges, c => c.GroupId == group.GroupId);
        }
    }

    private static async Task<InboundHost> StartAsync(CountingGroupStore groups, Action<IVstsIssueSyncBuilder>? configure = null)
    {
        var host = await InboundHost.StartAsync(b =>
        {
            b.AddGroupStore(_ => groups);
            configure?.Invoke(b);
        });
        groups.Inner = host.Groups;
        foreach (var user in host.Organization.Users.Where(u => u.MailAddress.Length > 0))
        {
            host.Assignees.AddUser(InboundHost.HostProjectId, new HostUser("user-" + user.MailAddress, [user.MailAddress], user.DisplayName));
        }

        await host.SubscribeAsync();
        return host;
    }

    /// <summary>Linked bugs (state New, unassigned); the SDK subscribes to no <c>workitem.created</c>, so the first reconcile tells their state.</summary>
    private static List<(EmulatedWorkItem Item, LinkedGroup Group)> AddLinkedItems(InboundHost host, int count) =>
        [.. Enumerable.Range(1, count).Select(i => host.AddLinkedBug("group-" + i))];

    /// <summary>Waits (bounded) until the emulator has dropped <paramref name="count"/> <c>workitem.updated</c> events.</summary>
    private static async Task<int> LostAsync(InboundHost host, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (host.Emulator.LostEvents.Count(e => e.EventType == Updated) < count && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return host.Emulator.LostEvents.Count(e => e.EventType == Updated);
    }

    private static Task<VstsReconcileResult> ReconcileAsync(InboundHost host) =>
        host.Services.GetRequiredService<IVstsReconciler>().ReconcileAsync(host.Installation, InboundHost.Timeout());
}
