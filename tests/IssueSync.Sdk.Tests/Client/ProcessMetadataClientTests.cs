using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// The calls that describe a project's process: its work item types, a type's fields with their rules,
/// the organization's field definitions, the area and iteration trees, and which process the project uses.
/// </summary>
public sealed class ProcessMetadataClientTests : IDisposable
{
    private const string Org = AreaTestHarnessA.DevAzureOrganization;

    // Basic process: Issue and Task, states To Do / Doing / Done; a disabled type.
    private const string TypesJson = """
        {"count":3,"value":[
          {"name":"Issue","referenceName":"Microsoft.VSTS.WorkItemTypes.Issue","description":"Tracks an issue.","color":"339947","isDisabled":false,
           "states":[{"name":"To Do","color":"b2b2b2","category":"Proposed"},{"name":"Doing","color":"007acc","category":"InProgress"},{"name":"Done","color":"339933","category":"Completed"}],
           "url":"https://dev.azure.com/fabrikam/_apis/wit/workItemTypes/Issue"},
          {"name":"Task","referenceName":"Microsoft.VSTS.WorkItemTypes.Task","isDisabled":false,"states":null},
          {"name":"Old Thing","referenceName":"Custom.OldThing","isDisabled":true}]}
        """;

    // Shapes from the 7.1 httpExamples (workItemTypesField/GET__workItemType_fields_expand.json):
    // identity allowed values are objects, a number default is a JSON number.
    private const string FieldsJson = """
        {"count":4,"value":[
          {"helpText":"Stories affected and how","alwaysRequired":true,"defaultValue":null,"allowedValues":[],"dependentFields":[],"referenceName":"System.Title","name":"Title","url":"https://dev.azure.com/fabrikam/_apis/wit/fields/System.Title"},
          {"alwaysRequired":true,"defaultValue":"To Do","allowedValues":["To Do","Doing","Done"],"referenceName":"System.State","name":"State"},
          {"alwaysRequired":false,"defaultValue":2,"allowedValues":[1,2,3,4],"referenceName":"Microsoft.VSTS.Common.Priority","name":"Priority"},
          {"helpText":"The person currently working on this","alwaysRequired":false,"defaultValue":null,
           "allowedValues":[{"displayName":"Jamal Hartnett","id":"df828ec3","uniqueName":"fabrikamfiber4@hotmail.com"},{"displayName":"Norman Paulk","uniqueName":""}],
           "referenceName":"System.AssignedTo","name":"Assigned To"},
          {"referenceName":null,"name":"Broken"}]}
        """;

    private const string OrgFieldsJson = """
        {"count":3,"value":[
          {"name":"Iteration Path","referenceName":"System.IterationPath","type":"treePath","usage":"workItem","readOnly":false,"isIdentity":false,"isPicklist":false},
          {"name":"Created Date","referenceName":"System.CreatedDate","type":"dateTime","usage":"workItem","readOnly":true,"isIdentity":false,"isPicklist":false},
          {"name":"Severity","referenceName":"Custom.Severity","type":"picklistString","usage":"workItem","readOnly":false,"isIdentity":false,"isPicklist":true,"picklistId":"f1b2"},
          {"name":"Assigned To","referenceName":"System.AssignedTo","type":"identity","readOnly":false,"isIdentity":true,"isPicklist":false}]}
        """;

    private const string AreasJson = """
        {"id":126391,"identifier":"d5d98099-47ac-468a-9579-c059c90bf7c5","name":"Fabrikam Fiber","structureType":"area","hasChildren":true,"path":"\\Fabrikam Fiber\\Area",
         "children":[
           {"id":126392,"name":"Web","structureType":"area","hasChildren":true,"path":"\\Fabrikam Fiber\\Area\\Web",
            "children":[{"id":126394,"name":"Checkout","structureType":"area","hasChildren":false,"path":"\\Fabrikam Fiber\\Area\\Web\\Checkout"}]},
           {"id":126393,"name":"Mobile","structureType":"area","hasChildren":false,"path":"\\Fabrikam Fiber\\Area\\Mobile"}]}
        """;

