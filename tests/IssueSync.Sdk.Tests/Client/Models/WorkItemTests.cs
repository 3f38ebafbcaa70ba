using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;

namespace IssueSync.Sdk.Tests.Client.Models;

public class WorkItemTests
{
    [Fact]
    public void Reference_fixture_reads_through_the_typed_accessors()
    {
        var item = Read(VstsFixtures.WorkItemResponse);

        Assert.Equal(309, item.Id);
        Assert.Equal(1, item.Revision);
        Assert.Equal("Hello", item.Title);
        Assert.Equal("Fix this.", item.Description);
        Assert.Equal(WorkItemState.New, item.State);
        Assert.Equal("Fabrikam-Fiber-Git", item.AreaPath);
        Assert.Equal("Fabrikam-Fiber-Git", item.IterationPath);
        Assert.Equal("Fabrikam-Fiber-Git", item.TeamProject);
        Assert.Equal(WorkItemTypeName.ProductBacklogItem, item.WorkItemType);
        Assert.Equal("fabrikamfiber4@hotmail.com", item.ChangedBy?.Email);
        Assert.Equal("Jamal Hartnett", item.GetIdentity(WorkItemFields.CreatedBy)?.DisplayName);
        Assert.Null(item.AssignedTo);
        Assert.Empty(item.Tags);
        Assert.Empty(item.Relations);
        Assert.Equal(8, item.GetInt64("Microsoft.VSTS.Scheduling.Effort"));
        Assert.Equal("https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309", item.Url);
    }

    [Fact]
    public void Assignee_as_an_identity_object()
    {
        var item = Read("""{"id":1,"rev":2,"fields":{"System.AssignedTo":{"displayName":"Jamal Hartnett","uniqueName":"fabrikamfiber4@hotmail.com","id":"d291b0c4-a05c-4ea6-8df1-4b41d5f39eff"}}}""");

        Assert.Equal("Jamal Hartnett", item.AssignedTo?.DisplayName);
        Assert.Equal("fabrikamfiber4@hotmail.com", item.AssignedTo?.Email);
        Assert.Equal("d291b0c4-a05c-4ea6-8df1-4b41d5f39eff", item.AssignedTo?.Id);
    }

    [Fact]
    public void Assignee_as_a_name_and_email_string()
    {
        var item = Read("""{"id":1,"fields":{"System.AssignedTo":"lauryn <lauryn@sentry.io>","System.ChangedBy":"lauryn2 <lauryn2@sentry.io>"}}""");

        Assert.Equal("lauryn", item.AssignedTo?.DisplayName);
        Assert.Equal("lauryn@sentry.io", item.AssignedTo?.Email);
        Assert.Equal("lauryn2@sentry.io", item.ChangedBy?.Email);
    }

    [Fact]
    public void Unassigned_item_has_no_assignee()
    {
        Assert.Null(Read("""{"id":1,"fields":{"System.AssignedTo":null}}""").AssignedTo);
        Assert.Null(Read("""{"id":1,"fields":{}}""").AssignedTo);
    }

    [Theory]
    [InlineData("sentry; backend", "sentry|backend")]
    [InlineData(" sentry ;backend;; ", "sentry|backend")]
    [InlineData("single", "single")]
    [InlineData("", "")]
    public void Tags_are_split_on_semicolons_and_trimmed(string tags, string expected)
    {
        var item = Read(JsonSerializer.Serialize(new { id = 1, fields = new Dictionary<string, string> { [WorkItemFields.Tags] = tags } }));

        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), item.Tags);
    }

    [Fact]
    public void Revision_comes_from_rev()
    {
        var item = Read("""{"id":7,"rev":12,"fields":{"System.Rev":12}}""");

        Assert.Equal(12, item.Revision);
        Assert.Equal(12, item.GetInt64(WorkItemFields.Rev));
    }

    [Fact]
    public void GetInt64_reads_numbers_and_numeric_strings()
    {
        var item = Read("""{"id":1,"fields":{"Microsoft.VSTS.Common.Priority":2,"Custom.Count":"5","Custom.Big":9007199254740993,"Custom.Text":"five","Custom.Fraction":1.5,"Custom.Flag":true}}""");

        Assert.Equal(2, item.GetInt64(WorkItemFields.Priority));
        Assert.Equal(5, item.GetInt64("Custom.Count"));
        Assert.Equal(9007199254740993, item.GetInt64("Custom.Big"));
        Assert.Null(item.GetInt64("Custom.Text"));
        Assert.Null(item.GetInt64("Custom.Fraction"));
        Assert.Null(item.GetInt64("Custom.Flag"));
        Assert.Null(item.GetInt64("Custom.Missing"));
    }

    [Fact]
    public void GetString_renders_scalars_invariantly_and_nothing_else()
    {
        var item = Read("""{"id":1,"fields":{"S":"text","N":1.25,"T":true,"F":false,"O":{"a":1},"A":[1],"Z":null}}""");

        Assert.Equal("text", item.GetString("S"));
        Assert.Equal("1.25", item.GetString("N"));
        Assert.Equal("True", item.GetString("T"));
        Assert.Equal("False", item.GetString("F"));
        Assert.Null(item.GetString("O"));
        Assert.Null(item.GetString("A"));
        Assert.Null(item.GetString("Z"));
        Assert.Null(item.GetString("Missing"));
        Assert.True(item.TryGetField("O", out var raw));
        Assert.Equal(JsonValueKind.Object, raw.ValueKind);
    }

    [Fact]
    public void Unknown_properties_are_ignored()
    {
        var item = Read("""{"id":5,"rev":1,"commentVersionRef":{"commentId":1,"version":1},"_links":{"self":{"href":"x"}},"futureThing":[1,2,3],"fields":{"System.Title":"t"}}""");

        Assert.Equal(5, item.Id);
        Assert.Equal("t", item.Title);
    }

    [Fact]
    public void Missing_fields_and_relations_are_empty_not_null()
    {
        var item = Read("""{"id":5}""");

        Assert.Empty(item.Fields);
        Assert.Empty(item.Relations);
        Assert.Empty(item.Tags);
        Assert.Null(item.Title);
        Assert.Null(item.State);
        Assert.Null(item.WorkItemType);
    }

    [Fact]
    public void Blank_state_and_type_read_as_absent()
    {
        var item = Read("""{"id":5,"fields":{"System.State":"  ","System.WorkItemType":""}}""");

        Assert.Null(item.State);
        Assert.Null(item.WorkItemType);
    }

    [Fact]
    public void State_and_type_accept_process_specific_names()
    {
        var item = Read("""{"id":5,"fields":{"System.State":"Pruebas unitarias","System.WorkItemType":"Some-Thing.GIssue"}}""");

        Assert.Equal(new WorkItemState("pruebas UNITARIAS"), item.State);
        Assert.Equal("Some-Thing.GIssue", item.WorkItemType?.Value);
    }

    private static WorkItem Read(string json) =>
        JsonSerializer.Deserialize(json, VstsJsonContext.Default.WorkItem) ?? throw new InvalidOperationException("null work item");
}
