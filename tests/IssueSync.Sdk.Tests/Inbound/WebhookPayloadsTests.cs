using System.Text.Json;
using System.Text.Json.Nodes;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

public sealed class WebhookPayloadsTests
{
    private static readonly string[] Updates =
    [
        "updated-assigned-string.json",
        "updated-assigned-identity-object.json",
        "updated-assigned-bare-email.json",
        "updated-assigned-first-value.json",
        "updated-unassigned.json",
        "updated-state-active-resolved.json",
        "updated-state-resolved-active.json",
        "updated-state-new-active.json",
        "updated-state-active-inreview.json",
        "updated-rev-as-strings.json",
        "updated-legacy-baseurl.json",
        "updated-4kb.json",
    ];

    private static readonly Dictionary<string, string> WholeItemEvents = new()
    {
        ["created-new.json"] = "workitem.created",
        ["deleted.json"] = "workitem.deleted",
        ["commented.json"] = "workitem.commented",
    };

    public static TheoryData<string> Corpus => new(Updates.Concat(WholeItemEvents.Keys));

    // ---- The corpus ----

    [Fact]
    public void The_corpus_embeds_exactly_the_documented_files()
    {
        Assert.Equal(Updates.Concat(WholeItemEvents.Keys).Order(StringComparer.Ordinal), Names);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Every_file_is_a_tfs_1_0_envelope_with_the_shared_ids(string name)
    {
        var bytes = Load(name);
        Assert.Equal((byte)'{', bytes[0]);
        var payload = JsonNode.Parse(bytes)!.AsObject();

        Assert.Equal(SubscriptionId, Text(payload["subscriptionId"]));
        Assert.Equal(WholeItemEvents.GetValueOrDefault(name, "workitem.updated"), Text(payload["eventType"]));
        Assert.Equal("tfs", Text(payload["publisherId"]));
        Assert.Equal("1.0", Text(payload["resourceVersion"]));
        Assert.True(Guid.TryParse(Text(payload["id"]), out _));
        Assert.True(payload["notificationId"]!.GetValue<int>() > 0);
        Assert.True(DateTimeOffset.TryParse(Text(payload["createdDate"]), out _));
        foreach (var message in new[] { "message", "detailedMessage" })
        {
            Assert.All(new[] { "text", "html", "markdown" }, part => Assert.Contains($"#{WorkItemId}", Text(payload[message]![part]), StringComparison.Ordinal));
        }

        var baseUrl = name == "updated-legacy-baseurl.json" ? LegacyBaseUrl : BaseUrl;
        var containers = payload["resourceContainers"]!;
        Assert.Equal((CollectionId, baseUrl), (Text(containers["collection"]!["id"]), Text(containers["collection"]!["baseUrl"])));
        Assert.Equal((AccountId, baseUrl), (Text(containers["account"]!["id"]), Text(containers["account"]!["baseUrl"])));
        Assert.Equal((ProjectId, baseUrl), (Text(containers["project"]!["id"]), Text(containers["project"]!["baseUrl"])));

        var resource = payload["resource"]!;
        if (WholeItemEvents.ContainsKey(name))
        {
            Assert.Equal(WorkItemId, resource["id"]!.GetValue<int>());
        }
        else
        {
            Assert.Equal(WorkItemId, resource["workItemId"]!.GetValue<int>());
            Assert.Equal(WorkItemId, resource["revision"]!["id"]!.GetValue<int>());
            Assert.IsType<JsonObject>(resource["fields"]);
        }

        if (resource["revisedBy"] is JsonObject revisedBy)
        {
            Assert.Equal(RevisedById, Text(revisedBy["id"]));
        }

        var fields = ItemFields(payload);
        Assert.Equal(ProjectName, Text(fields["System.TeamProject"]));
        Assert.Equal("Bug", Text(fields["System.WorkItemType"]));
    }

    [Fact]
    public void Event_ids_and_notification_ids_differ_from_file_to_file()
    {
        var payloads = Names.Select(Parse).ToList();

        Assert.Equal(payloads.Count, payloads.Select(p => Text(p["id"])).Distinct().Count());
        Assert.Equal(payloads.Count, payloads.Select(p => p["notificationId"]!.GetValue<int>()).Distinct().Count());
    }

    [Fact]
    public void Load_names_the_corpus_when_asked_for_a_missing_file()
    {
        var error = Assert.Throws<ArgumentException>(() => Load("updated-nothing.json"));

        Assert.Contains(Benchmark, error.Message, StringComparison.Ordinal);
    }

    // ---- What each file is for ----

    [Theory]
    [InlineData("updated-assigned-string.json", "\"lauryn <lauryn@sentry.io>\"", "\"lauryn2 <lauryn2@sentry.io>\"")]
    [InlineData("updated-assigned-bare-email.json", "\"lauryn <lauryn@sentry.io>\"", "\"ada@example.com\"")]
    [InlineData("updated-assigned-first-value.json", null, "\"lauryn <lauryn@sentry.io>\"")]
    [InlineData("updated-unassigned.json", "\"lauryn <lauryn@sentry.io>\"", null)]
    public void Assignee_files_carry_their_AssignedTo_change(string name, string? oldValue, string? newValue)
    {
        var payload = Parse(name);

        AssertChange(payload, "System.AssignedTo", oldValue, newValue);
        Assert.True(JsonNode.DeepEquals(Json(newValue), ItemFields(payload)["System.AssignedTo"]));
    }

    [Fact]
    public void The_identity_object_file_assigns_an_IdentityRef()
    {
        var change = Changes(Parse("updated-assigned-identity-object.json"))["System.AssignedTo"]!;

        Assert.Equal("lauryn <lauryn@sentry.io>", Text(change["oldValue"]));
        var identity = Assert.IsType<JsonObject>(change["newValue"]);
        Assert.All(new[] { "displayName", "uniqueName", "id", "descriptor", "url", "imageUrl" }, key => Assert.NotEmpty(Text(identity[key])!));
        Assert.Equal("ada@example.com", Text(identity["uniqueName"]));
    }

    [Theory]
    [InlineData("updated-state-active-resolved.json", "Active", "Resolved")]
    [InlineData("updated-state-resolved-active.json", "Resolved", "Active")]
    [InlineData("updated-state-new-active.json", "New", "Active")]
    [InlineData("updated-state-active-inreview.json", "Active", "In Review")]
    public void State_files_carry_their_State_change(string name, string oldValue, string newValue)
    {
        var payload = Parse(name);

        AssertChange(payload, "System.State", $"\"{oldValue}\"", $"\"{newValue}\"");
        Assert.Equal(newValue, Text(ItemFields(payload)["System.State"]));
        Assert.False(Changes(payload).ContainsKey("System.AssignedTo"));
    }

    [Fact]
    public void The_rev_as_strings_file_has_the_learn_sample_quirks()
    {
        var payload = Parse("updated-rev-as-strings.json");
        var resource = payload["resource"]!.AsObject();

        Assert.Equal(JsonValueKind.String, resource["rev"]!.GetValueKind());
        Assert.Equal("11", Text(resource["rev"]));
        AssertChange(payload, "System.Rev", "\"10\"", "\"11\"");
        Assert.True(resource.ContainsKey("revisedBy"));
        Assert.Null(resource["revisedBy"]);
    }

    [Fact]
    public void The_whole_item_files_describe_their_event()
    {
        var created = Parse("created-new.json")["resource"]!;
        Assert.Equal(1, created["rev"]!.GetValue<int>());
        Assert.Equal("New", Text(created["fields"]!["System.State"]));

        Assert.EndsWith($"/_apis/wit/recyclebin/{WorkItemId}", Text(Parse("deleted.json")["resource"]!["url"]), StringComparison.Ordinal);

        var commented = Parse("commented.json")["resource"]!;
        var fields = commented["fields"]!;
        Assert.StartsWith("<div>", Text(fields["System.History"]), StringComparison.Ordinal);
        Assert.Equal("lauryn <lauryn@sentry.io>", Text(fields["System.ChangedBy"]));
        Assert.True(DateTimeOffset.TryParse(Text(fields["System.ChangedDate"]), out _));
        var comment = commented["commentVersionRef"]!;
        Assert.Equal((4242, 1), (comment["commentId"]!.GetValue<int>(), comment["version"]!.GetValue<int>()));
        Assert.EndsWith("/comments/4242/versions/1", Text(comment["url"]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_benchmark_payload_is_about_4_KB_with_resourceContainers_last()
    {
        var bytes = Load(Benchmark);
        Assert.InRange(bytes.Length, 4000, 4400);
        Assert.Equal(bytes.Length - 1, Array.IndexOf(bytes, (byte)'\n'));

        using (var document = JsonDocument.Parse(bytes))
        {
            Assert.Equal("resourceContainers", document.RootElement.EnumerateObject().Last().Name);
        }

        var payload = JsonNode.Parse(bytes)!.AsObject();
        var resource = payload["resource"]!;
        AssertChange(payload, "System.State", "\"Active\"", "\"Resolved\"");
        AssertChange(payload, "System.AssignedTo", "\"lauryn <lauryn@sentry.io>\"", "\"lauryn2 <lauryn2@sentry.io>\"");
        Assert.StartsWith("<div>", Text(ItemFields(payload)["System.Description"]), StringComparison.Ordinal);
        Assert.Equal(RevisedById, Text(resource["revisedBy"]!["id"]));
        Assert.NotEmpty(resource["_links"]!.AsObject());
        Assert.NotEmpty(resource["relations"]!["added"]!.AsArray());
        Assert.NotEmpty(resource["revision"]!["relations"]!.AsArray());
    }

    // ---- The mutator ----

    [Fact]
    public void Envelope_mutators_set_their_property()
    {
        var payload = Edit(Benchmark)
            .WithEventType("workitem.restored")
            .WithSubscriptionId("sub-2")
            .WithNotificationId(9001)
            .WithEventId("event-2")
            .WithCollectionId("org-2")
            .Root;

        Assert.Equal("workitem.restored", Text(payload["eventType"]));
        Assert.Equal("sub-2", Text(payload["subscriptionId"]));
        Assert.Equal(9001, payload["notificationId"]!.GetValue<int>());
        Assert.Equal("event-2", Text(payload["id"]));
        Assert.Equal("org-2", Text(payload["resourceContainers"]!["collection"]!["id"]));
        Assert.Equal(AccountId, Text(payload["resourceContainers"]!["account"]!["id"]));
    }

    [Fact]
    public void Envelope_mutators_remove_their_property()
    {
        var payload = Edit(Benchmark)
            .WithoutEventType()
            .WithoutSubscriptionId()
            .WithoutNotificationId()
            .WithoutEventId()
            .WithoutCollectionId()
            .Root;

        Assert.All(new[] { "eventType", "subscriptionId", "notificationId", "id" }, key => Assert.False(payload.ContainsKey(key)));
        var collection = payload["resourceContainers"]!["collection"]!.AsObject();
        Assert.False(collection.ContainsKey("id"));
        Assert.Equal(BaseUrl, Text(collection["baseUrl"]));
        Assert.True(payload.ContainsKey("resource"));
    }

    [Fact]
    public void WithWorkItemId_and_WithoutWorkItemId_follow_the_payload_shape()
    {
        var update = Edit(Benchmark).WithWorkItemId(42).Root["resource"]!;
        Assert.Equal((42, 42), (update["workItemId"]!.GetValue<int>(), update["revision"]!["id"]!.GetValue<int>()));
        Assert.Equal(42, Edit("created-new.json").WithWorkItemId(42).Root["resource"]!["id"]!.GetValue<int>());

        var noUpdateId = Edit(Benchmark).WithoutWorkItemId().Root["resource"]!.AsObject();
        Assert.False(noUpdateId.ContainsKey("workItemId"));
        Assert.False(noUpdateId["revision"]!.AsObject().ContainsKey("id"));
        Assert.Equal(12, noUpdateId["id"]!.GetValue<int>());
        Assert.False(Edit("deleted.json").WithoutWorkItemId().Root["resource"]!.AsObject().ContainsKey("id"));
    }

    [Theory]
    [InlineData(false, "20", "19")]
    [InlineData(true, "\"20\"", "\"19\"")]
    public void WithRev_sets_every_revision_of_an_update_as_a_number_or_a_string(bool asString, string rev, string previous)
    {
        var payload = Edit("updated-state-new-active.json").WithRev(20, asString).Root;
        var resource = payload["resource"]!;

        Assert.True(JsonNode.DeepEquals(Json(rev), resource["rev"]));
        Assert.True(JsonNode.DeepEquals(Json(rev), resource["revision"]!["rev"]));
        Assert.True(JsonNode.DeepEquals(Json(rev), ItemFields(payload)["System.Rev"]));
        AssertChange(payload, "System.Rev", previous, rev);
    }

    [Fact]
    public void WithRev_sets_a_whole_item_revision_and_WithoutRev_removes_every_revision()
    {
        var commented = Edit("commented.json").WithRev(30).Root;
        Assert.Equal(30, commented["resource"]!["rev"]!.GetValue<int>());
        Assert.Equal(30, ItemFields(commented)["System.Rev"]!.GetValue<int>());

        var update = Edit(Benchmark).WithoutRev().Root;
        Assert.False(update["resource"]!.AsObject().ContainsKey("rev"));
        Assert.False(update["resource"]!["revision"]!.AsObject().ContainsKey("rev"));
        Assert.False(ItemFields(update).ContainsKey("System.Rev"));
        Assert.False(Changes(update).ContainsKey("System.Rev"));
        Assert.False(ItemFields(Edit("deleted.json").WithoutRev().Root).ContainsKey("System.Rev"));
    }

    [Fact]
    public void WithRevisedById_and_WithoutRevisedBy_edit_the_author()
    {
        var revisedBy = Edit(Benchmark).WithRevisedById("sync-identity").Root["resource"]!["revisedBy"]!;
        Assert.Equal("sync-identity", Text(revisedBy["id"]));
        Assert.Equal("lauryn", Text(revisedBy["displayName"]));

        var fromNull = Edit("updated-rev-as-strings.json").WithRevisedById("sync-identity").Root["resource"]!["revisedBy"]!;
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["id"] = "sync-identity" }, fromNull));

        var removed = Edit(Benchmark).WithoutRevisedBy().Root["resource"]!.AsObject();
        Assert.True(removed.ContainsKey("revisedBy"));
        Assert.Null(removed["revisedBy"]);
    }

    [Fact]
    public void WithAssignedTo_writes_the_change_and_the_item_assignee()
    {
        var identity = Identity("Grace Hopper", "grace@example.com", "0d1c2b3a-4f5e-4d6c-8b7a-9f8e7d6c5b4a");
        var toIdentity = Edit("updated-state-new-active.json").WithAssignedTo("ada@example.com", identity).Root;
        AssertChange(toIdentity, "System.AssignedTo", "\"ada@example.com\"", identity.ToJsonString());
        Assert.True(JsonNode.DeepEquals(identity, ItemFields(toIdentity)["System.AssignedTo"]));

        var cleared = Edit("updated-assigned-string.json").WithAssignedTo("lauryn2 <lauryn2@sentry.io>", null).Root;
        AssertChange(cleared, "System.AssignedTo", "\"lauryn2 <lauryn2@sentry.io>\"", null);
        Assert.False(ItemFields(cleared).ContainsKey("System.AssignedTo"));

        var neither = Edit("updated-assigned-string.json").WithAssignedTo(null, null).Root;
        Assert.False(Changes(neither).ContainsKey("System.AssignedTo"));
        Assert.False(ItemFields(neither).ContainsKey("System.AssignedTo"));

        var unchanged = Edit("updated-assigned-string.json").WithoutAssignedToChange().Root;
        Assert.False(Changes(unchanged).ContainsKey("System.AssignedTo"));
        Assert.Equal("lauryn2 <lauryn2@sentry.io>", Text(ItemFields(unchanged)["System.AssignedTo"]));
    }

    [Fact]
    public void WithAssignedTo_on_a_whole_item_sets_its_field_and_refuses_an_old_value()
    {
        var created = Edit("created-new.json").WithAssignedTo(null, "ada@example.com").Root;
        Assert.Equal("ada@example.com", Text(ItemFields(created)["System.AssignedTo"]));

        Assert.Throws<InvalidOperationException>(() => Edit("created-new.json").WithAssignedTo("ada@example.com", null));
    }

    [Fact]
    public void WithState_and_WithoutStateChange_edit_the_state()
    {
        var closed = Edit("updated-assigned-string.json").WithState("Active", "Closed").Root;
        AssertChange(closed, "System.State", "\"Active\"", "\"Closed\"");
        Assert.Equal("Closed", Text(ItemFields(closed)["System.State"]));

        var first = Edit("updated-assigned-string.json").WithState(null, "New").Root;
        AssertChange(first, "System.State", null, "\"New\"");

        var unchanged = Edit("updated-state-active-resolved.json").WithoutStateChange().Root;
        Assert.False(Changes(unchanged).ContainsKey("System.State"));
        Assert.Equal("Resolved", Text(ItemFields(unchanged)["System.State"]));
    }

    [Fact]
    public void WithWorkItemType_sets_the_item_type()
    {
        Assert.Equal("Task", Text(ItemFields(Edit(Benchmark).WithWorkItemType("Task").Root)["System.WorkItemType"]));
        Assert.Equal("Epic", Text(ItemFields(Edit("commented.json").WithWorkItemType("Epic").Root)["System.WorkItemType"]));
    }

    [Fact]
    public void ToBytes_is_compact_JSON_of_the_edited_payload()
    {
        var builder = Edit("updated-assigned-string.json").WithNotificationId(7);
        var bytes = builder.ToBytes();

        Assert.DoesNotContain((byte)'\n', bytes);
        var reparsed = JsonNode.Parse(bytes);
        Assert.True(JsonNode.DeepEquals(builder.Root, reparsed));
        Assert.Equal(7, reparsed!["notificationId"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(Parse(Benchmark), JsonNode.Parse(Edit(Benchmark).ToBytes())));
    }

    // ---- Helpers ----

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    private static JsonNode? Json(string? json) => json is null ? null : JsonNode.Parse(json);

    private static JsonObject Changes(JsonObject payload) => payload["resource"]!["fields"]!.AsObject();

    private static JsonObject ItemFields(JsonObject payload)
    {
        var resource = payload["resource"]!;
        return (resource["revision"] ?? resource)["fields"]!.AsObject();
    }

    /// <summary>The change pair of <paramref name="field"/> has exactly the given sides (JSON texts; null for absent).</summary>
    private static void AssertChange(JsonObject payload, string field, string? oldValue, string? newValue)
    {
        var pair = Changes(payload)[field]!.AsObject();
        Assert.Equal(oldValue is not null, pair.ContainsKey("oldValue"));
        Assert.Equal(newValue is not null, pair.ContainsKey("newValue"));
        Assert.True(JsonNode.DeepEquals(Json(oldValue), pair["oldValue"]), $"{field}.oldValue is {pair["oldValue"]?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(Json(newValue), pair["newValue"]), $"{field}.newValue is {pair["newValue"]?.ToJsonString()}");
    }
}
