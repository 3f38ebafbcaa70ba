namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>A state of a work item type: name, color and state category.</summary>
internal sealed record StateDefinition(string Name, string Color, string Category);

/// <summary>A work item type of the emulated process.</summary>
internal sealed record WorkItemTypeDefinition(string Name, string ReferenceName, IReadOnlyList<StateDefinition> States)
{
    public StateDefinition? FindState(string name) =>
        States.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A work item type category (e.g. <c>Microsoft.BugCategory</c>).</summary>
internal sealed record CategoryDefinition(string Name, string ReferenceName, WorkItemTypeDefinition DefaultType, IReadOnlyList<WorkItemTypeDefinition> Types);

/// <summary>
/// The Agile process as far as the emulator needs it: Bug, Task and User Story with the Agile
/// states and their categories, and the categories that group them.
/// </summary>
internal static class ProcessTemplate
{
    private static readonly StateDefinition New = new("New", "b2b2b2", "Proposed");
    private static readonly StateDefinition Active = new("Active", "007acc", "InProgress");
    private static readonly StateDefinition Resolved = new("Resolved", "ff9d00", "Resolved");
    private static readonly StateDefinition Closed = new("Closed", "339933", "Completed");
    private static readonly StateDefinition Removed = new("Removed", "ffffff", "Removed");

    public static readonly WorkItemTypeDefinition Bug = new("Bug", "Microsoft.VSTS.WorkItemTypes.Bug", [New, Active, Resolved, Closed]);

    public static readonly WorkItemTypeDefinition Task = new("Task", "Microsoft.VSTS.WorkItemTypes.Task", [New, Active, Closed, Removed]);

    public static readonly WorkItemTypeDefinition UserStory = new("User Story", "Microsoft.VSTS.WorkItemTypes.UserStory", [New, Active, Resolved, Closed, Removed]);

    public static readonly IReadOnlyList<WorkItemTypeDefinition> Types = [Bug, Task, UserStory];

    public static readonly IReadOnlyList<CategoryDefinition> Categories =
    [
        new("Bug Category", "Microsoft.BugCategory", Bug, [Bug]),
        new("Requirement Category", "Microsoft.RequirementCategory", UserStory, [UserStory]),
        new("Task Category", "Microsoft.TaskCategory", Task, [Task]),
    ];

    /// <summary>Finds a type by name (<c>Bug</c>) or reference name (<c>Microsoft.VSTS.WorkItemTypes.Bug</c>), ignoring case.</summary>
    public static WorkItemTypeDefinition? FindType(string nameOrReferenceName) =>
        Types.FirstOrDefault(t => string.Equals(t.Name, nameOrReferenceName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.ReferenceName, nameOrReferenceName, StringComparison.OrdinalIgnoreCase));
}
