namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item process (<c>GET _apis/work/processes/{processTypeId}</c>): Basic, Agile, Scrum, CMMI,
/// or one inherited from them. Hosts may build one for their own tests.
/// </summary>
/// <param name="TypeId">The process type id (a GUID).</param>
/// <param name="Name">The process name, e.g. <c>Agile</c> or <c>Fabrikam Agile</c>.</param>
/// <param name="CustomizationType"><c>system</c> for a built-in process, <c>inherited</c> for one derived from it, <c>custom</c> for a hosted XML process.</param>
/// <param name="ParentProcessTypeId">The process this one inherits from; <see langword="null"/> for a system process.</param>
/// <param name="ReferenceName">The reference name, when the process has one.</param>
/// <param name="Description">The description, if any.</param>
public sealed record WorkProcess(
    string TypeId,
    string Name,
    string CustomizationType,
    string? ParentProcessTypeId = null,
    string? ReferenceName = null,
    string? Description = null)
{
    /// <summary>Whether the process is derived from a system process (<c>customizationType</c> <c>inherited</c>).</summary>
    public bool IsInherited => string.Equals(CustomizationType, "inherited", StringComparison.OrdinalIgnoreCase);
}
