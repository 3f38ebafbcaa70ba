using System.Net;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>Steps 8 and 9: how an assignee or a state change reaches the host, and when a group is left as it is.</summary>
public sealed class InboundApplyTests : InboundTestBase
{
    // ---- 8. Assignee ----

    [Theory]
    [InlineData("Just A Display Name")]
    [InlineData("Someone <not-an-email>")]
    [InlineData("FABRIKAM\\lauryn")]
    public async Task An_assignee_without_an_email_is_logged_and_changes_nothing(string assignee)
    {
        Kit.Link("g1", assignee: "u1");
        Kit.AddUser("u-lauryn", "lauryn@sentry.io");

        var result = await Kit.DeliverAsync(Edit("updated-assigned-string.json").WithAssignedTo("lauryn <lauryn@sentry.io>", assignee));

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(result.ChangedGroupIds);
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal(0, Kit.Probe.CountOf("IAssigneeStore.FindUserByEmailAsync"));
        var warning = Assert.Single(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7010);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(3, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task An_identity_object_whose_email_escapes_no_text_is_an_assignee_without_an_email()
    {
        Kit.Link("g1", assignee: "u1");
        Kit.AddUser("u-ada", "ada@example.com");
        var text = Encoding.UTF8.GetString(Load("updated-assigned-identity-object.json"));
        var body = text.Replace("\"uniqueName\": \"ada@example.com\"", "\"uniqueName\": \"ada@example.com\\uDC00\"", StringComparison.Ordinal);

        var result = await Kit.DeliverTextAsync(body);

        Assert.NotEqual(text, body);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Single(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7010);
    }

    [Fact]
    public async Task An_email_no_host_user_has_leaves_the_group_alone()
    {
        Kit.Link("g1", assignee: "u1");
        Kit.AddUser("u1", "someone@example.com");

        var result = await Kit.DeliverAsync("updated-assigned-bare-email.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal("u1", Kit.Groups.GetGroup("g1")!.AssigneeUserId);
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7011);
        Assert.Equal(5, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task A_group_already_assigned_to_that_user_gets_no_write()
    {
        Kit.Link("g1", assignee: "u-ada");
        Kit.AddUser("u-ada", "ada@example.com");

        var result = await Kit.DeliverAsync("updated-assigned-bare-email.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal("Applied; no group needed a change.", result.Reason);
        Assert.Empty(result.ChangedGroupIds);
        Assert.Equal(0, Kit.Probe.CountOf("IAssigneeStore.AssignAsync"));
        Assert.Equal(5, await Kit.WatermarkAsync());
    }

    [Fact]
    public async Task The_user_is_looked_up_once_per_host_project()
    {
        // Projects interleaved: each looked up once, whichever group comes first.
        Kit.Link("g1");
        Kit.Groups.Link(InboundTestKit.IntegrationId, WorkItemId, new LinkedGroup("g2", "other-project", IsResolved: false));
        Kit.Link("g3");
        Kit.Groups.Link(InboundTestKit.IntegrationId, WorkItemId, new LinkedGroup("g4", "other-project", IsResolved: false));
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.Assignees.AddUser("other-project", new HostUser("u-ada-other", ["ada@example.com"]));

        var result = await Kit.DeliverAsync("updated-assigned-bare-email.json");

        Assert.Equal(["g1", "g2", "g3", "g4"], result.ChangedGroupIds);
        Assert.Equal(["u-ada", "u-ada-other", "u-ada", "u-ada-other"], Kit.Assignees.AssigneeChanges.Select(c => c.UserId));
        Assert.Equal(
            [$"IAssigneeStore.FindUserByEmailAsync({InboundTestKit.HostProjectId}, ada@example.com)", "IAssigneeStore.FindUserByEmailAsync(other-project, ada@example.com)"],
            Kit.Probe.Calls.Where(c => c.StartsWith("IAssigneeStore.FindUserByEmailAsync", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task No_linked_group_is_applied_with_nothing_to_change_and_the_watermark_moves()
    {
        Kit.Link("g-elsewhere", workItemId: WorkItemId + 1);
        Kit.AddUser("u-ada", "ada@example.com");

        var result = await Kit.DeliverAsync("updated-assigned-bare-email.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Equal(0, Kit.Probe.CountOf("IAssigneeStore.FindUserByEmailAsync"));
        Assert.Equal(5, await Kit.WatermarkAsync());
    }

    // ---- 9. Status ----

    [Fact]
    public async Task A_group_already_in_the_target_state_is_left_alone()
    {
        Kit.Link("g1", resolved: true);
        Kit.ExpectBugStates();

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(result.ChangedGroupIds);
        Assert.Equal(0, Kit.Probe.CountOf("IGroupStore.ResolveAsync"));
        Assert.Empty(Kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task When_the_states_cannot_be_read_no_group_changes_the_state_watermark_stays_and_a_warning_is_logged()
    {
        Kit.Link("g1");
        Kit.Client.Expect(HttpMethod.Get, InboundTestKit.BugStatesUrl).Respond(HttpStatusCode.InternalServerError);

        var result = await Kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Groups.StatusChanges);
        // Not decided is not applied: a later look at this revision (reconciliation) can still make the decision.
        Assert.Null(await Kit.WatermarkAsync());
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
        var warning = Assert.Single(Kit.Logs.GetSnapshot(), r => r.Id.Id == 6001);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task The_resolve_decision_is_cached_a_second_status_delivery_of_the_type_makes_no_call()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();

        var resolved = await Kit.DeliverAsync("updated-state-active-resolved.json");
        var reopened = await Kit.DeliverAsync("updated-state-resolved-active.json");

        Assert.Equal((VstsWebhookOutcome.Applied, VstsWebhookOutcome.Applied), (resolved.Outcome, reopened.Outcome));
        Assert.Equal([true, false], Kit.Groups.StatusChanges.Select(c => c.Resolved));
        Kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task A_warm_decision_builds_no_client()
    {
        var created = 0;
        using var kit = new InboundTestKit(configureServices: services =>
        {
            // Count the clients the handler builds: only a cold decision needs one.
            var registered = services.Last(d => d.ServiceType == typeof(IVstsClientFactory));
            services.Remove(registered);
            services.AddSingleton<IVstsClientFactory>(sp => new CountingClientFactory((IVstsClientFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), () => Interlocked.Increment(ref created)));
        });
        kit.Link("g1");
        kit.ExpectBugStates();
        var before = created; // the harness's own client

        await kit.DeliverAsync("updated-state-active-resolved.json");
        await kit.DeliverAsync("updated-state-resolved-active.json");
        await kit.DeliverAsync(Edit("updated-state-active-resolved.json").AsDelivery(3).WithRev(20));

        Assert.Equal(1, created - before);
        Assert.Equal([true, false, true], kit.Groups.StatusChanges.Select(c => c.Resolved));
        kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    private sealed class CountingClientFactory(IVstsClientFactory inner, Action onCreate) : IVstsClientFactory
    {
        public IVstsClient CreateClient(VstsConnection connection)
        {
            onCreate();
            return inner.CreateClient(connection);
        }
    }

}
