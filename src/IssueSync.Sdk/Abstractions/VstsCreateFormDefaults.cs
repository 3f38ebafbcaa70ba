namespace IssueSync.Sdk.Abstractions;

/// <summary>The create-form choices a host project last used, offered as defaults next time.</summary>
/// <param name="ProjectId">The Azure DevOps project id.</param>
/// <param name="WorkItemType">The work item type reference name, e.g. <c>Microsoft.VSTS.WorkItemTypes.Bug</c>.</param>
public sealed record VstsCreateFormDefaults(string? ProjectId, string? WorkItemType);
