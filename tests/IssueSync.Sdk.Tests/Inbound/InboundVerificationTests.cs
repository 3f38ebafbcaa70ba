using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Steps 1 to 5: size limit (413), triage (400), installation (401), shared secret (401) and event type
/// (200, ignored); a delivery stopped there changes nothing and touches no store it does not need.
/// </summary>
public sealed class InboundVerificationTests : InboundTestBase
{
    private const string Lookup = "IIntegrationStore.FindByOrganizationIdAsync(" + CollectionId + ")";

    // ---- 1. Size ----

    [Theory]
    [InlineData(-1, 413)]
    [InlineData(0, 200)]
    public async Task A_body_over_the_configured_MaxBodyBytes_is_413_and_touches_nothing(int limitOffset, int status)
    {
        var body = Load(Benchmark);
        using var kit = new InboundTestKit(configureOptions: o => o.Webhook.MaxBodyBytes = body.Length + limitOffset);
        kit.Link("g1");
        kit.ExpectBugStates();

        var result = await kit.DeliverAsync(body);

        Assert.Equal(status, result.StatusCode);
        if (status == 413)
        {
            Assert.Equal(VstsWebhookOutcome.PayloadTooLarge, result.Outcome);
            Assert.Empty(kit.Probe.Calls);
            Assert.Empty(kit.Groups.StatusChanges);
            Assert.Empty(kit.Client.Requests);
            Assert.Null(await kit.WatermarkAsync());
            Assert.Contains(kit.Logs.GetSnapshot(), r => r.Id.Id == 7001);
        }
        else
        {
            Assert.Single(kit.Groups.StatusChanges);
        }
    }

