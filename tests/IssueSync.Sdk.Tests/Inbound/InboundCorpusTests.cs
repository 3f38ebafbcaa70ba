using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>Each corpus payload, delivered as Azure DevOps sends it: the answer, what the host's stores saw, the watermark and the HTTP calls.</summary>
public sealed class InboundCorpusTests : InboundTestBase
{
    [Theory]
    [InlineData("updated-assigned-string.json", "lauryn2@sentry.io", 3)]
    [InlineData("updated-assigned-identity-object.json", "ada@example.com", 4)]
    [InlineData("updated-assigned-bare-email.json", "ada@example.com", 5)]
    [InlineData("updated-assigned-first-value.json", "lauryn@sentry.io", 2)]
    [InlineData("updated-legacy-baseurl.json", "lauryn@sentry.io", 12)]
    public async Task An_assignment_assigns_every_linked_group_to_the_host_user_with_that_email(string file, string email, int rev)
    {
        Kit.Link("g1");
        Kit.Link("g2", assignee: "u-someone-else");
        Kit.Link("g-other-item", workItemId: WorkItemId + 1);
        Kit.AddUser("u-someone-else", "someone@example.com");
        Kit.AddUser("u-match", email);

        var result = await Kit.DeliverAsync(file);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(("workitem.updated", WorkItemId, rev), (result.EventType, result.WorkItemId, result.Revision));
        Assert.Equal(["g1", "g2"], result.ChangedGroupIds);
        Assert.Equal([new("g1", "u-match", InboundTestKit.Source), new GroupAssigneeChange("g2", "u-match", InboundTestKit.Source)], Kit.Assignees.AssigneeChanges);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Equal(rev, await Kit.WatermarkAsync());
        // No call at all: not to the payload's baseUrl (legacy or not), and no states read for an assignee change.
        Assert.Empty(Kit.Client.Requests);
    }

    [Fact]
    public async Task An_unassignment_deassigns_every_linked_group_through_the_store()
    {
        Kit.Link("g1", assignee: "u1");
        // A host that does not fill LinkedGroup.AssigneeUserId must hear of the unassignment too.
        Kit.Link("g2");

        var result = await Kit.DeliverAsync("updated-unassigned.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        // Only g1 is known to have changed; g2's store still hears of the unassignment (idempotent for the host).
        Assert.Equal(["g1"], result.ChangedGroupIds);
        Assert.Equal([new GroupAssigneeChange("g1", null, InboundTestKit.Source), new GroupAssigneeChange("g2", null, InboundTestKit.Source)], Kit.Assignees.AssigneeChanges);
        Assert.Null(Kit.Groups.GetGroup("g1")!.AssigneeUserId);
        Assert.Equal(6, await Kit.WatermarkAsync());
        Assert.Empty(Kit.Client.Requests);
    }

    [Fact]
    public async Task Active_to_Resolved_resolves_every_linked_group_with_the_source_marker()
    {
        Kit.Link("g1");
        Kit.Link("g2");
        Kit.Link("g3", resolved: true);
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(["g1", "g2"], result.ChangedGroupIds);
        Assert.Equal([new("g1", true, InboundTestKit.Source), new GroupStatusChange("g2", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.True(Kit.Groups.GetGroup("g2")!.IsResolved);
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal(9, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task Resolved_to_Active_unresolves_the_resolved_groups()
    {
        Kit.Link("g1", resolved: true);
        Kit.Link("g2");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("updated-state-resolved-active.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(["g1"], result.ChangedGroupIds);
        Assert.Equal([new GroupStatusChange("g1", false, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.Equal(10, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Theory]
    [InlineData("updated-state-new-active.json", 7)]
    [InlineData("updated-state-active-inreview.json", 8)]
    public async Task Moves_between_states_that_are_not_done_change_nothing(string file, int rev)
    {
        Kit.Link("g1", resolved: true);
        Kit.Link("g2");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync(file);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(result.ChangedGroupIds);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Equal(0, Kit.Probe.CountOf("IGroupStore.ResolveAsync") + Kit.Probe.CountOf("IGroupStore.UnresolveAsync"));
        Assert.Equal(rev, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task Created_as_New_leaves_an_unresolved_group_alone()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("created-new.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(("workitem.created", WorkItemId, 1), (result.EventType, result.WorkItemId, result.Revision));
        Assert.Empty(result.ChangedGroupIds);
        Assert.Empty(Kit.Groups.StatusChanges);
        // Its assignee (lauryn) is no host user: nothing to assign either.
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal(1, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task Revisions_as_strings_and_a_null_revisedBy_are_read_leniently()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("updated-rev-as-strings.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(11, result.Revision);
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.Equal(11, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task The_4_KB_payload_applies_its_state_and_its_assignee()
    {
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(["g1"], result.ChangedGroupIds);
        Assert.Equal([new GroupStatusChange("g1", true, InboundTestKit.Source)], Kit.Groups.StatusChanges);
        Assert.Equal([new GroupAssigneeChange("g1", "u-lauryn2", InboundTestKit.Source)], Kit.Assignees.AssigneeChanges);
        Assert.Equal(13, await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }
}
