using System.Text;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

/// <summary>
/// A project's process as the metadata routes answer it (types, categories, a type's fields with rules,
/// area and iteration trees), and the organization's field definitions; served by MockHttp backends.
/// </summary>
internal sealed class TestProcess
{
    public const string Org = ClientTestHarness.OrganizationUrl;

    /// <summary>Every field definition the processes below use (data types, identity, read-only).</summary>
    public const string FieldDefinitionsJson = """
        {"count":17,"value":[
          {"referenceName":"System.Title","name":"Title","type":"string","readOnly":false},
          {"referenceName":"System.Description","name":"Description","type":"html","readOnly":false},
          {"referenceName":"System.History","name":"History","type":"history","readOnly":false},
          {"referenceName":"System.AreaPath","name":"Area Path","type":"treePath","readOnly":false},
          {"referenceName":"System.IterationPath","name":"Iteration Path","type":"treePath","readOnly":true},
          {"referenceName":"System.Tags","name":"Tags","type":"plainText","readOnly":false},
          {"referenceName":"System.State","name":"State","type":"string","readOnly":false},
          {"referenceName":"System.AssignedTo","name":"Assigned To","type":"string","readOnly":false,"isIdentity":true},
          {"referenceName":"System.CreatedDate","name":"Created Date","type":"dateTime","readOnly":true},
          {"referenceName":"System.AreaId","name":"Area ID","type":"integer","readOnly":false},
          {"referenceName":"Microsoft.VSTS.Common.Priority","name":"Priority","type":"integer","readOnly":false},
          {"referenceName":"Microsoft.VSTS.Common.Severity","name":"Severity","type":"string","readOnly":false,"isPicklist":true},
          {"referenceName":"Microsoft.VSTS.Common.ActivatedDate","name":"Activated Date","type":"dateTime","readOnly":false},
          {"referenceName":"Microsoft.VSTS.Scheduling.StoryPoints","name":"Story Points","type":"double","readOnly":false},
          {"referenceName":"Microsoft.VSTS.Scheduling.Effort","name":"Effort","type":"double","readOnly":false},
          {"referenceName":"Custom.Severity","name":"Customer Severity","type":"picklistString","readOnly":false,"isPicklist":true},
          {"referenceName":"Custom.DueDate","name":"Due Date","type":"dateTime","readOnly":false},
          {"referenceName":"Custom.Billable","name":"Billable","type":"boolean","readOnly":false},
          {"referenceName":"Custom.Reviewer","name":"Reviewer","type":"identity","readOnly":false,"isIdentity":true},
          {"referenceName":"Custom.Customer","name":"Customer","type":"string","readOnly":false},
          {"referenceName":"Custom.Count","name":"Count","type":"integer","readOnly":false}]}
        """;

    private static readonly string[] Common =
    [
        Field("System.Title", "Title", required: true),
        Field("System.Description", "Description"),
        Field("System.History", "History"),
        Field("System.AreaPath", "Area Path"),
        Field("System.IterationPath", "Iteration Path"),
        Field("System.Tags", "Tags"),
        Field("System.AssignedTo", "Assigned To", allowed: """[{"displayName":"Jamal Hartnett","uniqueName":"jamal@fabrikam.com"}]"""),
        Field("System.AreaId", "Area ID", required: true),
        Field("System.CreatedDate", "Created Date"),
    ];

    private readonly Dictionary<string, string> _typeFields;

    private TestProcess(string name, (string Name, string Reference, string[] States, bool Disabled)[] types, (string Category, string DefaultType, string[] Types)[] categories, Dictionary<string, string[]> fields)
    {
        Name = name;
        TypesJson = "{\"count\":" + types.Length + ",\"value\":[" + string.Join(",", types.Select(t =>
            $$"""{"name":"{{t.Name}}","referenceName":"{{t.Reference}}","isDisabled":{{(t.Disabled ? "true" : "false")}},"states":[{{string.Join(",", t.States.Select(s => $$"""{"name":"{{s.Split('|')[0]}}","category":"{{s.Split('|')[1]}}"}"""))}}]}""")) + "]}";
        CategoriesJson = "{\"count\":" + categories.Length + ",\"value\":[" + string.Join(",", categories.Select(c =>
            $$"""{"name":"{{c.Category}}","referenceName":"{{c.Category}}","defaultWorkItemType":{"name":"{{c.DefaultType}}","url":"{{Org}}_apis/wit/workItemTypes/{{c.DefaultType}}"},"workItemTypes":[{{string.Join(",", c.Types.Select(t => $$"""{"name":"{{t}}","url":"{{Org}}_apis/wit/workItemTypes/{{t}}"}"""))}}]}""")) + "]}";
        _typeFields = fields.ToDictionary(f => f.Key, f => "{\"count\":" + (Common.Length + f.Value.Length) + ",\"value\":[" + string.Join(",", Common.Concat(f.Value)) + "]}");
    }

