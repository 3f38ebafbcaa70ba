using System.Text.Json;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Inbound.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Inbound.Models;

public class WorkItemUpdateTests
{
    // A recorded workitem.updated resource (Sentry's WORK_ITEM_UPDATED fixture shape): a reassignment,
    // identities as "Name <email>" strings, revisedBy as an identity object, System.Rev as numbers.
    private const string RecordedUpdate = """
        {
          "revisedBy": {
            "displayName": "lauryn",
            "name": "lauryn <lauryn@sentry.io>",
            "url": "https://app.vssps.visualstudio.com/A1/_apis/Identities/21354f98-ab06-67d9-b974-5a54d992082e",
            "_links": { "avatar": { "href": "https://laurynsentry.visualstudio.com/_apis/GraphProfile/MemberAvatars/msa.M2UwMTc1" } },
            "uniqueName": "lauryn@sentry.io",
            "imageUrl": "https://laurynsentry.visualstudio.com/_api/_common/identityImage?id=21354f98-ab06-67d9-b974-5a54d992082e",
            "descriptor": "msa.M2UwMTc1",
            "id": "21354f98-ab06-67d9-b974-5a54d992082e"
          },
          "revisedDate": "9999-01-01T00:00:00Z",
          "url": "https://laurynsentry.visualstudio.com/c0bf429a-c03c-4a99-9336-d45be74db5a6/_apis/wit/workItems/31/updates/2",
          "fields": {
            "System.AuthorizedDate": { "newValue": "2018-07-05T20:52:14.777Z", "oldValue": "2018-07-05T20:51:58.927Z" },
            "System.AssignedTo": { "newValue": "lauryn <lauryn@sentry.io>", "oldValue": "lauryn2 <lauryn2@sentry.io>" },
            "System.Watermark": { "newValue": 78, "oldValue": 77 },
            "System.Rev": { "newValue": 2, "oldValue": 1 },
            "System.RevisedDate": { "newValue": "9999-01-01T00:00:00Z", "oldValue": "2018-07-05T20:52:14.777Z" },
            "System.ChangedDate": { "newValue": "2018-07-05T20:52:14.777Z", "oldValue": "2018-07-05T20:51:58.927Z" }
          },
          "workItemId": 31,
          "rev": 2,
          "_links": { "self": { "href": "https://laurynsentry.visualstudio.com/_apis/wit/workItems/31/updates/2" } },
          "id": 2,
          "revision": {
            "url": "https://laurynsentry.visualstudio.com/c0bf429a-c03c-4a99-9336-d45be74db5a6/_apis/wit/workItems/31/revisions/2",
            "fields": {
              "System.AreaPath": "MyFirstProject",
              "System.WorkItemType": "Bug",
              "System.Title": "NameError: global name 'BitbucketRepositoryProvider' is not defined",
              "Microsoft.VSTS.Common.Priority": 2,
              "System.CreatedBy": "lauryn <lauryn@sentry.io>",
              "System.AssignedTo": "lauryn <lauryn@sentry.io>",
              "System.TeamProject": "MyFirstProject",
              "System.State": "New",
              "System.Description": "<p><a href=\"https://sentry.io/sentry/internal/issues/196/\">https://sentry.io/sentry/internal/issues/196/</a></p>",
              "System.ChangedBy": "lauryn <lauryn@sentry.io>",
              "System.IterationPath": "MyFirstProject"
            },
            "id": 31,
            "rev": 2
          }
        }
        """;

    // The workitem.updated resource of Azure DevOps' documentation sample: workItemId 0, revisedBy
    // null, a revised date without an offset, System.Rev as strings, an assignee given a first value.
    private const string DocumentationSampleUpdate = """
        {
          "id": 2,
          "workItemId": 0,
          "rev": 2,
          "revisedBy": null,
          "revisedDate": "0001-01-01T00:00:00",
          "fields": {
            "System.Rev": { "oldValue": "1", "newValue": "2" },
            "System.AuthorizedDate": { "oldValue": "2014-07-15T16:48:44.663Z", "newValue": "2014-07-15T17:42:44.663Z" },
            "System.RevisedDate": { "oldValue": "2014-07-15T17:42:44.663Z", "newValue": "9999-01-01T00:00:00Z" },
            "System.State": { "oldValue": "New", "newValue": "Approved" },
            "System.Reason": { "oldValue": "New defect reported", "newValue": "Approved by the Product Owner" },
            "System.AssignedTo": { "newValue": "Jamal Hartnet" },
            "System.Watermark": { "oldValue": "2", "newValue": "5" }
          },
          "url": "https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/_apis/wit/workItems/5/updates/2",
          "revision": {
            "id": 5,
            "rev": 2,
            "fields": { "System.State": "Approved", "System.AssignedTo": "Jamal Hartnet", "System.Rev": "2" },
            "url": "https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/_apis/wit/workItems/5/revisions/2"
          }
        }
        """;

