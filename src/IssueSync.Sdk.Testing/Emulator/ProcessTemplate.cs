namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>A state of a work item type: name, color and state category.</summary>
internal sealed record StateDefinition(string Name, string Color, string Category);

/// <summary>
/// A field of the organization (<c>_apis/wit/fields</c>): reference name, display name, data type as the REST
/// API spells it (<c>string</c>, <c>integer</c>, <c>double</c>, <c>dateTime</c>, <c>html</c>, <c>plainText</c>,
/// <c>treePath</c>, <c>history</c>, <c>boolean</c>), and whether it is read-only, an identity or a picklist.
/// </summary>
internal sealed record FieldDefinition(string ReferenceName, string Name, string Type, bool ReadOnly = false, bool IsIdentity = false, string? PicklistId = null, string? Description = null)
{
    public bool IsPicklist => PicklistId is not null;
}

/// <summary>A field as a work item type has it: required, default value and allowed values (all as text), help text.</summary>
internal sealed record FieldRule(string ReferenceName, bool AlwaysRequired = false, string? DefaultValue = null, IReadOnlyList<string>? AllowedValues = null, string? HelpText = null)
{
    public IReadOnlyList<string> Allowed => AllowedValues ?? [];
}

/// <summary>A work item type of a process: its states (the first is the initial one) and its fields with their rules.</summary>
internal sealed record WorkItemTypeDefinition(
    string Name,
    string ReferenceName,
    string Color,
    string Icon,
    string Description,
    IReadOnlyList<StateDefinition> States,
    IReadOnlyList<FieldRule> Fields)
{
    public StateDefinition? FindState(string name) =>
        States.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public FieldRule? FindField(string referenceName) =>
        Fields.FirstOrDefault(f => string.Equals(f.ReferenceName, referenceName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A work item type category (e.g. <c>Microsoft.BugCategory</c>).</summary>
internal sealed record CategoryDefinition(string Name, string ReferenceName, WorkItemTypeDefinition DefaultType, IReadOnlyList<WorkItemTypeDefinition> Types);

/// <summary>A process as <c>_apis/work/processes</c> shows it, with the types and categories its projects have.</summary>
internal sealed record ProcessDefinition(
    VstsEmulatedProcess Kind,
    string TypeId,
    string Name,
    string? ReferenceName,
    string? ParentTypeId,
    string Description,
    bool IsDefault,
    IReadOnlyList<WorkItemTypeDefinition> Types,
    IReadOnlyList<CategoryDefinition> Categories)
{
    public string CustomizationType => ParentTypeId is null ? "system" : "inherited";

    /// <summary>Finds a type by name (<c>Bug</c>) or reference name (<c>Microsoft.VSTS.WorkItemTypes.Bug</c>), ignoring case.</summary>
    public WorkItemTypeDefinition? FindType(string nameOrReferenceName) =>
        Types.FirstOrDefault(t => string.Equals(t.Name, nameOrReferenceName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.ReferenceName, nameOrReferenceName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The processes the emulator knows (Agile, Scrum, Basic, and "Agile (custom)" inherited from Agile) and the
/// organization's field definitions. Type and state names, colors, categories and process ids are Azure DevOps';
/// each type carries the fields the emulator needs, not every field Azure DevOps puts on it.
/// </summary>
internal static class ProcessTemplate
{
    public const string CustomSeverity = "Custom.Severity";

    private const string Priority = "Microsoft.VSTS.Common.Priority";

    private static readonly string[] Priorities = ["1", "2", "3", "4"];

    private static readonly string[] Severities = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"];

    /// <summary>The organization's fields, in the order <c>_apis/wit/fields</c> lists them.</summary>
    public static readonly IReadOnlyList<FieldDefinition> Fields =
    [
        new("System.Id", "ID", "integer", ReadOnly: true),
        new("System.Rev", "Rev", "integer", ReadOnly: true),
        new("System.Title", "Title", "string"),
        new("System.State", "State", "string"),
        new("System.Reason", "Reason", "string"),
        new("System.AreaPath", "Area Path", "treePath"),
        new("System.IterationPath", "Iteration Path", "treePath"),
        new("System.AssignedTo", "Assigned To", "string", IsIdentity: true),
        new("System.Tags", "Tags", "plainText"),
        new("System.Description", "Description", "html"),
        new("System.History", "History", "history"),
        new("System.TeamProject", "Team Project", "string", ReadOnly: true),
        new("System.WorkItemType", "Work Item Type", "string", ReadOnly: true),
        new("System.CreatedDate", "Created Date", "dateTime", ReadOnly: true),
        new("System.CreatedBy", "Created By", "string", ReadOnly: true, IsIdentity: true),
        new("System.ChangedDate", "Changed Date", "dateTime", ReadOnly: true),
        new("System.ChangedBy", "Changed By", "string", ReadOnly: true, IsIdentity: true),
        new("System.AuthorizedDate", "Authorized Date", "dateTime", ReadOnly: true),
        new("System.AuthorizedAs", "Authorized As", "string", ReadOnly: true, IsIdentity: true),
        new("System.RevisedDate", "Revised Date", "dateTime", ReadOnly: true),
        new("System.Watermark", "Watermark", "integer", ReadOnly: true),
        new("System.CommentCount", "Comment Count", "integer", ReadOnly: true),
        new("Microsoft.VSTS.Common.StateChangeDate", "State Change Date", "dateTime", ReadOnly: true),
        new(Priority, "Priority", "integer"),
        new("Microsoft.VSTS.Common.Severity", "Severity", "string"),
        new("Microsoft.VSTS.Common.ValueArea", "Value Area", "string"),
        new("Microsoft.VSTS.Common.Activity", "Activity", "string"),
        new("Microsoft.VSTS.Common.AcceptanceCriteria", "Acceptance Criteria", "html"),
        new("Microsoft.VSTS.Common.BusinessValue", "Business Value", "integer"),
        new("Microsoft.VSTS.TCM.ReproSteps", "Repro Steps", "html"),
        new("Microsoft.VSTS.TCM.SystemInfo", "System Info", "html"),
        new("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points", "double"),
        new("Microsoft.VSTS.Scheduling.RemainingWork", "Remaining Work", "double"),
        new("Microsoft.VSTS.Scheduling.Effort", "Effort", "double"),
        new("Microsoft.VSTS.Scheduling.StartDate", "Start Date", "dateTime"),
        new("Microsoft.VSTS.Scheduling.TargetDate", "Target Date", "dateTime"),
        new(CustomSeverity, "Customer Severity", "string", PicklistId: "8f1c2b0a-6a3e-4f47-9d55-2f1e7c9b3a10", Description: "How badly the bug hurts the customer."),
    ];

    // Agile states.
    private static readonly StateDefinition New = new("New", "b2b2b2", "Proposed");
    private static readonly StateDefinition Active = new("Active", "007acc", "InProgress");
    private static readonly StateDefinition Resolved = new("Resolved", "ff9d00", "Resolved");
    private static readonly StateDefinition Closed = new("Closed", "339933", "Completed");
    private static readonly StateDefinition Removed = new("Removed", "ffffff", "Removed");

    // Scrum and Basic states.
    private static readonly StateDefinition Approved = new("Approved", "b2b2b2", "Proposed");
    private static readonly StateDefinition Committed = new("Committed", "007acc", "InProgress");
    private static readonly StateDefinition InProgress = new("In Progress", "007acc", "InProgress");
    private static readonly StateDefinition Done = new("Done", "339933", "Completed");
    private static readonly StateDefinition ToDo = new("To Do", "b2b2b2", "Proposed");
    private static readonly StateDefinition Doing = new("Doing", "007acc", "InProgress");

    public static readonly ProcessDefinition Agile = BuildAgile();

    public static readonly ProcessDefinition Scrum = BuildScrum();

    public static readonly ProcessDefinition Basic = BuildBasic();

    public static readonly ProcessDefinition AgileCustom = BuildAgileCustom();

    /// <summary>Every process, in the order <c>_apis/work/processes</c> lists them.</summary>
    public static readonly IReadOnlyList<ProcessDefinition> Processes = [Agile, Scrum, Basic, AgileCustom];

    public static ProcessDefinition For(VstsEmulatedProcess kind) => kind switch
    {
        VstsEmulatedProcess.Agile => Agile,
        VstsEmulatedProcess.Scrum => Scrum,
        VstsEmulatedProcess.Basic => Basic,
        VstsEmulatedProcess.AgileCustom => AgileCustom,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a process the emulator knows."),
    };

    public static FieldDefinition? FindField(string referenceName) =>
        Fields.FirstOrDefault(f => string.Equals(f.ReferenceName, referenceName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fields every type has: the system fields, Title required, State required with the type's states.</summary>
    private static List<FieldRule> Common(IReadOnlyList<StateDefinition> states, string noun) =>
    [
        new("System.Id"),
        new("System.Rev"),
        new("System.Title", AlwaysRequired: true, HelpText: $"Short description of the {noun} used to differentiate it in a list or report"),
        new("System.State", AlwaysRequired: true, DefaultValue: states[0].Name, AllowedValues: [.. states.Select(s => s.Name)], HelpText: $"The workflow state of the {noun}"),
        new("System.Reason"),
        new("System.AreaPath", HelpText: $"The area of the product with which this {noun} is associated"),
        new("System.IterationPath", HelpText: $"The iteration within which this {noun} will be done"),
        new("System.AssignedTo", HelpText: $"The person currently working on this {noun}"),
        new("System.Tags"),
        new("System.Description"),
        new("System.History", HelpText: "Discussion thread plus automatic record of changes"),
        new("System.TeamProject"),
        new("System.WorkItemType"),
        new("System.CreatedDate"),
        new("System.CreatedBy"),
        new("System.ChangedDate"),
        new("System.ChangedBy"),
        new("System.AuthorizedDate"),
        new("System.AuthorizedAs"),
        new("System.RevisedDate"),
        new("System.Watermark"),
        new("System.CommentCount"),
        new("Microsoft.VSTS.Common.StateChangeDate"),
    ];

    private static FieldRule PriorityRule(string noun) =>
        new(Priority, DefaultValue: "2", AllowedValues: Priorities, HelpText: $"Business importance. 1=must fix; 4=unimportant. ({noun})");

    private static WorkItemTypeDefinition Type(string name, string referenceName, string color, string icon, IReadOnlyList<StateDefinition> states, params FieldRule[] extra)
    {
        var noun = name.ToLowerInvariant();
        var fields = Common(states, noun);
        fields.AddRange(extra);
        return new WorkItemTypeDefinition(name, referenceName, color, icon, $"Tracks a {noun}.", states, fields);
    }

    /// <summary>Agile, as the emulator always had it: every Agile type takes every field it writes; Priority defaults to 2.</summary>
    private static FieldRule[] AgileFields(string noun) =>
    [
        PriorityRule(noun),
        new("Microsoft.VSTS.Common.Severity", AllowedValues: Severities),
        new("Microsoft.VSTS.Common.ValueArea", AllowedValues: ["Architectural", "Business"]),
        new("Microsoft.VSTS.TCM.ReproSteps"),
        new("Microsoft.VSTS.TCM.SystemInfo"),
        new("Microsoft.VSTS.Common.AcceptanceCriteria"),
        new("Microsoft.VSTS.Scheduling.StoryPoints"),
        new("Microsoft.VSTS.Scheduling.RemainingWork"),
        new("Microsoft.VSTS.Common.Activity"),
    ];

    private static ProcessDefinition BuildAgile()
    {
        var bug = Type("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", "CC293D", "icon_insect", [New, Active, Resolved, Closed], AgileFields("bug"));
        var task = Type("Task", "Microsoft.VSTS.WorkItemTypes.Task", "F2CB1D", "icon_clipboard", [New, Active, Closed, Removed], AgileFields("task"));
        var story = Type("User Story", "Microsoft.VSTS.WorkItemTypes.UserStory", "009CCC", "icon_book", [New, Active, Resolved, Closed, Removed], AgileFields("user story"));
        return new ProcessDefinition(
            VstsEmulatedProcess.Agile,
            "adcc42ab-9882-485e-a3ed-7678f01f66bc",
            "Agile",
            ReferenceName: null,
            ParentTypeId: null,
            "This template is flexible and will work great for most teams using Agile planning methods, including those practicing Scrum.",
            IsDefault: true,
            [bug, task, story],
            [
                new("Bug Category", "Microsoft.BugCategory", bug, [bug]),
                new("Requirement Category", "Microsoft.RequirementCategory", story, [story]),
                new("Task Category", "Microsoft.TaskCategory", task, [task]),
            ]);
    }

    private static ProcessDefinition BuildScrum()
    {
        StateDefinition[] backlog = [New, Approved, Committed, Done, Removed];
        StateDefinition[] portfolio = [New, InProgress, Done, Removed];
        var pbi = Type("Product Backlog Item", "Microsoft.VSTS.WorkItemTypes.ProductBacklogItem", "009CCC", "icon_list", backlog,
            PriorityRule("product backlog item"), new("Microsoft.VSTS.Scheduling.Effort"), new("Microsoft.VSTS.Common.BusinessValue"), new("Microsoft.VSTS.Common.AcceptanceCriteria"));
        var bug = Type("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", "CC293D", "icon_insect", backlog,
            PriorityRule("bug"), new("Microsoft.VSTS.Common.Severity", DefaultValue: "3 - Medium", AllowedValues: Severities), new("Microsoft.VSTS.TCM.ReproSteps"),
            new("Microsoft.VSTS.TCM.SystemInfo"), new("Microsoft.VSTS.Scheduling.Effort"), new("Microsoft.VSTS.Common.AcceptanceCriteria"));
        var task = Type("Task", "Microsoft.VSTS.WorkItemTypes.Task", "F2CB1D", "icon_clipboard", [ToDo, InProgress, Done, Removed],
            PriorityRule("task"), new("Microsoft.VSTS.Scheduling.RemainingWork"), new("Microsoft.VSTS.Common.Activity"));
        var epic = Type("Epic", "Microsoft.VSTS.WorkItemTypes.Epic", "FF7B00", "icon_crown", portfolio,
            PriorityRule("epic"), new("Microsoft.VSTS.Scheduling.Effort"), new("Microsoft.VSTS.Common.BusinessValue"), new("Microsoft.VSTS.Scheduling.TargetDate"));
        var feature = Type("Feature", "Microsoft.VSTS.WorkItemTypes.Feature", "773B93", "icon_trophy", portfolio,
            PriorityRule("feature"), new("Microsoft.VSTS.Scheduling.Effort"), new("Microsoft.VSTS.Common.BusinessValue"), new("Microsoft.VSTS.Scheduling.TargetDate"));
        return new ProcessDefinition(
            VstsEmulatedProcess.Scrum,
            "6b724908-ef14-45cf-84f8-768b5384da45",
            "Scrum",
            ReferenceName: null,
            ParentTypeId: null,
            "This template is for teams who follow the Scrum framework.",
            IsDefault: false,
            [pbi, bug, task, epic, feature],
            [
                new("Bug Category", "Microsoft.BugCategory", bug, [bug]),
                new("Requirement Category", "Microsoft.RequirementCategory", pbi, [pbi]),
                new("Task Category", "Microsoft.TaskCategory", task, [task]),
                new("Epic Category", "Microsoft.EpicCategory", epic, [epic]),
                new("Feature Category", "Microsoft.FeatureCategory", feature, [feature]),
            ]);
    }

    private static ProcessDefinition BuildBasic()
    {
        StateDefinition[] states = [ToDo, Doing, Done];
        var epic = Type("Epic", "Microsoft.VSTS.WorkItemTypes.Epic", "FF7B00", "icon_crown", states,
            PriorityRule("epic"), new("Microsoft.VSTS.Scheduling.StartDate"), new("Microsoft.VSTS.Scheduling.TargetDate"), new("Microsoft.VSTS.Scheduling.Effort"));
        var issue = Type("Issue", "Microsoft.VSTS.WorkItemTypes.Issue", "339947", "icon_clipboard_issue", states,
            PriorityRule("issue"), new("Microsoft.VSTS.Scheduling.Effort"));
        var task = Type("Task", "Microsoft.VSTS.WorkItemTypes.Task", "F2CB1D", "icon_clipboard", states,
            PriorityRule("task"), new("Microsoft.VSTS.Scheduling.RemainingWork"), new("Microsoft.VSTS.Common.Activity"));
        return new ProcessDefinition(
            VstsEmulatedProcess.Basic,
            "b8a3a935-7e91-48b8-a94c-606d37c3e9f2",
            "Basic",
            ReferenceName: null,
            ParentTypeId: null,
            "This template is flexible for any process and great for teams getting started with Azure DevOps.",
            IsDefault: false,
            [epic, issue, task],
            [
                new("Epic Category", "Microsoft.EpicCategory", epic, [epic]),
                new("Requirement Category", "Microsoft.RequirementCategory", issue, [issue]),
                new("Task Category", "Microsoft.TaskCategory", task, [task]),
            ]);
    }

    /// <summary>
    /// Inherited from Agile: Bug becomes the derived type <c>AgileCustom.Bug</c> with Resolved renamed Fixed (same
    /// category) and <see cref="CustomSeverity"/> always required; the other types are Agile's unchanged.
    /// </summary>
    private static ProcessDefinition BuildAgileCustom()
    {
        var parent = Agile;
        var fixedState = new StateDefinition("Fixed", Resolved.Color, Resolved.Category);
        FieldRule[] extra =
        [
            .. AgileFields("bug"),
            new(CustomSeverity, AlwaysRequired: true, AllowedValues: ["Critical", "High", "Medium", "Low"], HelpText: "How badly the bug hurts the customer."),
        ];
        var bug = Type("Bug", "AgileCustom.Bug", "CC293D", "icon_insect", [New, Active, fixedState, Closed], extra);
        var task = parent.FindType("Task")!;
        var story = parent.FindType("User Story")!;
        return new ProcessDefinition(
            VstsEmulatedProcess.AgileCustom,
            "5f6bd0e0-7d2a-4c63-9a1e-3c2f0b7a4e11",
            "Agile (custom)",
            ReferenceName: "AgileCustom",
            ParentTypeId: parent.TypeId,
            "Agile with a Fixed state for bugs and a required customer severity.",
            IsDefault: false,
            [bug, task, story],
            [
                new("Bug Category", "Microsoft.BugCategory", bug, [bug]),
                new("Requirement Category", "Microsoft.RequirementCategory", story, [story]),
                new("Task Category", "Microsoft.TaskCategory", task, [task]),
            ]);
    }
}