    public string Name { get; }

    public string TypesJson { get; }

    public string CategoriesJson { get; }

    /// <summary>The fields answer of one type.</summary>
    public string FieldsOf(string type) => _typeFields[type];

    /// <summary>Agile with a Custom.Severity picklist on Bug and Task, as the older create tests need.</summary>
    public static TestProcess Permissive { get; } = new(
        "Permissive",
        [
            ("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", ["New|Proposed", "Active|InProgress", "Resolved|Resolved", "Closed|Completed"], false),
            ("Task", "Microsoft.VSTS.WorkItemTypes.Task", ["New|Proposed", "Active|InProgress", "Closed|Completed"], false),
            ("User Story", "Microsoft.VSTS.WorkItemTypes.UserStory", ["New|Proposed", "Closed|Completed"], false),
        ],
        [("Microsoft.BugCategory", "Bug", ["Bug"]), ("Microsoft.RequirementCategory", "User Story", ["User Story"]), ("Microsoft.TaskCategory", "Task", ["Task"])],
        new()
        {
            ["Bug"] = [Priority, Field("Custom.Severity", "Customer Severity", allowed: """["1 - Critical","2 - High","3 - Medium"]""")],
            ["Task"] = [Priority, Field("Custom.Severity", "Customer Severity", allowed: """["1 - Critical","2 - High","3 - Medium"]""")],
            ["User Story"] = [Priority],
        });

    /// <summary>Basic: Epic, Issue, Task; states To Do, Doing, Done; no Bug.</summary>
    public static TestProcess Basic { get; } = new(
        "Basic",
        [
            ("Epic", "Microsoft.VSTS.WorkItemTypes.Epic", ["To Do|Proposed", "Doing|InProgress", "Done|Completed"], false),
            ("Issue", "Microsoft.VSTS.WorkItemTypes.Issue", ["To Do|Proposed", "Doing|InProgress", "Done|Completed"], false),
            ("Task", "Microsoft.VSTS.WorkItemTypes.Task", ["To Do|Proposed", "Doing|InProgress", "Done|Completed"], false),
            ("Test Plan", "Microsoft.VSTS.WorkItemTypes.TestPlan", ["Active|InProgress", "Inactive|Completed"], false),
        ],
        [
            ("Microsoft.EpicCategory", "Epic", ["Epic"]),
            ("Microsoft.RequirementCategory", "Issue", ["Issue"]),
            ("Microsoft.TaskCategory", "Task", ["Task"]),
            ("Microsoft.HiddenCategory", "Test Plan", ["Test Plan"]),
        ],
        new()
        {
            ["Epic"] = [Priority, State("To Do", "To Do", "Doing", "Done")],
            ["Issue"] = [Priority, State("To Do", "To Do", "Doing", "Done"), Field("Microsoft.VSTS.Scheduling.Effort", "Effort")],
            ["Task"] = [Priority, State("To Do", "To Do", "Doing", "Done")],
        });

