using System.Text;
using System.Text.Json;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Inbound.Models;

namespace IssueSync.Sdk.Tests.Inbound.Models;

public class VstsWebhookEventTests
{
    // The envelope of a recorded delivery (Sentry's WORK_ITEM_UPDATED fixture shape): messages off,
    // every container on the organization's legacy visualstudio.com URL.
    private const string RecordedEnvelope = """
        {
          "resourceContainers": {
            "project": { "id": "c0bf429a-c03c-4a99-9336-d45be74db5a6", "baseUrl": "https://laurynsentry.visualstudio.com/" },
            "account": { "id": "90e9a854-eb98-4c56-ae1a-035a0f331dd6", "baseUrl": "https://laurynsentry.visualstudio.com/" },
            "collection": { "id": "80ded3e8-3cd3-43b1-9f96-52032624aa3a", "baseUrl": "https://laurynsentry.visualstudio.com/" }
          },
          "resource": { "id": 2, "workItemId": 31, "rev": 2, "fields": {} },
          "eventType": "workitem.updated",
          "publisherId": "tfs",
          "message": null,
          "subscriptionId": "7405a600-6a25-48e6-81b6-1dde044783ad",
          "resourceVersion": "1.0",
          "notificationId": 1,
          "detailedMessage": null,
          "createdDate": "2018-07-05T20:52:16.3051288Z",
          "id": "18f51331-2640-4bce-9ebd-c59c855956a2"
        }
        """;

    // A work item as the created, deleted, restored and commented events carry it (the learn sample
    // shape: identities as display names only, containers without baseUrl).
    private const string WholeWorkItem = """
        {
          "id": 5,
          "rev": 4,
          "fields": {
            "System.AreaPath": "FabrikamCloud",
            "System.TeamProject": "FabrikamCloud",
            "System.WorkItemType": "Bug",
            "System.State": "New",
            "System.CreatedBy": "Jamal Hartnett",
            "System.ChangedBy": "Jamal Hartnett <fabrikamfiber4@hotmail.com>",
            "System.Title": "Some great new idea!",
            "System.Rev": "4",
            "System.History": "This is a great new idea"
          },
          "_links": { "self": { "href": "https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/_apis/wit/workItems/5" } },
          "url": "https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/_apis/wit/workItems/5"
        }
        """;

    [Fact]
    public void Reads_the_envelope_of_a_recorded_delivery()
    {
        var webhookEvent = WebhookJson.Parse(RecordedEnvelope);

        Assert.Equal("7405a600-6a25-48e6-81b6-1dde044783ad", webhookEvent.SubscriptionId);
        Assert.Equal(1, webhookEvent.NotificationId);
        Assert.Equal("18f51331-2640-4bce-9ebd-c59c855956a2", webhookEvent.EventId);
        Assert.Equal(VstsWebhookEventType.WorkItemUpdated, webhookEvent.EventType);
        Assert.Equal("tfs", webhookEvent.PublisherId);
        Assert.Equal("1.0", webhookEvent.ResourceVersion);
        Assert.Equal(new DateTimeOffset(2018, 7, 5, 20, 52, 16, TimeSpan.Zero).AddTicks(3051288), webhookEvent.CreatedDate);
        Assert.Null(webhookEvent.Message);
        Assert.Null(webhookEvent.DetailedMessage);
    }

    [Fact]
    public void Containers_keep_their_ids_and_legacy_base_urls_as_sent()
    {
        var containers = WebhookJson.Parse(RecordedEnvelope).ResourceContainers;

        Assert.Equal("80ded3e8-3cd3-43b1-9f96-52032624aa3a", containers.Collection?.Id);
        Assert.Equal("90e9a854-eb98-4c56-ae1a-035a0f331dd6", containers.Account?.Id);
        Assert.Equal("c0bf429a-c03c-4a99-9336-d45be74db5a6", containers.Project?.Id);
        Assert.All(
            new[] { containers.Collection, containers.Account, containers.Project },
            container => Assert.Equal("https://laurynsentry.visualstudio.com/", container?.BaseUrl));
    }

