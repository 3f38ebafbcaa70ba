namespace IssueSync.Sdk.Client;

/// <summary>What a read of the reporting revisions feed asks for (see <see cref="IReportingClient.ReadRevisionsAsync"/>).</summary>
public sealed record ReportingRevisionsQuery
{
    /// <summary>
    /// The watermark to continue from (<c>continuationToken</c>): the token of the last batch read before.
    /// When set, <see cref="StartDateTime"/> is not sent (Azure DevOps takes one or the other).
    /// </summary>
    public string? ContinuationToken { get; init; }

    /// <summary>
    /// Without a <see cref="ContinuationToken"/>: only revisions made after this time (<c>startDateTime</c>).
    /// Neither set: the feed starts at the organization's first revision.
    /// </summary>
    public DateTimeOffset? StartDateTime { get; init; }

    /// <summary>The fields each revision carries (<c>fields</c>, comma-separated); every reportable field when empty.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Whether revisions of deleted work items are returned (<c>includeDeleted=true</c>); their <c>System.IsDeleted</c> field says so.</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>The most revisions per batch (<c>$maxPageSize</c>); Azure DevOps' default when <see langword="null"/>. Caps each batch, not the total.</summary>
    public int? MaxPageSize { get; init; }
}