    /// <summary>Agile: Bug (with Severity), User Story, Task, Feature, Epic.</summary>
    public static TestProcess Agile { get; } = new(
        "Agile",
        [
            ("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", ["New|Proposed", "Active|InProgress", "Resolved|Resolved", "Closed|Completed"], false),
            ("Epic", "Microsoft.VSTS.WorkItemTypes.Epic", ["New|Proposed", "Closed|Completed"], false),
            ("Feature", "Microsoft.VSTS.WorkItemTypes.Feature", ["New|Proposed", "Closed|Completed"], false),
            ("Task", "Microsoft.VSTS.WorkItemTypes.Task", ["New|Proposed", "Closed|Completed"], false),
            ("User Story", "Microsoft.VSTS.WorkItemTypes.UserStory", ["New|Proposed", "Resolved|Resolved", "Closed|Completed"], false),
        ],
        [("Microsoft.BugCategory", "Bug", ["Bug"]), ("Microsoft.RequirementCategory", "User Story", ["User Story"]), ("Microsoft.TaskCategory", "Task", ["Task"])],
        new()
        {
            ["Bug"] =
            [
                Priority,
                State("New", "New", "Active", "Resolved", "Closed"),
                Field("Microsoft.VSTS.Common.Severity", "Severity", defaultValue: "\"3 - Medium\"", allowed: """["1 - Critical","2 - High","3 - Medium","4 - Low"]""", help: "Assessment of the effect of the bug on the project."),
                Field("Microsoft.VSTS.Common.ActivatedDate", "Activated Date"),
                Field("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points"),
            ],
            ["User Story"] = [Priority, State("New", "New", "Active", "Resolved", "Closed"), Field("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points")],
            ["Task"] = [Priority, State("New", "New", "Active", "Closed")],
            ["Epic"] = [Priority, State("New", "New", "Active", "Closed")],
            ["Feature"] = [Priority, State("New", "New", "Active", "Closed")],
        });

    /// <summary>Scrum: Bug and Product Backlog Item with Effort, states New / Approved / Committed / Done.</summary>
    public static TestProcess Scrum { get; } = new(
        "Scrum",
        [
            ("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", ["New|Proposed", "Approved|Proposed", "Committed|InProgress", "Done|Completed"], false),
            ("Product Backlog Item", "Microsoft.VSTS.WorkItemTypes.ProductBacklogItem", ["New|Proposed", "Approved|Proposed", "Committed|InProgress", "Done|Completed"], false),
            ("Task", "Microsoft.VSTS.WorkItemTypes.Task", ["To Do|Proposed", "In Progress|InProgress", "Done|Completed"], false),
        ],
        [("Microsoft.BugCategory", "Bug", ["Bug"]), ("Microsoft.RequirementCategory", "Product Backlog Item", ["Product Backlog Item"]), ("Microsoft.TaskCategory", "Task", ["Task"])],
        new()
        {
            ["Bug"] = [Priority, State("New", "New", "Approved", "Committed", "Done"), Field("Microsoft.VSTS.Scheduling.Effort", "Effort")],
            ["Product Backlog Item"] = [Priority, State("New", "New", "Approved", "Committed", "Done"), Field("Microsoft.VSTS.Scheduling.Effort", "Effort")],
        });

    /// <summary>
    /// "Fabrikam Agile", inherited from Agile: Bug's Resolved state renamed "Fixed", a required custom field
    /// Custom.Customer without a default, and a disabled Feature type.
    /// </summary>
    public static TestProcess CustomInherited { get; } = new(
        "Fabrikam Agile",
        [
            ("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", ["New|Proposed", "Active|InProgress", "Fixed|Resolved", "Closed|Completed"], false),
            ("Feature", "Microsoft.VSTS.WorkItemTypes.Feature", ["New|Proposed", "Closed|Completed"], true),
            ("User Story", "Microsoft.VSTS.WorkItemTypes.UserStory", ["New|Proposed", "Closed|Completed"], false),
        ],
        [("Microsoft.BugCategory", "Bug", ["Bug"]), ("Microsoft.RequirementCategory", "User Story", ["User Story"]), ("Microsoft.FeatureCategory", "Feature", ["Feature"])],
        new()
        {
            ["Bug"] =
            [
                Priority,
                State("New", "New", "Active", "Fixed", "Closed"),
                Field("Custom.Customer", "Customer", required: true, help: "Who reported it."),
                Field("Custom.Severity", "Customer Severity", allowed: """["1 - Critical","2 - High","3 - Medium"]"""),
                Field("Custom.DueDate", "Due Date"),
                Field("Custom.Billable", "Billable", defaultValue: "false"),
                Field("Custom.Reviewer", "Reviewer"),
                Field("Custom.Count", "Count"),
                Field("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points"),
            ],
            ["User Story"] = [Priority, State("New", "New", "Closed")],
        });