    private readonly AreaTestHarnessA _harness = new();

    [Fact]
    public async Task ListAsync_lists_the_types_with_reference_names_disabled_flags_and_states()
    {
        _harness.Expect(HttpMethod.Get, Org + "Fabrikam%20Fiber/_apis/wit/workitemtypes", "7.1").Respond("application/json", TypesJson);

        var types = await _harness.CreateClient().WorkItemTypes.ListAsync("Fabrikam Fiber");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(["Issue", "Task", "Old Thing"], types.Select(t => t.Name.Value));
        Assert.Equal(["Microsoft.VSTS.WorkItemTypes.Issue", "Microsoft.VSTS.WorkItemTypes.Task", "Custom.OldThing"], types.Select(t => t.ReferenceName));
        Assert.Equal([false, false, true], types.Select(t => t.IsDisabled));
        Assert.Equal([("To Do", "Proposed"), ("Doing", "InProgress"), ("Done", "Completed")], types[0].States.Select(s => (s.Name.Value, s.Category.Value)));
        Assert.Equal("Tracks an issue.", types[0].Description);
        Assert.Empty(types[1].States);
    }

    [Fact]
    public async Task GetFieldsAsync_asks_for_every_rule_and_reads_values_as_text()
    {
        _harness.Expect(HttpMethod.Get, Org + "Fabrikam/_apis/wit/workitemtypes/User%20Story/fields?$expand=all", "7.1-preview.3").Respond("application/json", FieldsJson);

        var fields = await _harness.CreateClient().WorkItemTypes.GetFieldsAsync("Fabrikam", "User Story");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(["System.Title", "System.State", "Microsoft.VSTS.Common.Priority", "System.AssignedTo"], fields.Select(f => f.ReferenceName));
        Assert.Equal(new WorkItemTypeField("System.Title", "Title", true, null, [], "Stories affected and how"), fields[0] with { AllowedValues = [] });
        Assert.Empty(fields[0].AllowedValues);
        Assert.Equal("To Do", fields[1].DefaultValue);
        Assert.Equal(["To Do", "Doing", "Done"], fields[1].AllowedValues);
        Assert.Equal("2", fields[2].DefaultValue);
        Assert.Equal(["1", "2", "3", "4"], fields[2].AllowedValues);
        Assert.Equal(["Jamal Hartnett <fabrikamfiber4@hotmail.com>", "Norman Paulk"], fields[3].AllowedValues);
        Assert.False(fields[3].AlwaysRequired);
    }

    [Fact]
    public async Task Fields_ListAsync_reads_the_organization_definitions_with_data_types()
    {
        _harness.Expect(HttpMethod.Get, Org + "_apis/wit/fields", "7.1-preview.3").Respond("application/json", OrgFieldsJson);

        var fields = await _harness.CreateClient().Fields.ListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(
            [
                new WorkItemFieldDefinition("System.IterationPath", "Iteration Path", WorkItemFieldType.TreePath, false, false, false, "workItem"),
                new WorkItemFieldDefinition("System.CreatedDate", "Created Date", WorkItemFieldType.DateTime, true, false, false, "workItem"),
                new WorkItemFieldDefinition("Custom.Severity", "Severity", WorkItemFieldType.PicklistString, false, false, true, "workItem"),
                new WorkItemFieldDefinition("System.AssignedTo", "Assigned To", WorkItemFieldType.Identity, false, true, false),
            ],
            fields);
    }

