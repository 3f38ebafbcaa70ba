namespace IssueSync.Sdk.Issues;

/// <summary>
/// The names of the create-issue form fields that are not work item fields, as used in
/// <see cref="IssueIntegrationException.FieldErrors"/>. Problems with a work item field are keyed by the
/// field's reference name (e.g. <c>System.AreaPath</c>, <c>Custom.Severity</c>).
/// </summary>
public static class CreateIssueFields
{
    /// <summary>The Azure DevOps project.</summary>
    public const string Project = "project";

    /// <summary>The work item type.</summary>
    public const string WorkItemType = "workItemType";

    /// <summary>The title.</summary>
    public const string Title = "title";

    /// <summary>The host's group key used for idempotent creation.</summary>
    public const string GroupKey = "groupKey";

    /// <summary>The parent work item (<see cref="CreateIssueRequest.ParentWorkItemId"/>).</summary>
    public const string Parent = "parent";

    /// <summary>The search text of a link search.</summary>
    public const string Query = "query";
}
