namespace IssueSync.Sdk.Issues;

/// <summary>Which create-issue form to prepare.</summary>
public sealed class CreateFormConfigRequest
{
    /// <summary>The host project the issue belongs to: its persisted defaults are offered.</summary>
    public string? HostProjectId { get; init; }

    /// <summary>The Azure DevOps project id the user picked (the form reloads on a project change); wins over the persisted default.</summary>
    public string? ProjectId { get; init; }

    /// <summary>
    /// The work item type the user picked (reference name or name; the form reloads on a type change); wins over
    /// the persisted default. Its fields are the ones <see cref="CreateFormConfig.Fields"/> lists.
    /// </summary>
    public string? WorkItemType { get; init; }
}
