namespace IssueSync.Sdk.Issues;

/// <summary>The choices and defaults of the create-issue form.</summary>
/// <param name="DefaultProjectId">The project to preselect; <see langword="null"/> when none (no projects, or a remembered project that is gone).</param>
/// <param name="Projects">Every project of the organization (value: id, label: name).</param>
/// <param name="DefaultWorkItemType">The work item type to preselect; <see langword="null"/> when there are no types.</param>
/// <param name="WorkItemTypes">The types of the default project (value: reference name, label: name), de-duplicated in Azure DevOps' order; empty without a default project.</param>
public sealed record CreateFormConfig(
    string? DefaultProjectId,
    IReadOnlyList<IssueChoice> Projects,
    string? DefaultWorkItemType,
    IReadOnlyList<IssueChoice> WorkItemTypes);
