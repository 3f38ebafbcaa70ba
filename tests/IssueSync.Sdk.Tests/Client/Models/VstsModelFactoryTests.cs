using System.Text.Json;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Client.Models;

/// <summary>The factory hosts use to fake Azure DevOps answers in their own tests.</summary>
public class VstsModelFactoryTests
{
    [Fact]
    public void Work_item_built_for_a_host_test_reads_like_one_from_the_wire()
    {
        using var assignee = JsonDocument.Parse("""{"displayName":"Jamal Hartnett","uniqueName":"jamal@fabrikam.com"}""");
        var item = VstsModelFactory.WorkItem(
            309,
            revision: 4,
            fields: new Dictionary<string, object?>
            {
                [WorkItemFields.Title] = "Hello",
                [WorkItemFields.State] = "Resolved",
                [WorkItemFields.WorkItemType] = "Bug",
                [WorkItemFields.AreaPath] = "Fabrikam\\Web",
                [WorkItemFields.AssignedTo] = assignee.RootElement,
                [WorkItemFields.ChangedBy] = "lauryn <lauryn@sentry.io>",
                [WorkItemFields.Tags] = "sentry; web",
                [WorkItemFields.Priority] = 2,
                ["Custom.Big"] = 5_000_000_000L,
                ["Custom.Ratio"] = 0.5,
                ["Custom.Flag"] = true,
                ["Custom.Empty"] = null,
            },
            url: "https://dev.azure.com/fabrikam/_apis/wit/workItems/309");

        Assert.Equal(309, item.Id);
        Assert.Equal(4, item.Revision);
        Assert.Equal("Hello", item.Title);
        Assert.Equal(WorkItemState.Resolved, item.State);
        Assert.Equal(WorkItemTypeName.Bug, item.WorkItemType);
        Assert.Equal("Fabrikam\\Web", item.AreaPath);
        Assert.Equal("jamal@fabrikam.com", item.AssignedTo?.Email);
        Assert.Equal("lauryn@sentry.io", item.ChangedBy?.Email);
        Assert.Equal(["sentry", "web"], item.Tags);
        Assert.Equal(2, item.GetInt64(WorkItemFields.Priority));
        Assert.Equal(5_000_000_000L, item.GetInt64("Custom.Big"));
        Assert.Equal("0.5", item.GetString("Custom.Ratio"));
        Assert.Equal("True", item.GetString("Custom.Flag"));
        Assert.True(item.TryGetField("Custom.Empty", out var empty));
        Assert.Equal(JsonValueKind.Null, empty.ValueKind);
        Assert.Equal("https://dev.azure.com/fabrikam/_apis/wit/workItems/309", item.Url);
    }

    [Fact]
    public void Work_item_keeps_a_json_element_after_its_document_is_disposed()
    {
        WorkItem item;
        using (var document = JsonDocument.Parse("""{"displayName":"Jamal Hartnett","uniqueName":"jamal@fabrikam.com"}"""))
        {
            item = VstsModelFactory.WorkItem(1, fields: new Dictionary<string, object?> { [WorkItemFields.AssignedTo] = document.RootElement });
        }

        Assert.Equal("jamal@fabrikam.com", item.AssignedTo?.Email);
    }

    [Fact]
    public void Work_item_defaults_are_empty()
    {
        var item = VstsModelFactory.WorkItem(7);

        Assert.Equal(1, item.Revision);
        Assert.Empty(item.Fields);
        Assert.Empty(item.Relations);
        Assert.Null(item.Url);
    }

    [Fact]
    public void Work_item_rejects_field_values_it_cannot_represent()
    {
        var ex = Assert.Throws<ArgumentException>(() => VstsModelFactory.WorkItem(1, fields: new Dictionary<string, object?> { ["Custom.When"] = DateTime.UnixEpoch }));

        Assert.Contains(nameof(DateTime), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relations_carry_their_comment()
    {
        var item = VstsModelFactory.WorkItem(1, relations:
        [
            VstsModelFactory.WorkItemRelation(WorkItemRelationType.Hyperlink, "https://host.example/issues/7", "Linked from host"),
            VstsModelFactory.WorkItemRelation(WorkItemRelationType.Parent, "https://dev.azure.com/fabrikam/_apis/wit/workItems/2"),
        ]);

        Assert.Equal("Linked from host", item.Relations[0].Comment);
        Assert.Equal(WorkItemRelationType.Hyperlink, item.Relations[0].Rel);
        Assert.Null(item.Relations[1].Comment);
        Assert.Empty(item.Relations[1].Attributes);
    }

    [Fact]
    public void Wiql_result_keeps_the_order()
    {
        var result = VstsModelFactory.WiqlResult([9, 3, 5]);

        Assert.Equal("flat", result.QueryType);
        Assert.Equal([9, 3, 5], result.WorkItems.Select(w => w.Id));
    }

    [Fact]
    public void Team_project_and_connection_data()
    {
        var project = VstsModelFactory.TeamProject("ac7c05bb-7f8e-4880-85a6-e08f37fd4a10", "Fabrikam-Fiber-Git", description: "Git");
        var data = VstsModelFactory.ConnectionData("d291b0c4-a05c-4ea6-8df1-4b41d5f39eff", "80ded3e8-3cd3-43b1-9f96-52032624aa3a");

        Assert.Equal("Fabrikam-Fiber-Git", project.Name);
        Assert.Equal("wellFormed", project.State);
        Assert.Equal("Git", project.Description);
        Assert.Equal("d291b0c4-a05c-4ea6-8df1-4b41d5f39eff", data.AuthenticatedUser?.Id);
        Assert.True(data.AuthenticatedUser?.IsActive);
        Assert.Equal("80ded3e8-3cd3-43b1-9f96-52032624aa3a", data.InstanceId);
    }
}