    [Fact]
    public void Containers_without_base_url_or_missing_altogether_read_as_absent()
    {
        var withoutBaseUrl = WebhookJson.Parse("""{"eventType":"workitem.created","resourceContainers":{"collection":{"id":"c12d0eb8-e382-443b-9f9c-c52cba5014c2"}}}""");
        var withoutContainers = WebhookJson.Parse("""{"eventType":"workitem.created"}""");

        Assert.Equal("c12d0eb8-e382-443b-9f9c-c52cba5014c2", withoutBaseUrl.ResourceContainers.Collection?.Id);
        Assert.Null(withoutBaseUrl.ResourceContainers.Collection?.BaseUrl);
        Assert.Null(withoutBaseUrl.ResourceContainers.Project);
        Assert.Null(withoutContainers.ResourceContainers.Collection);
        Assert.Null(withoutContainers.ResourceContainers.Account);
    }

    [Fact]
    public void Messages_are_read_in_their_three_renderings()
    {
        var webhookEvent = WebhookJson.Parse("""
            {
              "eventType": "workitem.created",
              "message": {
                "text": "Bug #5 (Some great new idea!) created by Jamal Hartnett.",
                "html": "<a href=\"https://dev.azure.com/fabrikam-fiber-inc/web/wi.aspx?id=5\">Bug #5</a> (Some great new idea!) created by Jamal Hartnett.",
                "markdown": "[Bug #5](https://dev.azure.com/fabrikam-fiber-inc/web/wi.aspx?id=5) (Some great new idea!) created by Jamal Hartnett."
              },
              "detailedMessage": { "text": "Bug #5 (Some great new idea!) created by Jamal Hartnett.\r\n\r\n- State: New\r\n" }
            }
            """);

        Assert.Equal("Bug #5 (Some great new idea!) created by Jamal Hartnett.", webhookEvent.Message?.Text);
        Assert.StartsWith("<a href=", webhookEvent.Message?.Html, StringComparison.Ordinal);
        Assert.StartsWith("[Bug #5]", webhookEvent.Message?.Markdown, StringComparison.Ordinal);
        Assert.Contains("- State: New", webhookEvent.DetailedMessage?.Text, StringComparison.Ordinal);
        Assert.Null(webhookEvent.DetailedMessage?.Html);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("\"4\"")]
    public void NotificationId_is_read_as_a_number_or_a_string(string notificationId)
    {
        var webhookEvent = WebhookJson.Parse($$"""{"eventType":"workitem.updated","notificationId":{{notificationId}}}""");

        Assert.Equal(4, webhookEvent.NotificationId);
    }

    [Fact]
    public void Members_the_documentation_samples_leave_out_read_as_absent()
    {
        var webhookEvent = WebhookJson.Parse("""{"eventType":"workitem.deleted"}""");

        Assert.Null(webhookEvent.SubscriptionId);
        Assert.Equal(0, webhookEvent.NotificationId);
        Assert.Null(webhookEvent.EventId);
        Assert.Null(webhookEvent.PublisherId);
        Assert.Null(webhookEvent.ResourceVersion);
        Assert.Null(webhookEvent.CreatedDate);
        Assert.Equal(JsonValueKind.Undefined, webhookEvent.Resource.ValueKind);
        Assert.Null(webhookEvent.GetWorkItem());
    }

    [Fact]
    public void Unknown_members_are_ignored_at_every_level()
    {
        var webhookEvent = WebhookJson.Parse("""
            {
              "eventType": "workitem.updated",
              "scope": "all",
              "futureEnvelopeMember": { "nested": [1, 2, { "deep": true }] },
              "message": { "text": "t", "plainText": "unknown rendering" },
              "resourceContainers": { "collection": { "id": "c1", "name": "unknown" }, "server": { "id": "s1" } },
              "resource": {
                "id": 3, "workItemId": 9, "rev": 3,
                "fields": { "System.State": { "oldValue": "New", "newValue": "Active", "unknown": 1 } },
                "relations": { "added": [], "moved": [] },
                "revision": { "id": 9, "rev": 3, "fields": {}, "commentVersionRef": null, "unknown": [] },
                "unknownResourceMember": "x"
              }
            }
            """);

        var update = webhookEvent.GetWorkItemUpdate();
        Assert.NotNull(update);
        Assert.Equal("t", webhookEvent.Message?.Text);
        Assert.Equal("c1", webhookEvent.ResourceContainers.Collection?.Id);
        Assert.Equal("Active", update.Fields["System.State"].GetNewString());
        Assert.Equal(9, update.WorkItem?.Id);
    }

