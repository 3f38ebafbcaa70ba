namespace IssueSync.Sdk.Abstractions;

/// <summary>The work item states to set in one Azure DevOps project when the host resolves or unresolves.</summary>
/// <param name="ProjectId">The Azure DevOps project id.</param>
/// <param name="ResolvedState">The state for a resolved group, e.g. <c>Resolved</c> or <c>Done</c>.</param>
/// <param name="UnresolvedState">The state for an unresolved group, e.g. <c>Active</c> or <c>New</c>.</param>
public sealed record VstsProjectStatusMapping(string ProjectId, string ResolvedState, string UnresolvedState);
