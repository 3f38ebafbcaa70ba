namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item type of a project's process, as <c>GET {project}/_apis/wit/workitemtypes</c> lists it.
/// Hosts may build one for their own tests.
/// </summary>
/// <param name="Name">The type name, e.g. <c>Bug</c>, <c>Issue</c> or a custom name; the create route takes it.</param>
/// <param name="ReferenceName">The reference name, e.g. <c>Microsoft.VSTS.WorkItemTypes.Bug</c> or <c>Custom.Incident</c>.</param>
/// <param name="IsDisabled">Whether the process disabled the type: no new items of it can be created.</param>
/// <param name="States">The type's states with their categories, in the process' order.</param>
/// <param name="Description">The description, if any.</param>
public sealed record WorkItemTypeInfo(
    WorkItemTypeName Name,
    string ReferenceName,
    bool IsDisabled,
    IReadOnlyList<WorkItemTypeState> States,
    string? Description = null);
