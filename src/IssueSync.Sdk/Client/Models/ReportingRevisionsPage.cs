namespace IssueSync.Sdk.Client.Models;

/// <summary>One batch of the reporting revisions feed. Read-only; built by the SDK.</summary>
public sealed record ReportingRevisionsPage
{
    internal ReportingRevisionsPage(IReadOnlyList<WorkItem> revisions, string? continuationToken, bool isLastBatch)
    {
        Revisions = revisions;
        ContinuationToken = continuationToken;
        IsLastBatch = isLastBatch;
    }

    /// <summary>
    /// The revisions of the batch, oldest first; each is a work item at one revision (<see cref="WorkItem.Revision"/>)
    /// with the fields asked for. A deleted work item's revisions carry <c>System.IsDeleted</c> = <see langword="true"/>.
    /// </summary>
    public IReadOnlyList<WorkItem> Revisions { get; }

    /// <summary>The watermark after this batch: pass it to continue after it (also on the last batch, to read what comes later).</summary>
    public string? ContinuationToken { get; }

    /// <summary>Whether every revision available now was read.</summary>
    public bool IsLastBatch { get; }
}