    private static string Priority => Field("Microsoft.VSTS.Common.Priority", "Priority", defaultValue: "2", allowed: "[1,2,3,4]");

    /// <summary>The areas tree of a project: the root, Web (with Checkout) and Mobile.</summary>
    public static string AreasJson(string project) => $$"""
        {"id":1,"name":"{{project}}","structureType":"area","hasChildren":true,"path":"\\{{project}}\\Area","children":[
          {"id":2,"name":"Web","structureType":"area","hasChildren":true,"path":"\\{{project}}\\Area\\Web","children":[
            {"id":3,"name":"Checkout","structureType":"area","hasChildren":false,"path":"\\{{project}}\\Area\\Web\\Checkout"}]},
          {"id":4,"name":"Mobile","structureType":"area","hasChildren":false,"path":"\\{{project}}\\Area\\Mobile"}]}
        """;

    /// <summary>The iterations tree of a project: the root, Sprint 1 and Sprint 2.</summary>
    public static string IterationsJson(string project) => $$"""
        {"id":10,"name":"{{project}}","structureType":"iteration","hasChildren":true,"path":"\\{{project}}\\Iteration","children":[
          {"id":11,"name":"Sprint 1","structureType":"iteration","hasChildren":false,"path":"\\{{project}}\\Iteration\\Sprint 1"},
          {"id":12,"name":"Sprint 2","structureType":"iteration","hasChildren":false,"path":"\\{{project}}\\Iteration\\Sprint 2"}]}
        """;

    public static string TypesUrl(string project) => $"{Org}{Uri.EscapeDataString(project)}/_apis/wit/workitemtypes";

    public static string CategoriesUrl(string project) => $"{Org}{Uri.EscapeDataString(project)}/_apis/wit/workitemtypecategories";

    public static string FieldsUrl(string project, string type) => $"{Org}{Uri.EscapeDataString(project)}/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}/fields?$expand=all";

    public static string AreasUrl(string project) => $"{Org}{Uri.EscapeDataString(project)}/_apis/wit/classificationnodes/areas?$depth=14";

    public static string IterationsUrl(string project) => $"{Org}{Uri.EscapeDataString(project)}/_apis/wit/classificationnodes/iterations?$depth=14";

    public const string FieldDefinitionsUrl = Org + "_apis/wit/fields";

    /// <summary>Answers every metadata read of <paramref name="project"/> (any number of times).</summary>
    public void Serve(ClientTestHarness harness, string project)
    {
        Answer(harness, TypesUrl(project), TypesJson);
        Answer(harness, CategoriesUrl(project), CategoriesJson);
        Answer(harness, AreasUrl(project), AreasJson(project));
        Answer(harness, IterationsUrl(project), IterationsJson(project));
        Answer(harness, FieldDefinitionsUrl, FieldDefinitionsJson);
        foreach (var (type, json) in _typeFields)
        {
            Answer(harness, FieldsUrl(project, type), json);
        }
    }

    /// <summary>The metadata URLs a cold create of <paramref name="type"/> in <paramref name="project"/> reads.</summary>
    public static string[] ColdReads(string project, string type) =>
        [TypesUrl(project), CategoriesUrl(project), AreasUrl(project), IterationsUrl(project), FieldsUrl(project, type), FieldDefinitionsUrl];

    private static void Answer(ClientTestHarness harness, string url, string json) =>
        harness.Mock.When(HttpMethod.Get, url).With(r => r.RequestUri!.AbsoluteUri == url).Respond(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });

    private static string Field(string reference, string name, bool required = false, string defaultValue = "null", string allowed = "[]", string? help = null) =>
        $$"""{"referenceName":"{{reference}}","name":"{{name}}","alwaysRequired":{{(required ? "true" : "false")}},"defaultValue":{{defaultValue}},"allowedValues":{{allowed}}{{(help is null ? string.Empty : $",\"helpText\":\"{help}\"")}}}""";

    private static string State(string defaultState, params string[] states) =>
        Field("System.State", "State", required: true, defaultValue: $"\"{defaultState}\"", allowed: "[" + string.Join(",", states.Select(s => $"\"{s}\"")) + "]");
}