    [Fact]
    public void The_update_number_and_the_work_item_number_are_told_apart()
    {
        var update = WebhookJson.Update(RecordedUpdate);

        Assert.Equal(2, update.Id);
        Assert.Equal(31, update.WorkItemId);
        Assert.Equal(2, update.Revision);
        Assert.EndsWith("/workItems/31/updates/2", update.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void RevisedBy_is_read_from_the_identity_object()
    {
        var update = WebhookJson.Update(RecordedUpdate);

        Assert.Equal("lauryn", update.RevisedBy?.DisplayName);
        Assert.Equal("lauryn@sentry.io", update.RevisedBy?.Email);
        Assert.Equal("lauryn@sentry.io", update.RevisedBy?.UniqueName);
        Assert.Equal("21354f98-ab06-67d9-b974-5a54d992082e", update.RevisedBy?.Id);
        Assert.Equal("msa.M2UwMTc1", update.RevisedBy?.Descriptor);
        Assert.Equal(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), update.RevisedDate);
    }

    [Fact]
    public void Fields_hold_only_the_changed_fields_as_old_and_new_values()
    {
        var update = WebhookJson.Update(RecordedUpdate);

        Assert.Equal(
            ["System.AssignedTo", "System.AuthorizedDate", "System.ChangedDate", "System.Rev", "System.RevisedDate", "System.Watermark"],
            update.Fields.Keys.Order(StringComparer.Ordinal));
        var assignee = update.Fields[WorkItemFields.AssignedTo];
        Assert.Equal("lauryn2@sentry.io", assignee.GetOldIdentity()?.Email);
        Assert.Equal("lauryn", assignee.GetNewIdentity()?.DisplayName);
        Assert.Equal("lauryn@sentry.io", assignee.GetNewIdentity()?.Email);
        Assert.Equal((1L, 2L), (update.Fields[WorkItemFields.Rev].GetOldInt64(), update.Fields[WorkItemFields.Rev].GetNewInt64()));
        Assert.Equal("78", update.Fields["System.Watermark"].GetNewString());
    }

    [Fact]
    public void The_work_item_at_the_revision_carries_every_field()
    {
        var item = WebhookJson.Update(RecordedUpdate).WorkItem;

        Assert.NotNull(item);
        Assert.Equal((31, 2), (item.Id, item.Revision));
        Assert.Equal(WorkItemTypeName.Bug, item.WorkItemType);
        Assert.Equal(WorkItemState.New, item.State);
        Assert.Equal("MyFirstProject", item.TeamProject);
        Assert.Equal("lauryn@sentry.io", item.AssignedTo?.Email);
        Assert.Equal(2, item.GetInt64(WorkItemFields.Priority));
        Assert.EndsWith("/workItems/31/revisions/2", item.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documentation_sample_reads_despite_its_quirks()
    {
        var update = WebhookJson.Update(DocumentationSampleUpdate);

        // workItemId 0: the number comes from the work item at the revision.
        Assert.Equal(5, update.WorkItemId);
        Assert.Equal(2, update.Id);
        Assert.Null(update.RevisedBy);
        Assert.Equal(DateTimeOffset.MinValue, update.RevisedDate);
        Assert.Equal(TimeSpan.Zero, update.RevisedDate?.Offset);
        Assert.Equal((1L, 2L), (update.Fields[WorkItemFields.Rev].GetOldInt64(), update.Fields[WorkItemFields.Rev].GetNewInt64()));
        Assert.Equal(("New", "Approved"), (update.Fields[WorkItemFields.State].GetOldString(), update.Fields[WorkItemFields.State].GetNewString()));
        Assert.Equal(2, update.WorkItem?.GetInt64(WorkItemFields.Rev));
    }

    [Theory]
    [InlineData("\"0001-01-01T00:00:00\"", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("\"2014-07-15T17:42:44.663\"", "2014-07-15T17:42:44.6630000+00:00")]
    [InlineData("\"2014-07-15T17:42:44.663+02:00\"", "2014-07-15T17:42:44.6630000+02:00")]
    [InlineData("\"not a date\"", null)]
    [InlineData("0", null)]
    public void A_revised_date_without_an_offset_is_utc_and_an_unreadable_one_is_absent(string revisedDate, string? expected)
    {
        var update = WebhookJson.Update($$"""{"id":2,"workItemId":5,"revisedDate":{{revisedDate}}}""");

        Assert.Equal(expected, update.RevisedDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, update.WorkItemId);
    }

    [Fact]
    public void A_zero_work_item_number_without_a_revision_stays_zero()
    {
        var update = WebhookJson.Update("""{"id":2,"workItemId":0,"rev":2}""");

        Assert.Equal(0, update.WorkItemId);
        Assert.Null(update.WorkItem);
    }

    [Fact]
    public void Ids_and_revisions_are_read_as_numbers_or_strings()
    {
        var update = WebhookJson.Update("""{"id":"3","workItemId":"31","rev":"4","revision":{"id":"31","rev":"4"}}""");

        Assert.Equal((3, 31, 4), (update.Id, update.WorkItemId, update.Revision));
        Assert.Equal((31, 4), (update.WorkItem?.Id, update.WorkItem?.Revision));
    }

    [Fact]
    public void A_first_value_has_no_old_value()
    {
        var change = WebhookJson.Update(DocumentationSampleUpdate).Fields[WorkItemFields.AssignedTo];

        Assert.False(change.HasOldValue);
        Assert.Equal(JsonValueKind.Undefined, change.OldValue.ValueKind);
        Assert.Null(change.GetOldIdentity());
        Assert.Null(change.GetOldString());
        Assert.True(change.HasNewValue);
        Assert.Equal("Jamal Hartnet", change.GetNewIdentity()?.DisplayName);
        Assert.Null(change.GetNewIdentity()?.Email);
    }

    [Fact]
    public void An_unassignment_has_an_old_value_and_no_new_value()
    {
        var change = WebhookJson.FieldChange(WorkItemFields.AssignedTo, """{"oldValue":"lauryn <lauryn@sentry.io>"}""");

        Assert.True(change.HasOldValue);
        Assert.Equal("lauryn@sentry.io", change.GetOldIdentity()?.Email);
        Assert.False(change.HasNewValue);
        Assert.Equal(JsonValueKind.Undefined, change.NewValue.ValueKind);
        Assert.Null(change.GetNewIdentity());
        Assert.Null(change.GetNewString());
        Assert.Null(change.GetNewInt64());
    }

    [Fact]
    public void An_explicit_null_is_a_value_the_payload_carried()
    {
        var change = WebhookJson.FieldChange("Custom.Owner", """{"oldValue":null,"newValue":null}""");

        Assert.True(change.HasOldValue);
        Assert.True(change.HasNewValue);
        Assert.Equal(JsonValueKind.Null, change.OldValue.ValueKind);
        Assert.Equal(JsonValueKind.Null, change.NewValue.ValueKind);
        Assert.Null(change.GetNewString());
        Assert.Null(change.GetNewIdentity());
    }

    [Fact]
    public void A_change_without_either_value_has_neither()
    {
        var change = WebhookJson.FieldChange("System.History", "{}");

        Assert.False(change.HasOldValue);
        Assert.False(change.HasNewValue);
    }

    [Fact]
    public void A_field_whose_change_is_null_is_left_out()
    {
        var update = WebhookJson.Update("""{"id":1,"workItemId":7,"fields":{"System.State":{"newValue":"Active"},"System.Reason":null}}""");

        Assert.Equal(["System.State"], update.Fields.Keys);
        Assert.False(update.TryGetField("System.Reason", out _));
    }

    [Theory]
    [InlineData("\"Jamal Hartnett <fabrikamfiber4@hotmail.com>\"", "Jamal Hartnett", "fabrikamfiber4@hotmail.com")]
    [InlineData("\"fabrikamfiber4@hotmail.com\"", null, "fabrikamfiber4@hotmail.com")]
    [InlineData("""{"displayName":"Jamal Hartnett","uniqueName":"fabrikamfiber4@hotmail.com","id":"d6245f20-2af8-44f4-9451-8107cb2767db"}""", "Jamal Hartnett", "fabrikamfiber4@hotmail.com")]
    [InlineData("\"Jamal Hartnett\"", "Jamal Hartnett", null)]
    public void An_assignee_is_read_from_any_identity_form(string value, string? displayName, string? email)
    {
        var change = WebhookJson.FieldChange(WorkItemFields.AssignedTo, $$"""{"newValue":{{value}}}""");

        var identity = change.GetNewIdentity();
        Assert.NotNull(identity);
        Assert.Equal(displayName, identity.DisplayName);
        Assert.Equal(email, identity.Email);
    }

    [Theory]
    [InlineData("\"Jamal Hartnett <fabrikamfiber4@hotmail.com>\"", "Jamal Hartnett", "fabrikamfiber4@hotmail.com")]
    [InlineData("\"fabrikamfiber4@hotmail.com\"", null, "fabrikamfiber4@hotmail.com")]
    [InlineData("""{"displayName":"Normal Paulk","uniqueName":"fabrikamfiber16@hotmail.com"}""", "Normal Paulk", "fabrikamfiber16@hotmail.com")]
    public void RevisedBy_is_read_from_any_identity_form(string value, string? displayName, string? email)
    {
        var update = WebhookJson.Update($$"""{"id":1,"workItemId":7,"revisedBy":{{value}}}""");

        Assert.Equal(displayName, update.RevisedBy?.DisplayName);
        Assert.Equal(email, update.RevisedBy?.Email);
    }

    [Fact]
    public void An_absent_revisedBy_and_revisedDate_read_as_absent()
    {
        var update = WebhookJson.Update("""{"id":1,"workItemId":7}""");

        Assert.Null(update.RevisedBy);
        Assert.Null(update.RevisedDate);
        Assert.Empty(update.Fields);
        Assert.Empty(update.Relations.Added);
    }

    [Fact]
    public void Scalar_values_read_as_text_and_numbers()
    {
        var update = WebhookJson.Update("""
            {"id":1,"workItemId":7,"fields":{
              "Custom.Flag": {"oldValue": false, "newValue": true},
              "Custom.Size": {"oldValue": "large", "newValue": 3.5},
              "Custom.Tags": {"newValue": ["a"]}
            }}
            """);

        Assert.Equal((bool.FalseString, bool.TrueString), (update.Fields["Custom.Flag"].GetOldString(), update.Fields["Custom.Flag"].GetNewString()));
        Assert.Null(update.Fields["Custom.Size"].GetOldInt64());
        Assert.Equal("3.5", update.Fields["Custom.Size"].GetNewString());
        Assert.Null(update.Fields["Custom.Size"].GetNewInt64());
        Assert.Null(update.Fields["Custom.Tags"].GetNewString());
        Assert.Equal(JsonValueKind.Array, update.Fields["Custom.Tags"].NewValue.ValueKind);
    }

    [Fact]
    public void TryGetField_finds_changed_fields_only()
    {
        var update = WebhookJson.Update(RecordedUpdate);

        Assert.True(update.TryGetField(WorkItemFields.AssignedTo, out var change));
        Assert.Equal("lauryn2@sentry.io", change.GetOldIdentity()?.Email);
        Assert.False(update.TryGetField(WorkItemFields.State, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Relation_changes_are_read_as_added_removed_and_updated()
    {
        var update = WebhookJson.Update("""
            {"id":4,"workItemId":7,"rev":4,"relations":{
              "added": [{"rel":"Hyperlink","url":"https://sentry.io/issues/196/","attributes":{"comment":"Linked from Sentry","isLocked":false}}],
              "removed": [{"rel":"System.LinkTypes.Hierarchy-Reverse","url":"https://dev.azure.com/org/_apis/wit/workItems/3"}],
              "updated": [{"rel":"ArtifactLink","url":"vstfs:///Git/Commit/abc","attributes":{"name":"Fixed in Commit"}}]
            }}
            """);

        var added = Assert.Single(update.Relations.Added);
        Assert.Equal(WorkItemRelationType.Hyperlink, added.Rel);
        Assert.Equal("https://sentry.io/issues/196/", added.Url);
        Assert.Equal("Linked from Sentry", added.Comment);
        Assert.Equal("https://dev.azure.com/org/_apis/wit/workItems/3", Assert.Single(update.Relations.Removed).Url);
        Assert.Equal(WorkItemRelationType.ArtifactLink, Assert.Single(update.Relations.Updated).Rel);
    }

    [Fact]
    public void Relation_changes_of_one_kind_leave_the_others_empty()
    {
        var update = WebhookJson.Update("""{"id":4,"workItemId":7,"relations":{"removed":[{"rel":"Hyperlink","url":"https://sentry.io/issues/196/"}]}}""");

        Assert.Empty(update.Relations.Added);
        Assert.Single(update.Relations.Removed);
        Assert.Empty(update.Relations.Updated);
    }
}
