namespace IssueSync.Sdk.Patch;

/// <summary>
/// The fields of a new work item. Only non-empty values produce an operation (all <c>add</c>).
/// Turned into a patch by <see cref="WorkItemPatch.ForCreate"/>.
/// </summary>
public sealed class WorkItemCreateFields
{
    /// <summary><c>System.Title</c>.</summary>
    public string? Title { get; init; }

    /// <summary><c>System.Description</c> (HTML).</summary>
    public string? Description { get; init; }

    /// <summary>A first discussion comment (<c>System.History</c>, HTML).</summary>
    public string? Comment { get; init; }

    /// <summary><c>System.AreaPath</c>, e.g. <c>Fabrikam\Web</c>.</summary>
    public string? AreaPath { get; init; }

    /// <summary><c>System.IterationPath</c>.</summary>
    public string? IterationPath { get; init; }

    /// <summary>Tags; written to <c>System.Tags</c> joined by <c>"; "</c>, blanks and case-insensitive duplicates dropped.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary><c>Microsoft.VSTS.Common.Priority</c>.</summary>
    public int? Priority { get; init; }

    /// <summary><c>System.AssignedTo</c>: an email or unique name.</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Any other fields by reference name; null and empty values are skipped.</summary>
    public IReadOnlyDictionary<string, PatchValue>? Fields { get; init; }

    /// <summary>Relations to add, e.g. a hyperlink back to the host's issue.</summary>
    public IReadOnlyList<PatchRelation>? Relations { get; init; }
}
