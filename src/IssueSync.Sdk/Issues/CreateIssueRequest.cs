using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>What the host's user submitted to create a work item from a host issue.</summary>
public sealed class CreateIssueRequest
{
    /// <summary>The Azure DevOps project id or name. Required.</summary>
    public string? Project { get; init; }

    /// <summary>
    /// The work item type: a reference name such as <c>Microsoft.VSTS.WorkItemTypes.Bug</c> (a form choice id) or a
    /// type name. When <see langword="null"/>, the project's default: the Bug category's default type, else the
    /// Requirement category's (Basic: <c>Issue</c>).
    /// </summary>
    public string? WorkItemType { get; init; }

    /// <summary>The title. Required; over 128 characters it is cut to 125 followed by <c>...</c>.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The description in Markdown. Converted to HTML with raw HTML disabled (HTML in the text is
    /// escaped, never passed through) and sent as <c>System.Description</c>.
    /// </summary>
    public string? Description { get; init; }

    /// <summary>
    /// Also add the converted description as the first discussion comment (<c>System.History</c>),
    /// where people see it more easily. On by default, as the reference integration does.
    /// </summary>
    public bool AddDescriptionAsComment { get; init; } = true;

    /// <summary><c>System.AreaPath</c>; the project's default area when <see langword="null"/>.</summary>
    public string? AreaPath { get; init; }

    /// <summary><c>System.IterationPath</c>; the project's default iteration when <see langword="null"/>.</summary>
    public string? IterationPath { get; init; }

    /// <summary>Tags to set, besides the idempotency tag.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary><c>Microsoft.VSTS.Common.Priority</c>.</summary>
    public int? Priority { get; init; }

    /// <summary>
    /// Any other fields by reference name; null and empty values are skipped. Each is checked against the
    /// type's rules before anything is sent (see <see cref="IIssueIntegration.CreateIssueAsync"/>).
    /// </summary>
    public IReadOnlyDictionary<string, PatchValue>? Fields { get; init; }

    /// <summary>
    /// A work item to make the parent of the new one: added as a <c>System.LinkTypes.Hierarchy-Reverse</c>
    /// relation to the parent's URL. Must be positive.
    /// </summary>
    public int? ParentWorkItemId { get; init; }

    /// <summary>The host's issue page: added as a <c>Hyperlink</c> relation on the work item when set.</summary>
    public Uri? HostIssueUrl { get; init; }

    /// <summary>The comment shown beside the <see cref="HostIssueUrl"/> link.</summary>
    public string? HostIssueLinkComment { get; init; }

    /// <summary>
    /// The host's stable key for the issue (group). When set, the work item is tagged
    /// <c>issuesync:&lt;key&gt;</c>, and a create whose outcome is unknown (timeout, lost connection)
    /// looks for that tag before creating again, so a retry never makes a duplicate. No <c>;</c> or <c>,</c>.
    /// When that lookup fails too, its <see cref="Client.VstsApiException"/> is thrown and nothing is sent again.
    /// </summary>
    public string? GroupKey { get; init; }
}
