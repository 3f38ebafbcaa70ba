namespace IssueSync.Sdk.Issues;

/// <summary>The choices and defaults of the create-issue form.</summary>
/// <param name="DefaultProjectId">The project to preselect; <see langword="null"/> when none (no projects, or a remembered project that is gone).</param>
/// <param name="Projects">Every project of the organization (value: id, label: name).</param>
/// <param name="DefaultWorkItemType">
/// The work item type to preselect (a reference name): the request's, else the persisted one, else the Bug
/// category's default type, else the Requirement category's; <see langword="null"/> when there are no types.
/// </param>
/// <param name="WorkItemTypes">
/// The types of the default project's process a person can create (value: reference name, label: name), in
/// Azure DevOps' order: disabled types and those of the hidden category left out; empty without a default project.
/// </param>
public sealed record CreateFormConfig(
    string? DefaultProjectId,
    IReadOnlyList<IssueChoice> Projects,
    string? DefaultWorkItemType,
    IReadOnlyList<IssueChoice> WorkItemTypes)
{
    /// <summary>
    /// The fields of <see cref="DefaultWorkItemType"/> a person fills in, with the type's rules (required,
    /// allowed values, default, help text, data type), in Azure DevOps' order; read-only fields and fields Azure
    /// DevOps or the process' rules fill are left out. Empty without a default type.
    /// </summary>
    public IReadOnlyList<CreateFormField> Fields { get; init; } = [];

    /// <summary>The default project's area paths as work items hold them (<c>Project\Area</c>), the root (the project) first.</summary>
    public IReadOnlyList<string> AreaPaths { get; init; } = [];

    /// <summary>The default project's iteration paths as work items hold them, the root (the project) first.</summary>
    public IReadOnlyList<string> IterationPaths { get; init; } = [];
}
