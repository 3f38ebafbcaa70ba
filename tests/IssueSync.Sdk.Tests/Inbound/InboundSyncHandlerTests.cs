using System.Text.Json.Nodes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>The handler's steps in order, each with its status and what the host's stores saw.</summary>
public sealed class InboundSyncHandlerTests : IDisposable
{
    private readonly InboundTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    /// <summary>A <c>workitem.updated</c> (resourceVersion 1.0) of <see cref="InboundTestKit.WorkItemId"/>.</summary>
    internal static JsonObject Updated(int rev = 5, int notificationId = 1, string? eventId = null, JsonObject? fields = null, string? revisedById = "d6245f20-2af8-44f4-9451-8107cb2767db")
    {
        var changed = fields ?? [];
        changed["System.Rev"] = new JsonObject { ["oldValue"] = rev - 1, ["newValue"] = rev };
        return new JsonObject
        {
            ["subscriptionId"] = InboundTestKit.SubscriptionId,
            ["notificationId"] = notificationId,
            ["id"] = eventId ?? Guid.NewGuid().ToString("D"),
            ["eventType"] = "workitem.updated",
            ["publisherId"] = "tfs",
            ["resource"] = new JsonObject
            {
                ["id"] = 2, // the update number, not the work item
                ["workItemId"] = InboundTestKit.WorkItemId,
                ["rev"] = rev,
                ["revisedBy"] = revisedById is null ? null : new JsonObject { ["id"] = revisedById, ["name"] = "lauryn <lauryn@sentry.io>" },
                ["fields"] = changed,
                ["revision"] = new JsonObject
                {
                    ["id"] = InboundTestKit.WorkItemId,
                    ["rev"] = rev,
                    ["fields"] = new JsonObject { ["System.WorkItemType"] = "Bug", ["System.TeamProject"] = "MyFirstProject", ["System.State"] = "Active" },
                },
            },
            ["resourceVersion"] = "1.0",
            ["resourceContainers"] = new JsonObject
            {
                ["collection"] = new JsonObject { ["id"] = InboundTestKit.OrganizationId },
                ["account"] = new JsonObject { ["id"] = InboundTestKit.OrganizationId },
                ["project"] = new JsonObject { ["id"] = InboundTestKit.ProjectId },
            },
        };
    }

    internal static JsonObject State(string? oldValue, string newValue) => new()
    {
        ["System.State"] = oldValue is null ? new JsonObject { ["newValue"] = newValue } : new JsonObject { ["oldValue"] = oldValue, ["newValue"] = newValue },
    };

    internal static JsonObject AssignedTo(JsonNode? oldValue, JsonNode? newValue)
    {
        var pair = new JsonObject();
        if (oldValue is not null)
        {
            pair["oldValue"] = oldValue;
        }

        if (newValue is not null)
        {
            pair["newValue"] = newValue;
        }

        return new JsonObject { ["System.AssignedTo"] = pair };
    }

    [Fact]
    public async Task Active_to_resolved_resolves_every_linked_group_with_the_source_marker()
    {
        _kit.Link("g1");
        _kit.Link("g2");
        _kit.Link("g3", resolved: true);
        _kit.ExpectBugStates();

        var result = await _kit.DeliverAsync(Updated(fields: State("Active", "Resolved")).ToJsonString());

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(["g1", "g2"], result.ChangedGroupIds);
        var source = ChangeSource.FromIntegration(InboundTestKit.IntegrationId);
        Assert.Equal([new GroupStatusChange("g1", true, source), new GroupStatusChange("g2", true, source)], _kit.Groups.StatusChanges);
        _kit.Client.AssertSingleSent(HttpMethod.Get, InboundTestKit.BugStatesUrl);
    }

    [Fact]
    public async Task Resolved_to_active_unresolves()
    {
        _kit.Link("g1", resolved: true);
        _kit.ExpectBugStates();

        var result = await _kit.DeliverAsync(Updated(fields: State("Resolved", "Active")).ToJsonString());

        Assert.Equal(VstsWebhookOutcome.Applied, result.Outcome);
        Assert.Equal([new GroupStatusChange("g1", false, ChangeSource.FromIntegration(InboundTestKit.IntegrationId))], _kit.Groups.StatusChanges);
    }