    [Fact]
    public async Task The_default_limit_is_2_MB_and_64_KB()
    {
        Kit.Link("g1");
        Kit.ExpectBugStates();
        var payload = Load("updated-state-active-resolved.json");
        // Whitespace after the object is still one JSON document.
        var atLimit = Padded(payload, VstsWebhookOptions.DefaultMaxBodyBytes);
        var overLimit = Padded(payload, VstsWebhookOptions.DefaultMaxBodyBytes + 1);

        var over = await Kit.DeliverAsync(overLimit);
        var at = await Kit.DeliverAsync(atLimit);

        Assert.Equal((413, VstsWebhookOutcome.PayloadTooLarge), (over.StatusCode, over.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (at.StatusCode, at.Outcome));
        Assert.Single(Kit.Groups.StatusChanges);
    }

    // ---- 2. Triage ----

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"workitem.updated\"")]
    [InlineData("{\"eventType\":\"workitem.updated\"")]
    [InlineData("{\"eventType\":\"workitem.updated\"}")]
    [InlineData("{\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}}")]
    [InlineData("{\"eventType\":42,\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}}")]
    [InlineData("{\"eventType\":null,\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":\"\"}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":\"  \"}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":\"\\uD800\"}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":42}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"\\uDC00\":1,\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":\"" + CollectionId + "\"}}")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}} trailing")]
    [InlineData("{\"eventType\":\"workitem.updated\",\"resourceContainers\":{\"collection\":{\"id\":\"" + CollectionId + "\"}}}{}")]
    public async Task A_body_that_is_no_webhook_is_400_and_touches_no_store(string body)
    {
        var result = await Kit.DeliverTextAsync(body);

        Assert.Equal((400, VstsWebhookOutcome.InvalidPayload), (result.StatusCode, result.Outcome));
        Assert.Empty(Kit.Probe.Calls);
        Assert.Contains(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7002);
    }

    [Fact]
    public async Task A_corpus_payload_cut_short_or_without_its_event_type_or_collection_is_400()
    {
        var payload = Load(Benchmark);

        var truncated = await Kit.DeliverAsync(payload[..(payload.Length / 2)]);
        var noEventType = await Kit.DeliverAsync(Edit(Benchmark).WithoutEventType());
        var noCollection = await Kit.DeliverAsync(Edit(Benchmark).WithoutCollectionId());

        Assert.All(new[] { truncated, noEventType, noCollection }, r => Assert.Equal((400, VstsWebhookOutcome.InvalidPayload), (r.StatusCode, r.Outcome)));
        Assert.Equal("Not an Azure DevOps service-hook event: no eventType.", noEventType.Reason);
        Assert.Equal("Not an Azure DevOps service-hook event: no resourceContainers.collection.id.", noCollection.Reason);
        Assert.Empty(Kit.Probe.Calls);
    }

    // ---- 3. Installation ----

    [Fact]
    public async Task An_unknown_organization_is_401_and_the_integration_store_is_asked_nothing_else()
    {
        const string Unknown = "00000000-0000-0000-0000-000000000001";
        Kit.Link("g1");

        var result = await Kit.DeliverAsync(Edit("updated-state-active-resolved.json").WithCollectionId(Unknown));

        Assert.Equal((401, VstsWebhookOutcome.UnknownOrganization), (result.StatusCode, result.Outcome));
        Assert.Equal([$"IIntegrationStore.FindByOrganizationIdAsync({Unknown})"], Kit.Probe.Calls);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Client.Requests);
        var logged = Assert.Single(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7003);
        Assert.Contains(Unknown, logged.Message, StringComparison.Ordinal);
    }

    // ---- 4. Shared secret ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("wrong-secret")]
    [InlineData(InboundTestKit.Secret + "x")]
    [InlineData("WEBHOOK-SECRET-0123456789")]
    public async Task A_missing_or_wrong_secret_is_401_and_no_store_is_called(string? secret)
    {
        Kit.Link("g1");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var result = await Kit.DeliverAsync(Load(Benchmark), secret);

        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (result.StatusCode, result.Outcome));
        Assert.Equal("The delivery could not be verified.", result.Reason);
        Assert.Equal([Lookup], Kit.Probe.Calls);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Assignees.AssigneeChanges);
        Assert.Null(await Kit.WatermarkAsync());
        Assert.Empty(Kit.Client.Requests);
        Assert.Single(Kit.Logs.GetSnapshot(), r => r.Id.Id == 7004);
    }

    [Fact]
    public async Task During_a_rotation_the_current_and_the_previous_secret_are_accepted()
    {
        const string Rotated = "rotated-secret-9876543210";
        Kit.UpdateInstallation(i => i with { WebhookSecrets = new VstsWebhookSecrets(Rotated, Previous: InboundTestKit.Secret) });
        Kit.AddUser("u-ada", "ada@example.com");
        Kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        Kit.Link("g1");

        var previous = await Kit.DeliverAsync(Load("updated-assigned-string.json"), InboundTestKit.Secret);
        var current = await Kit.DeliverAsync(Load("updated-assigned-bare-email.json"), Rotated);
        var neither = await Kit.DeliverAsync(Load("updated-unassigned.json"), "webhook-secret-older");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (previous.StatusCode, previous.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (current.StatusCode, current.Outcome));
        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (neither.StatusCode, neither.Outcome));
        Assert.Equal(["u-lauryn2", "u-ada"], Kit.Assignees.AssigneeChanges.Select(c => c.UserId));
    }

    [Fact]
    public async Task The_secret_header_name_is_configurable_and_compared_case_insensitively()
    {
        using var kit = new InboundTestKit(configureOptions: o => o.Webhook.SecretHeaderName = "X-Hook-Secret");
        kit.Link("g1", assignee: "u1");

        var inDefaultHeader = await kit.DeliverAsync(Load("updated-unassigned.json"));
        var inCustomHeader = await kit.DeliverAsync(Load("updated-unassigned.json"), header: "x-hook-secret");

        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (inDefaultHeader.StatusCode, inDefaultHeader.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (inCustomHeader.StatusCode, inCustomHeader.Outcome));
        Assert.Single(kit.Assignees.AssigneeChanges);
    }

    [Theory]
    [InlineData(true, "azure-devops:" + InboundTestKit.Secret, 200)]
    [InlineData(true, ":" + InboundTestKit.Secret, 200)]
    [InlineData(true, "azure-devops:wrong-secret", 401)]
    [InlineData(true, InboundTestKit.Secret, 401)] // no colon: no password
    [InlineData(false, "azure-devops:" + InboundTestKit.Secret, 401)]
    public async Task The_basic_authentication_password_is_the_secret_only_when_accepted(bool accept, string credentials, int status)
    {
        using var kit = new InboundTestKit(configureOptions: o => o.Webhook.AcceptBasicAuthentication = accept);
        kit.Link("g1", assignee: "u1");
        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

        var result = await kit.DeliverWithHeadersAsync(Load("updated-unassigned.json"), [new("Authorization", authorization)]);

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(status == 200 ? 1 : 0, kit.Assignees.AssigneeChanges.Count);
        if (status == 401)
        {
            Assert.Equal([Lookup], kit.Probe.Calls);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_installation_without_a_webhook_secret_verifies_no_delivery(bool emptySecret)
    {
        Kit.UpdateInstallation(i => i with { WebhookSecrets = emptySecret ? new VstsWebhookSecrets(string.Empty) : null });
        Kit.Link("g1", assignee: "u1");

        var result = await Kit.DeliverAsync("updated-unassigned.json");

        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (result.StatusCode, result.Outcome));
        Assert.Equal([Lookup], Kit.Probe.Calls);
        Assert.Empty(Kit.Assignees.AssigneeChanges);
    }

    // ---- 5. Event type ----

    [Theory]
    [InlineData("git.push")]
    [InlineData("workitem.restored")]
    [InlineData("ms.vss-code.git-pullrequest-comment-event")]
    [InlineData("WorkItem.Updated")]
    public async Task An_event_type_not_handled_is_200_ignored_and_touches_no_store(string eventType)
    {
        Kit.Link("g1");

        var result = await Kit.DeliverAsync(Edit("updated-state-active-resolved.json").WithEventType(eventType));

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Equal(eventType, result.EventType);
        Assert.Equal([Lookup], Kit.Probe.Calls);
        Assert.Empty(Kit.Groups.StatusChanges);
        Assert.Empty(Kit.Client.Requests);
    }

    [Fact]
    public async Task Escapes_are_read_as_text_and_an_escape_that_is_no_text_names_no_event_type()
    {
        Kit.Link("g1", assignee: "u1");
        var text = Encoding.UTF8.GetString(Load("updated-unassigned.json"));
        var escaped = text
            .Replace("\"eventType\": \"workitem.updated\"", "\"eventType\": \"work\\u0069tem.updated\"", StringComparison.Ordinal)
            .Replace(CollectionId, "6a4f2d1e\\u002D93b7-4c58-8e0a-1f2b3c4d5e6f", StringComparison.Ordinal);
        var loneSurrogate = Edit("updated-unassigned.json").AsDelivery(900).WithRev(7).ToBytes();
        loneSurrogate = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(loneSurrogate).Replace("\"workitem.updated\"", "\"workitem.updated\\uD800\"", StringComparison.Ordinal));

        var readable = await Kit.DeliverTextAsync(escaped);
        var unreadable = await Kit.DeliverAsync(loneSurrogate);

        Assert.NotEqual(text, escaped);
        Assert.Equal((200, VstsWebhookOutcome.Applied, "workitem.updated"), (readable.StatusCode, readable.Outcome, readable.EventType));
        Assert.Equal((200, VstsWebhookOutcome.Ignored), (unreadable.StatusCode, unreadable.Outcome));
        Assert.Null(unreadable.EventType);
        Assert.Single(Kit.Assignees.AssigneeChanges);
    }

    [Theory]
    [InlineData("deleted.json")]
    [InlineData("commented.json")]
    public async Task Deleted_and_commented_without_their_optional_port_are_200_ignored(string file)
    {
        Kit.Link("g1");

        var result = await Kit.DeliverAsync(file);

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Equal([Lookup], Kit.Probe.Calls);
    }

    [Fact]
    public async Task An_event_type_not_handled_is_still_verified_first()
    {
        var result = await Kit.DeliverAsync(Edit(Benchmark).WithEventType("git.push").ToBytes(), "wrong-secret");

        Assert.Equal((401, VstsWebhookOutcome.Unauthorized), (result.StatusCode, result.Outcome));
    }

    [Fact]
    public async Task With_inbound_sync_off_a_change_is_200_ignored_and_only_the_installation_is_read()
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings { StatusOutbound = true, AssigneeOutbound = true, Comments = true });
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var result = await kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Equal([Lookup], kit.Probe.Calls);
        Assert.Empty(kit.Groups.StatusChanges);
        Assert.Empty(kit.Assignees.AssigneeChanges);
        Assert.Empty(kit.Client.Requests);
    }

    [Fact]
    public async Task With_only_inbound_status_on_an_assignment_is_ignored_before_dedupe()
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings { StatusInbound = true });
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var result = await kit.DeliverAsync("updated-assigned-string.json");

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Equal([Lookup], kit.Probe.Calls);
        Assert.Empty(kit.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task With_only_inbound_assignment_on_the_state_of_a_change_is_not_read()
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings { AssigneeInbound = true });
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");

        var result = await kit.DeliverAsync(Benchmark);

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Single(kit.Assignees.AssigneeChanges);
        Assert.Empty(kit.Groups.StatusChanges);
        Assert.Empty(kit.Client.Requests);
    }

    [Fact]
    public async Task A_change_of_no_field_the_sync_follows_is_ignored_before_dedupe()
    {
        Kit.Link("g1");

        var result = await Kit.DeliverAsync(Edit("updated-state-active-resolved.json").WithoutStateChange());

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Equal([Lookup], Kit.Probe.Calls);
        Assert.Null(await Kit.WatermarkAsync());
    }

    private static byte[] Padded(byte[] payload, long length)
    {
        var padded = new byte[length];
        payload.CopyTo(padded, 0);
        padded.AsSpan(payload.Length).Fill((byte)' ');
        return padded;
    }
}