    [Fact]
    public async Task Fields_ListAsync_can_be_scoped_to_a_project()
    {
        _harness.Expect(HttpMethod.Get, Org + "Fabrikam%20Fiber/_apis/wit/fields", "7.1-preview.3").Respond("application/json", """{"count":0,"value":[]}""");

        Assert.Empty(await _harness.CreateClient().Fields.ListAsync("Fabrikam Fiber"));
        _harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetTreeAsync_reads_areas_to_the_depth_and_gives_work_item_paths()
    {
        _harness.Expect(HttpMethod.Get, Org + "Fabrikam%20Fiber/_apis/wit/classificationnodes/areas?$depth=5", "7.1").Respond("application/json", AreasJson);

        var root = await _harness.CreateClient().ClassificationNodes.GetTreeAsync("Fabrikam Fiber", ClassificationStructure.Areas, 5);

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(126391, root.Id);
        Assert.Equal("\\Fabrikam Fiber\\Area", root.Path);
        Assert.Equal(
            ["Fabrikam Fiber", "Fabrikam Fiber\\Web", "Fabrikam Fiber\\Web\\Checkout", "Fabrikam Fiber\\Mobile"],
            root.DescendantsAndSelf().Select(n => n.WorkItemPath));
        Assert.True(root.Children[0].HasChildren);
        Assert.False(root.Children[1].HasChildren);
    }

    [Fact]
    public async Task GetTreeAsync_reads_iterations()
    {
        _harness.Expect(HttpMethod.Get, Org + "Fabrikam/_apis/wit/classificationnodes/iterations?$depth=0", "7.1")
            .Respond("application/json", """{"id":7,"name":"Fabrikam","structureType":"iteration","hasChildren":true,"path":"\\Fabrikam\\Iteration"}""");

        var root = await _harness.CreateClient().ClassificationNodes.GetTreeAsync("Fabrikam", ClassificationStructure.Iterations, 0);

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal("Fabrikam", root.WorkItemPath);
        Assert.True(root.HasChildren);
        Assert.Empty(root.Children);
    }

    [Theory]
    [InlineData("\\Fabrikam\\Iteration\\Sprint 1", "Fabrikam\\Sprint 1")]
    [InlineData("\\Fabrikam\\Area", "Fabrikam")]
    [InlineData("\\Fabrikam", "Fabrikam")]
    [InlineData("Fabrikam\\Area\\Web\\Api", "Fabrikam\\Web\\Api")]
    public void ToWorkItemPath_drops_the_leading_slash_and_the_structure_segment(string nodePath, string workItemPath) =>
        Assert.Equal(workItemPath, ClassificationNode.ToWorkItemPath(nodePath));

    [Fact]
    public async Task GetTreeAsync_rejects_a_bad_depth_or_tree_without_a_request()
    {
        var nodes = _harness.CreateClient().ClassificationNodes;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => nodes.GetTreeAsync("Fabrikam", ClassificationStructure.Areas, -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => nodes.GetTreeAsync("Fabrikam", ClassificationStructure.Areas, 101));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => nodes.GetTreeAsync("Fabrikam", (ClassificationStructure)7, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => nodes.GetTreeAsync(" ", ClassificationStructure.Areas, 1));
    }

    [Fact]
    public async Task GetProcessTemplateAsync_reads_the_capabilities_of_the_project()
    {
        _harness.Expect(HttpMethod.Get, Org + "_apis/projects/Fabrikam%20Fiber?includeCapabilities=true", "7.1")
            .Respond("application/json", """
                {"id":"eb6e4656-77fc-42a1-9181-4c6d8e9da5d1","name":"Fabrikam Fiber","state":"wellFormed",
                 "capabilities":{"versioncontrol":{"sourceControlType":"Git"},"processTemplate":{"templateName":"Fabrikam Agile","templateTypeId":"adcc42ab-9882-485e-a3ed-7678f01f66bc"}}}
                """);

        var template = await _harness.CreateClient().Projects.GetProcessTemplateAsync("Fabrikam Fiber");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(new ProjectProcessTemplate("Fabrikam Agile", "adcc42ab-9882-485e-a3ed-7678f01f66bc"), template);
    }

    [Fact]
    public async Task GetProcessTemplateAsync_is_null_when_the_answer_names_no_process()
    {
        _harness.Expect(HttpMethod.Get, Org + "_apis/projects/p?includeCapabilities=true", "7.1")
            .Respond("application/json", """{"id":"1","name":"p","capabilities":{"versioncontrol":{"sourceControlType":"Git"}}}""");

        Assert.Null(await _harness.CreateClient().Projects.GetProcessTemplateAsync("p"));
    }

    [Fact]
    public async Task Processes_GetAsync_reads_an_inherited_process_and_its_parent()
    {
        _harness.Expect(HttpMethod.Get, Org + "_apis/work/processes/adcc42ab-9882-485e-a3ed-7678f01f66bc", "7.1-preview.2")
            .Respond("application/json", """
                {"typeId":"adcc42ab-9882-485e-a3ed-7678f01f66bc","name":"Fabrikam Agile","referenceName":"Inherited.adcc42ab","description":"Our Agile",
                 "parentProcessTypeId":"adcc42ab-9882-485e-a3ed-7678f01f66bc-parent","isEnabled":true,"isDefault":false,"customizationType":"inherited"}
                """);

        var process = await _harness.CreateClient().Processes.GetAsync("adcc42ab-9882-485e-a3ed-7678f01f66bc");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(new WorkProcess("adcc42ab-9882-485e-a3ed-7678f01f66bc", "Fabrikam Agile", "inherited", "adcc42ab-9882-485e-a3ed-7678f01f66bc-parent", "Inherited.adcc42ab", "Our Agile"), process);
        Assert.True(process.IsInherited);
    }

    [Fact]
    public async Task Processes_GetAsync_reads_a_system_process_without_a_parent()
    {
        _harness.Expect(HttpMethod.Get, Org + "_apis/work/processes/b8a3a935-7e91-48b8-a94c-606d37c3e9f2", "7.1-preview.2")
            .Respond("application/json", """{"typeId":"b8a3a935-7e91-48b8-a94c-606d37c3e9f2","name":"Basic","parentProcessTypeId":"00000000-0000-0000-0000-000000000000","customizationType":"system"}""");

        var process = await _harness.CreateClient().Processes.GetAsync("b8a3a935-7e91-48b8-a94c-606d37c3e9f2");

        Assert.Null(process.ParentProcessTypeId);
        Assert.False(process.IsInherited);
        Assert.Equal("Basic", process.Name);
    }

    public static TheoryData<string, string, string> Routes => new()
    {
        { Org + "Gone/_apis/wit/workitemtypes", "7.1", "WorkItemTypes.List" },
        { Org + "Gone/_apis/wit/workitemtypes/Bug/fields?$expand=all", "7.1-preview.3", "WorkItemTypes.GetFields" },
        { Org + "_apis/wit/fields", "7.1-preview.3", "Fields.List" },
        { Org + "Gone/_apis/wit/classificationnodes/iterations?$depth=2", "7.1", "ClassificationNodes.GetTree" },
        { Org + "_apis/projects/Gone?includeCapabilities=true", "7.1", "Projects.GetProcessTemplate" },
        { Org + "_apis/work/processes/Gone", "7.1-preview.2", "Processes.Get" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_failure_surfaces_as_VstsApiException_naming_the_operation(string url, string apiVersion, string operation)
    {
        var client = _harness.CreateClient();
        Func<Task> call = operation switch
        {
            "WorkItemTypes.List" => () => client.WorkItemTypes.ListAsync("Gone"),
            "WorkItemTypes.GetFields" => () => client.WorkItemTypes.GetFieldsAsync("Gone", "Bug"),
            "Fields.List" => () => client.Fields.ListAsync(),
            "ClassificationNodes.GetTree" => () => client.ClassificationNodes.GetTreeAsync("Gone", ClassificationStructure.Iterations, 2),
            "Projects.GetProcessTemplate" => () => client.Projects.GetProcessTemplateAsync("Gone"),
            _ => () => client.Processes.GetAsync("Gone"),
        };

        await _harness.AssertFailureAsync(_harness.Expect(HttpMethod.Get, url, apiVersion), HttpStatusCode.NotFound, VstsErrorKind.NotFound, operation, call);
    }

    public void Dispose() => _harness.Dispose();
}
