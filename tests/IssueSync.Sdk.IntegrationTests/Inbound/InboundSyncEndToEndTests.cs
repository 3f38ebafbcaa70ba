using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Inbound;

/// <summary>
/// Inbound sync end to end: the SDK subscribes a real ASP.NET Core host to the emulator, a person
/// changes work items "in Azure DevOps", the emulator delivers the webhooks over https, and the
/// host's stores see the changes (or, for the SDK's own writes, nothing).
/// </summary>
public class InboundSyncEndToEndTests
{
    private const string Updated = "workitem.updated";
    private const string Commented = "workitem.commented";
    private const string Deleted = "workitem.deleted";

    private static readonly ChangeSource FromIntegration = ChangeSource.FromIntegration(InboundHost.IntegrationId);

    [Fact]
    public async Task EnsureAsync_subscribes_the_host_callback_to_updated_deleted_and_commented_with_a_secret()
    {
        await using var host = await InboundHost.StartAsync();

        var report = await host.SubscribeAsync();

        Assert.True(report.IsHealthy);
        var subscriptions = host.Organization.Subscriptions;
        Assert.Equal([Commented, Deleted, Updated], subscriptions.Select(s => s.EventType).Order(StringComparer.Ordinal));
        Assert.All(subscriptions, s => Assert.Equal(("enabled", host.CallbackUrl.AbsoluteUri), (s.Status, s.Url)));
        Assert.StartsWith("https://127.0.0.1:", host.CallbackUrl.AbsoluteUri, StringComparison.Ordinal);
        var installation = host.Installation;
        Assert.NotNull(installation.WebhookSecrets);
        Assert.Equal(subscriptions.Select(s => s.Id).Order(), installation.Subscriptions.Select(s => s.SubscriptionId).Order());
    }

