namespace IssueSync.Sdk.Testing;

/// <summary>
/// The process (template) of an emulated project: which work item types, states, categories and field
/// rules it has. Projects the emulator seeds are <see cref="Agile"/>; add others with
/// <see cref="EmulatedOrganization.AddProject(string, VstsEmulatedProcess, string?)"/>.
/// </summary>
public enum VstsEmulatedProcess
{
    /// <summary>
    /// Agile (<c>adcc42ab-9882-485e-a3ed-7678f01f66bc</c>): Bug (New, Active, Resolved, Closed), Task
    /// (New, Active, Closed, Removed) and User Story (New, Active, Resolved, Closed, Removed).
    /// </summary>
    Agile,

    /// <summary>
    /// Scrum (<c>6b724908-ef14-45cf-84f8-768b5384da45</c>): Product Backlog Item and Bug (New, Approved,
    /// Committed, Done, Removed), Task (To Do, In Progress, Done, Removed), Epic and Feature (New, In
    /// Progress, Done, Removed). Bugs are in <c>Microsoft.BugCategory</c>.
    /// </summary>
    Scrum,

    /// <summary>
    /// Basic (<c>b8a3a935-7e91-48b8-a94c-606d37c3e9f2</c>): Epic, Issue and Task (To Do, Doing, Done). There is
    /// no Bug type and no Bug category; Issue is the Requirement category's type.
    /// </summary>
    Basic,

    /// <summary>
    /// "Agile (custom)", a process inherited from Agile: as Agile, except that Bug's Resolved state is renamed
    /// "Fixed" (still in the Resolved category) and Bug requires the custom picklist field
    /// <c>Custom.Severity</c> (Critical, High, Medium, Low).
    /// </summary>
    AgileCustom,
}
