namespace IssueSync.Sdk.Abstractions;

/// <summary>A host group (issue) linked to a work item.</summary>
/// <param name="GroupId">The host's group id.</param>
/// <param name="HostProjectId">The host project the group belongs to.</param>
/// <param name="IsResolved">Whether the group is resolved in the host now.</param>
/// <param name="VstsProjectId">The Azure DevOps project id of the linked work item, when the host stored it (saves a lookup).</param>
/// <param name="AssigneeUserId">The host user the group is assigned to now, if any.</param>
public sealed record LinkedGroup(
    string GroupId,
    string HostProjectId,
    bool IsResolved,
    string? VstsProjectId = null,
    string? AssigneeUserId = null);