    [Theory]
    [InlineData("workitem.created")]
    [InlineData("workitem.deleted")]
    [InlineData("workitem.restored")]
    [InlineData("workitem.commented")]
    public void Whole_work_item_events_carry_the_work_item(string eventType)
    {
        var webhookEvent = WebhookJson.Parse($$"""{"eventType":"{{eventType}}","resource":{{WholeWorkItem}}}""");

        var item = webhookEvent.GetWorkItem();
        Assert.NotNull(item);
        Assert.Equal(new VstsWebhookEventType(eventType), webhookEvent.EventType);
        Assert.Equal((5, 4), (item.Id, item.Revision));
        Assert.Equal(WorkItemTypeName.Bug, item.WorkItemType);
        Assert.Equal("Some great new idea!", item.Title);
        Assert.Equal(4, item.GetInt64("System.Rev"));
        Assert.Equal("Jamal Hartnett", item.GetIdentity("System.CreatedBy")?.DisplayName);
        Assert.Equal("fabrikamfiber4@hotmail.com", item.ChangedBy?.Email);
        Assert.Equal("https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/_apis/wit/workItems/5", item.Url);
        Assert.Null(webhookEvent.GetWorkItemUpdate());
    }

    [Fact]
    public void A_comment_event_carries_the_comment_text_and_its_version_reference()
    {
        var webhookEvent = WebhookJson.Parse("""
            {
              "eventType": "workitem.commented",
              "resource": {
                "id": 12345,
                "rev": 6,
                "fields": { "System.History": "<div>Please fix this</div>", "System.Title": "Checkout fails" },
                "commentVersionRef": {
                  "commentId": 777,
                  "version": 2,
                  "url": "https://dev.azure.com/org/project/_apis/wit/workItems/12345/comments/777/versions/2"
                }
              }
            }
            """);

        var comment = webhookEvent.GetCommentVersion();
        Assert.Equal("<div>Please fix this</div>", webhookEvent.GetWorkItem()?.GetString("System.History"));
        Assert.NotNull(comment);
        Assert.Equal((777, 2), (comment.CommentId, comment.Version));
        Assert.EndsWith("/comments/777/versions/2", comment.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_event_without_a_version_reference_has_none()
    {
        var webhookEvent = WebhookJson.Parse($$"""{"eventType":"workitem.commented","resource":{{WholeWorkItem}}}""");

        Assert.Equal("This is a great new idea", webhookEvent.GetWorkItem()?.GetString("System.History"));
        Assert.Null(webhookEvent.GetCommentVersion());
    }

    [Fact]
    public void Comment_version_ids_are_read_as_numbers_or_strings()
    {
        var webhookEvent = WebhookJson.Parse("""{"eventType":"workitem.commented","resource":{"id":1,"commentVersionRef":{"commentId":"41","version":"1"}}}""");

        Assert.Equal((41, 1), (webhookEvent.GetCommentVersion()?.CommentId, webhookEvent.GetCommentVersion()?.Version));
    }

    [Fact]
    public void An_update_event_gives_the_update_and_the_work_item_at_its_revision()
    {
        var webhookEvent = WebhookJson.Parse("""
            {"eventType":"workitem.updated","resource":{"id":3,"workItemId":9,"rev":4,"fields":{},"revision":{"id":9,"rev":4,"fields":{"System.State":"Active"}}}}
            """);

        var update = webhookEvent.GetWorkItemUpdate();
        Assert.NotNull(update);
        Assert.Same(update.WorkItem, webhookEvent.GetWorkItem());
        Assert.Equal(WorkItemState.Active, webhookEvent.GetWorkItem()?.State);
    }

    [Fact]
    public void Event_types_match_ignoring_case()
    {
        var webhookEvent = WebhookJson.Parse("""{"eventType":"WorkItem.Updated","resource":{"id":1,"workItemId":2,"rev":1}}""");

        Assert.Equal(VstsWebhookEventType.WorkItemUpdated, webhookEvent.EventType);
        Assert.Equal("WorkItem.Updated", webhookEvent.EventType.Value);
        Assert.Equal(2, webhookEvent.GetWorkItemUpdate()?.WorkItemId);
    }

    [Fact]
    public void Other_events_keep_their_resource_raw_and_have_no_typed_resource()
    {
        var webhookEvent = WebhookJson.Parse("""
            {"eventType":"git.push","publisherId":"tfs","resource":{"pushId":14,"refUpdates":[{"name":"refs/heads/master"}]}}
            """);

        Assert.Equal("git.push", webhookEvent.EventType.Value);
        Assert.Equal(14, webhookEvent.Resource.GetProperty("pushId").GetInt32());
        Assert.Null(webhookEvent.GetWorkItemUpdate());
        Assert.Null(webhookEvent.GetWorkItem());
        Assert.Null(webhookEvent.GetCommentVersion());
    }

    [Theory]
    [InlineData("null", JsonValueKind.Null)]
    [InlineData("\"minimal\"", JsonValueKind.String)]
    [InlineData("[]", JsonValueKind.Array)]
    public void A_work_item_event_whose_resource_is_not_an_object_has_no_typed_resource(string resource, JsonValueKind kind)
    {
        var updated = WebhookJson.Parse($$"""{"eventType":"workitem.updated","resource":{{resource}}}""");
        var created = WebhookJson.Parse($$"""{"eventType":"workitem.created","resource":{{resource}}}""");

        Assert.Equal(kind, updated.Resource.ValueKind);
        Assert.Null(updated.GetWorkItemUpdate());
        Assert.Null(updated.GetWorkItem());
        Assert.Null(created.GetWorkItem());
    }

    [Fact]
    public void The_resource_does_not_depend_on_the_body_buffer()
    {
        var body = Encoding.UTF8.GetBytes("""{"eventType":"git.push","resource":{"pushId":14}}""");

        var webhookEvent = VstsWebhookEvent.Parse(body);
        Array.Clear(body);

        Assert.Equal("""{"pushId":14}""", webhookEvent.Resource.GetRawText());
    }

    [Fact]
    public void Parses_the_body_of_a_webhook_request_and_skips_a_byte_order_mark()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"eventType":"workitem.deleted","notificationId":3}""")).ToArray();
        var request = new VstsWebhookRequest(body);

        var webhookEvent = VstsWebhookEvent.Parse(request.Body.Span);

        Assert.Equal(VstsWebhookEventType.WorkItemDeleted, webhookEvent.EventType);
        Assert.Equal(3, webhookEvent.NotificationId);
    }

    [Fact]
    public void A_created_date_without_an_offset_is_read_as_utc()
    {
        var webhookEvent = WebhookJson.Parse("""{"eventType":"workitem.updated","createdDate":"2016-09-19T13:03:30.5086256"}""");

        Assert.Equal(TimeSpan.Zero, webhookEvent.CreatedDate?.Offset);
        Assert.Equal(new DateTimeOffset(2016, 9, 19, 13, 3, 30, TimeSpan.Zero).AddTicks(5086256), webhookEvent.CreatedDate);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("20160919")]
    [InlineData("null")]
    [InlineData("{}")]
    public void An_unreadable_created_date_reads_as_absent_instead_of_failing_the_payload(string createdDate)
    {
        var webhookEvent = WebhookJson.Parse($$"""{"eventType":"workitem.updated","createdDate":{{createdDate}},"notificationId":8}""");

        Assert.Null(webhookEvent.CreatedDate);
        Assert.Equal(8, webhookEvent.NotificationId);
    }

    [Fact]
    public void ToString_describes_the_envelope_without_the_resource()
    {
        var text = WebhookJson.Parse(RecordedEnvelope).ToString();

        Assert.Equal(
            "VstsWebhookEvent { EventType = workitem.updated, EventId = 18f51331-2640-4bce-9ebd-c59c855956a2, NotificationId = 1, SubscriptionId = 7405a600-6a25-48e6-81b6-1dde044783ad }",
            text);
    }

    [Theory]
    [InlineData("", "The webhook body is empty.")]
    [InlineData("   ", "The webhook body is not valid JSON")]
    [InlineData("eventType=workitem.updated", "The webhook body is not valid JSON")]
    [InlineData("""{"eventType":"workitem.updated" """, "The webhook body is not valid JSON")]
    [InlineData("""{"eventType":"workitem.updated"} trailing""", "The webhook body is not valid JSON")]
    [InlineData("[]", "The webhook body must be a JSON object, not an array.")]
    [InlineData("\"workitem.updated\"", "The webhook body must be a JSON object, not a string.")]
    [InlineData("42", "The webhook body must be a JSON object, not a number.")]
    [InlineData("true", "The webhook body must be a JSON object, not a boolean.")]
    [InlineData("null", "The webhook body must be a JSON object, not null.")]
    [InlineData("{}", "The webhook payload has no eventType")]
    [InlineData("""{"eventType":null,"notificationId":1}""", "The webhook payload has no eventType")]
    [InlineData("""{"eventType":"  "}""", "The webhook payload has no eventType")]
    [InlineData("""{"eventType":5}""", "The webhook payload has a member of the wrong shape at $.eventType: ")]
    public void A_body_that_is_not_a_service_hook_payload_fails_with_a_message_that_says_why(string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        var ex = Assert.Throws<VstsWebhookPayloadException>(() => VstsWebhookEvent.Parse(bytes));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(VstsWebhookEvent.TryParse(bytes, out var webhookEvent));
        Assert.Null(webhookEvent);
    }

    [Fact]
    public void A_payload_error_is_a_format_exception_carrying_the_json_error()
    {
        var ex = Assert.ThrowsAny<FormatException>(() => WebhookJson.Parse("{not json"));

        Assert.IsType<VstsWebhookPayloadException>(ex);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Fact]
    public void A_member_of_the_wrong_shape_is_named_by_its_path()
    {
        var ex = Assert.Throws<VstsWebhookPayloadException>(() => WebhookJson.Parse("""{"eventType":"workitem.updated","notificationId":{"n":1}}"""));

        Assert.StartsWith("The webhook payload has a member of the wrong shape at $.notificationId: ", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData("workitem.updated", """{"id":1,"fields":[]}""", "$.resource.fields")]
    [InlineData("workitem.updated", """{"id":1,"rev":"two"}""", "$.resource.rev")]
    [InlineData("workitem.created", """{"id":{"nested":1}}""", "$.resource.id")]
    [InlineData("workitem.commented", """{"id":1,"commentVersionRef":{"commentId":[]}}""", "$.resource.commentVersionRef.commentId")]
    public void A_work_item_resource_of_the_wrong_shape_fails_naming_the_member_by_its_path_in_the_payload(string eventType, string resource, string path)
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"eventType":"{{eventType}}","resource":{{resource}}}""");

        var ex = Assert.Throws<VstsWebhookPayloadException>(() => VstsWebhookEvent.Parse(bytes));

        Assert.StartsWith($"The webhook payload has a member of the wrong shape at {path}: ", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
        Assert.False(VstsWebhookEvent.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_gives_the_event_for_a_good_body()
    {
        Assert.True(VstsWebhookEvent.TryParse(Encoding.UTF8.GetBytes(RecordedEnvelope), out var webhookEvent));
        Assert.Equal(31, webhookEvent.GetWorkItemUpdate()?.WorkItemId);
    }
}