    [Theory]
    [InlineData("New", "Active")]
    [InlineData("Active", "In Review")]
    public async Task Moves_between_not_done_states_change_nothing(string from, string to)
    {
        _kit.Link("g1", resolved: true);
        _kit.ExpectBugStates();

        var result = await _kit.DeliverAsync(Updated(fields: State(from, to)).ToJsonString());

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(result.ChangedGroupIds);
        Assert.Empty(_kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task Assignment_as_name_and_email_assigns_the_host_user_with_that_email()
    {
        _kit.Link("g1");
        _kit.AddUser("u2", "Lauryn2@Sentry.io");

        var result = await _kit.DeliverAsync(Updated(fields: AssignedTo("lauryn <lauryn@sentry.io>", "lauryn2 <lauryn2@sentry.io>")).ToJsonString());

        Assert.Equal(VstsWebhookOutcome.Applied, result.Outcome);
        Assert.Equal([new GroupAssigneeChange("g1", "u2", ChangeSource.FromIntegration(InboundTestKit.IntegrationId))], _kit.Assignees.AssigneeChanges);
        Assert.Empty(_kit.Client.Requests);
    }

    [Fact]
    public async Task Unassignment_deassigns()
    {
        _kit.Link("g1", assignee: "u1");

        var result = await _kit.DeliverAsync(Updated(fields: AssignedTo("lauryn <lauryn@sentry.io>", null)).ToJsonString());

        Assert.Equal(["g1"], result.ChangedGroupIds);
        Assert.Equal([new GroupAssigneeChange("g1", null, ChangeSource.FromIntegration(InboundTestKit.IntegrationId))], _kit.Assignees.AssigneeChanges);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task A_missing_or_wrong_secret_is_401_and_touches_no_store(string? secret)
    {
        _kit.Link("g1");

        var result = await _kit.DeliverAsync(Updated(fields: State("Active", "Resolved")).ToJsonString(), secret);

        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Groups.StatusChanges);
        Assert.Null(await _kit.Deliveries.GetRevisionWatermarkAsync(InboundTestKit.OrganizationId, InboundTestKit.WorkItemId));
        Assert.Empty(_kit.Client.Requests);
    }

    [Fact]
    public async Task A_duplicate_delivery_is_applied_once()
    {
        _kit.Link("g1");
        _kit.ExpectBugStates();
        var json = Updated(fields: State("Active", "Resolved")).ToJsonString();

        var first = await _kit.DeliverAsync(json);
        var second = await _kit.DeliverAsync(json);

        Assert.Equal(VstsWebhookOutcome.Applied, first.Outcome);
        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (second.StatusCode, second.Outcome));
        Assert.Single(_kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task Revision_5_then_4_ignores_4()
    {
        _kit.Link("g1");
        _kit.AddUser("u1", "ada@example.com");
        _kit.AddUser("u2", "grace@example.com");

        var five = await _kit.DeliverAsync(Updated(rev: 5, notificationId: 2, fields: AssignedTo(null, "ada@example.com")).ToJsonString());
        var four = await _kit.DeliverAsync(Updated(rev: 4, notificationId: 1, fields: AssignedTo(null, "grace@example.com")).ToJsonString());

        Assert.Equal(VstsWebhookOutcome.Applied, five.Outcome);
        Assert.Equal((200, VstsWebhookOutcome.Stale), (four.StatusCode, four.Outcome));
        Assert.Equal("u1", _kit.Assignees.GetAssignee("g1"));
        Assert.Equal(5, await _kit.Deliveries.GetRevisionWatermarkAsync(InboundTestKit.OrganizationId, InboundTestKit.WorkItemId));
    }

    [Fact]
    public async Task The_sdks_own_write_is_an_echo()
    {
        _kit.Link("g1");
        await _kit.Deliveries.RecordOwnWriteAsync(new OwnWrite(InboundTestKit.OrganizationId, InboundTestKit.WorkItemId, 5, ["System.State"]));

        var result = await _kit.DeliverAsync(Updated(rev: 5, fields: State("Active", "Resolved")).ToJsonString());

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Groups.StatusChanges);
        Assert.Empty(_kit.Client.Requests);
    }

    [Fact]
    public async Task A_store_failure_answers_503_and_the_redelivery_is_applied()
    {
        _kit.Link("g1");
        _kit.ExpectBugStates();
        _kit.Groups.FailNextWrites();
        var json = Updated(fields: State("Active", "Resolved")).ToJsonString();

        var failed = await _kit.DeliverAsync(json);
        var redelivered = await _kit.DeliverAsync(json);

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(60), failed.RetryAfter);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Equal([new GroupStatusChange("g1", true, ChangeSource.FromIntegration(InboundTestKit.IntegrationId))], _kit.Groups.StatusChanges);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"eventType":"workitem.updated"}""")]
    [InlineData("""{"resourceContainers":{"collection":{"id":"80ded3e8-3cd3-43b1-9f96-52032624aa3a"}}}""")]
    [InlineData("""{"eventType":"workitem.updated","resourceContainers":{"collection":{"id":"x"}}} trailing""")]
    public async Task A_body_that_is_no_webhook_is_400(string body)
    {
        var result = await _kit.DeliverAsync(body);

        Assert.Equal((400, VstsWebhookOutcome.InvalidPayload), (result.StatusCode, result.Outcome));
    }

    [Fact]
    public async Task An_unknown_organization_is_401()
    {
        var json = Updated(fields: State("Active", "Resolved"));
        json["resourceContainers"]!["collection"]!["id"] = "00000000-0000-0000-0000-000000000001";

        var result = await _kit.DeliverAsync(json.ToJsonString());

        Assert.Equal((401, VstsWebhookOutcome.UnknownOrganization), (result.StatusCode, result.Outcome));
    }
}
