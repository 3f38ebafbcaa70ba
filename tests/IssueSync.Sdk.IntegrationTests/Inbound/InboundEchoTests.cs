using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Inbound;

/// <summary>
/// The SDK's own outbound writes come back from Azure DevOps as webhooks; the host's endpoint
/// answers them 200 and recognises them as echoes, so the host's stores see nothing. Azure DevOps
/// delivers from a background job, after the write's answer; the emulator delivers at once, so each
/// test holds deliveries until the SDK's call (and its write ledger entry) is done.
/// </summary>
public class InboundEchoTests
{
    private const string Updated = "workitem.updated";
    private const string Commented = "workitem.commented";

    [Fact]
    public async Task The_sdks_own_status_write_is_an_echo_and_the_group_store_sees_nothing()
    {
        await using var host = await InboundHost.StartAsync();
        // The host resolved the group, then syncs that out.
        var (item, _) = host.AddLinkedBug("group-1", resolved: true, state: "Active");
        host.Projects.SetStatusMapping(InboundHost.IntegrationId, new VstsProjectStatusMapping(item.ProjectId, ResolvedState: "Resolved", UnresolvedState: "Active"));
        await host.SubscribeAsync();
        var integration = await host.IntegrationAsync();

        OutboundSyncResult written;
        using (host.Emulator.HoldDeliveries())
        {
            written = await integration.SyncStatusOutboundAsync(Linked(item.Id, item.ProjectId), isResolved: true, InboundHost.Timeout());
        }

        var delivery = await host.DeliveryAsync(Updated, item.Id, written.Revision!.Value);

        Assert.Equal(OutboundSyncOutcome.Updated, written.Outcome);
        Assert.Equal("Resolved", host.Organization.GetWorkItem(item.Id)!.State);
        Assert.Equal((200, "Echo"), (delivery.StatusCode, delivery.Outcome));
        Assert.Empty(host.Groups.StatusChanges);
    }

    [Fact]
    public async Task The_sdks_own_assignee_write_is_an_echo_and_the_assignee_store_sees_nothing()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, _) = host.AddLinkedBug("group-1");
        var ada = new HostUser("user-ada", ["ada@example.com"], "Ada");
        host.Assignees.AddUser(InboundHost.HostProjectId, ada);
        await host.SubscribeAsync();
        var integration = await host.IntegrationAsync();

        OutboundSyncResult written;
        using (host.Emulator.HoldDeliveries())
        {
            written = await integration.SyncAssigneeOutboundAsync(Linked(item.Id, item.ProjectId), ada, InboundHost.Timeout());
        }

        var delivery = await host.DeliveryAsync(Updated, item.Id, written.Revision!.Value);

        Assert.Equal(OutboundSyncOutcome.Updated, written.Outcome);
        Assert.Equal("ada@example.com", host.Organization.GetWorkItem(item.Id)!.AssignedTo);
        Assert.Equal((200, "Echo"), (delivery.StatusCode, delivery.Outcome));
        Assert.Empty(host.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task The_sdks_own_comment_is_an_echo_and_the_comment_store_sees_nothing()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, _) = host.AddLinkedBug("group-1");
        await host.SubscribeAsync();
        var integration = await host.IntegrationAsync();

        OutboundSyncResult written;
        using (host.Emulator.HoldDeliveries())
        {
            written = await integration.AddCommentAsync(Linked(item.Id, item.ProjectId), new HostComment("Seen by **3 users** today.", "Jamie"), InboundHost.Timeout());
        }

        var revision = host.Organization.GetWorkItem(item.Id)!.Revision;
        var commented = await host.DeliveryAsync(Commented, item.Id, revision);
        var updated = await host.DeliveryAsync(Updated, item.Id, revision);

        Assert.Equal(OutboundSyncOutcome.Updated, written.Outcome);
        Assert.Equal(written.CommentId, Assert.Single(host.Organization.GetComments(item.Id)).Id);
        Assert.Equal((200, "Echo"), (commented.StatusCode, commented.Outcome));
        Assert.Equal((200, "Ignored"), (updated.StatusCode, updated.Outcome)); // no field the sync follows changed
        Assert.Empty(host.Comments.Comments);
    }

    [Fact]
    public async Task Own_writes_whose_webhooks_arrive_before_their_answers_are_echoes_too()
    {
        // No hold: the emulator delivers as soon as it has stored the revision, often before the
        // SDK has read the write's answer (3 of 30 were applied back before writes were tracked in flight).
        await using var host = await InboundHost.StartAsync();
        var (item, _) = host.AddLinkedBug("group-1");
        HostUser[] people = [new("user-ada", ["ada@example.com"], "Ada"), new("user-grace", ["grace@example.com"], "Grace")];
        foreach (var person in people)
        {
            host.Assignees.AddUser(InboundHost.HostProjectId, person);
        }

        await host.SubscribeAsync();
        var integration = await host.IntegrationAsync();

        var revisions = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var written = await integration.SyncAssigneeOutboundAsync(Linked(item.Id, item.ProjectId), people[i % 2], InboundHost.Timeout());
            revisions.Add(written.Revision!.Value);
        }

        var comment = await integration.AddCommentAsync(Linked(item.Id, item.ProjectId), new HostComment("From the host", "Jamie"), InboundHost.Timeout());
        var commentRevision = host.Organization.GetWorkItem(item.Id)!.Revision;

        foreach (var revision in revisions)
        {
            var delivery = await host.DeliveryAsync(Updated, item.Id, revision);
            Assert.Equal((revision, 200, "Echo"), (revision, delivery.StatusCode, delivery.Outcome));
        }

        var commented = await host.DeliveryAsync(Commented, item.Id, commentRevision);
        Assert.Equal((200, "Echo"), (commented.StatusCode, commented.Outcome));
        Assert.NotNull(comment.CommentId);
        Assert.Empty(host.Assignees.AssigneeChanges);
        Assert.Empty(host.Comments.Comments);
    }

    [Fact]
    public async Task A_persons_edit_under_the_identity_the_sdk_authenticates_as_is_applied_not_taken_for_an_echo()
    {
        await using var host = await InboundHost.StartAsync();
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();

        // The PAT's owner edits in the web UI: the same identity as the SDK's writes, but no ledger entry.
        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.AuthenticatedUser);
        var delivery = await host.DeliveryAsync(Updated, item.Id, resolved.Revision);

        Assert.Equal((200, "Applied"), (delivery.StatusCode, delivery.Outcome));
        Assert.Equal([new GroupStatusChange(group.GroupId, true, ChangeSource.FromIntegration(InboundHost.IntegrationId))], host.Groups.StatusChanges);
    }

    private static LinkedWorkItem Linked(int id, string projectId) => new(id.ToString(CultureInfo.InvariantCulture), projectId);
}