    [Fact]
    public async Task A_person_resolving_then_reactivating_the_work_item_resolves_then_unresolves_every_linked_group()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, first) = host.AddLinkedBug("group-1", state: "Active");
        var second = host.Groups.Link(InboundHost.IntegrationId, item.Id, new LinkedGroup("group-2", InboundHost.HostProjectId, IsResolved: false));
        await host.SubscribeAsync();
        var grace = host.Organization.Users[2];

        var resolved = host.Organization.SetState(item.Id, "Resolved", by: grace);
        var resolvedDelivery = await host.DeliveryAsync(Updated, item.Id, resolved.Revision);
        var afterResolve = host.Groups.StatusChanges;
        var reactivated = host.Organization.SetState(item.Id, "Active", by: grace);
        var reactivatedDelivery = await host.DeliveryAsync(Updated, item.Id, reactivated.Revision);

        Assert.Equal((200, "Applied"), (resolvedDelivery.StatusCode, resolvedDelivery.Outcome));
        Assert.Equal([new GroupStatusChange(first.GroupId, true, FromIntegration), new GroupStatusChange(second.GroupId, true, FromIntegration)], afterResolve);
        Assert.Equal((200, "Applied"), (reactivatedDelivery.StatusCode, reactivatedDelivery.Outcome));
        Assert.Equal(
            [new GroupStatusChange(first.GroupId, false, FromIntegration), new GroupStatusChange(second.GroupId, false, FromIntegration)],
            host.Groups.StatusChanges.Skip(2));
        Assert.False(host.Groups.GetGroup(first.GroupId)!.IsResolved);
    }

    [Fact]
    public async Task A_move_that_is_no_resolve_leaves_the_group_alone_and_is_still_answered_200()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1");
        await host.SubscribeAsync();

        var active = host.Organization.SetState(item.Id, "Active", by: host.Organization.Users[2]);
        var delivery = await host.DeliveryAsync(Updated, item.Id, active.Revision);

        Assert.Equal((200, "Applied"), (delivery.StatusCode, delivery.Outcome));
        Assert.Empty(host.Groups.StatusChanges);
        Assert.False(host.Groups.GetGroup(group.GroupId)!.IsResolved);
    }

    [Fact]
    public async Task Assigning_by_email_assigns_the_host_user_an_unknown_person_changes_nothing_and_unassigning_deassigns()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1");
        host.Assignees.AddUser(InboundHost.HostProjectId, new HostUser("user-ada", ["ADA@example.com"], "Ada"));
        await host.SubscribeAsync();
        var org = host.Organization;
        var grace = org.Users[2];

        var toAda = await host.DeliveryAsync(Updated, item.Id, org.Assign(item.Id, org.Users[1], by: grace).Revision);
        var afterAda = host.Assignees.AssigneeChanges;
        var toGrace = await host.DeliveryAsync(Updated, item.Id, org.Assign(item.Id, grace, by: grace).Revision);
        var afterGrace = host.Assignees.AssigneeChanges;
        var toNobody = await host.DeliveryAsync(Updated, item.Id, org.Assign(item.Id, assignee: null, by: grace).Revision);

        Assert.All([toAda, toGrace, toNobody], d => Assert.Equal(200, d.StatusCode));
        Assert.Equal([new GroupAssigneeChange(group.GroupId, "user-ada", FromIntegration)], afterAda);
        Assert.Equal(afterAda, afterGrace); // Grace has no host account: logged, nothing changed
        Assert.Equal(new GroupAssigneeChange(group.GroupId, null, FromIntegration), host.Assignees.AssigneeChanges[^1]);
        Assert.Equal(2, host.Assignees.AssigneeChanges.Count);
        Assert.Null(host.Groups.GetGroup(group.GroupId)!.AssigneeUserId);
    }

    [Fact]
    public async Task A_persons_comment_reaches_the_comment_store_with_its_id_author_and_text()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1");
        await host.SubscribeAsync();
        var grace = host.Organization.Users[2];

        var comment = host.Organization.AddComment(item.Id, "<div>Reproduced on <b>staging</b>.</div>", by: grace);
        var revision = host.Organization.GetWorkItem(item.Id)!.Revision;
        var commented = await host.DeliveryAsync(Commented, item.Id, revision);
        var updated = await host.DeliveryAsync(Updated, item.Id, revision);

        Assert.Equal((200, "Applied"), (commented.StatusCode, commented.Outcome));
        Assert.Equal((200, "Ignored"), (updated.StatusCode, updated.Outcome)); // the same revision as an update: no field the sync follows changed
        var stored = Assert.Single(host.Comments.Comments);
        Assert.Equal((group.GroupId, FromIntegration), (stored.GroupId, stored.Source));
        Assert.Equal(
            (item.Id, (int?)comment.Id, "<div>Reproduced on <b>staging</b>.</div>", "Grace Hopper", "grace@example.com"),
            (stored.Comment.WorkItemId, stored.Comment.CommentId, stored.Comment.Text, stored.Comment.AuthorDisplayName, stored.Comment.AuthorEmail));
        Assert.NotNull(stored.Comment.CreatedAt);
    }

    [Fact]
    public async Task Deleting_the_work_item_tells_the_deletion_store_about_every_linked_group()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1");
        await host.SubscribeAsync();

        var deleted = host.Organization.DeleteWorkItem(item.Id);
        var delivery = await host.DeliveryAsync(Deleted, item.Id, deleted.Revision);

        Assert.True(deleted.IsDeleted);
        Assert.Equal((200, "Applied"), (delivery.StatusCode, delivery.Outcome));
        Assert.Equal([new GroupWorkItemDeletion(group.GroupId, item.Id, FromIntegration)], host.Deletions.Deletions);
        Assert.Empty(await host.Groups.FindLinkedGroupsAsync(InboundHost.IntegrationId, item.Id, InboundHost.Timeout()));
    }

    [Fact]
    public async Task A_rotated_secret_is_on_every_subscription_and_deliveries_stay_verified()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();
        var before = host.Installation.WebhookSecrets!.Current;

        var report = await host.Subscriptions.RotateSecretAsync(host.Installation, host.CallbackUrl, InboundHost.Timeout());
        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.Users[2]);
        var delivery = await host.DeliveryAsync(Updated, item.Id, resolved.Revision);

        var secrets = host.Installation.WebhookSecrets!;
        Assert.True(report.SecretRotated);
        Assert.False(report.RotationPending);
        Assert.NotEqual(before, secrets.Current);
        Assert.Null(secrets.Previous); // the rotation completed: only the new secret is accepted now
        foreach (var subscription in host.Organization.Subscriptions)
        {
            var remote = await host.Client.Subscriptions.GetAsync(subscription.Id, InboundHost.Timeout());
            Assert.Equal("Shared-Secret:" + secrets.Current, remote.ConsumerInputs["httpHeaders"]);
        }

        Assert.Equal((200, "Applied"), (delivery.StatusCode, delivery.Outcome));
        Assert.Equal([new GroupStatusChange(group.GroupId, true, FromIntegration)], host.Groups.StatusChanges);
    }

    [Fact]
    public async Task A_wrong_secret_configured_on_the_subscription_is_answered_401_and_no_store_is_touched()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();
        var subscription = host.Organization.Subscriptions.Single(s => s.EventType == Updated);
        await host.SetSubscriptionHeadersAsync(subscription.Id, "Shared-Secret:not-the-secret");

        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.Users[2]);
        var delivery = await host.DeliveryAsync(Updated, item.Id, resolved.Revision);

        Assert.Equal((401, "Unauthorized"), (delivery.StatusCode, delivery.Outcome));
        Assert.DoesNotContain("not-the-secret", delivery.ResponseBody, StringComparison.Ordinal);
        Assert.Empty(host.Groups.StatusChanges);
        Assert.False(host.Groups.GetGroup(group.GroupId)!.IsResolved);
    }
}
