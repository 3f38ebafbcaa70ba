using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// The reporting work item revisions feed (<c>GET _apis/wit/reporting/workitemrevisions</c>, api-version 7.1):
/// every revision of every work item of the organization, oldest first, in batches, with a continuation
/// token that works as a watermark. Always organization-scoped and never filtered by type: the
/// documentation warns that a project- or type-scoped read misses items that were moved or changed type.
/// </summary>
public interface IReportingClient
{
    /// <summary>
    /// Reads the revisions batch by batch, following each batch's <c>continuationToken</c> until a batch
    /// says <c>isLastBatch</c>; no cap on the number of batches. Identity fields come as IdentityRef
    /// objects (<c>includeIdentityRef=true</c>), not <c>"Name &lt;email&gt;"</c> strings. The last batch's
    /// <see cref="ReportingRevisionsPage.ContinuationToken"/> is where the next read starts.
    /// </summary>
    /// <param name="query">Where to start, which fields, whether deleted items are included, the page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The batches, as they arrive; the last one has <see cref="ReportingRevisionsPage.IsLastBatch"/> set.</returns>
    /// <exception cref="VstsApiException">A call failed; <see cref="VstsErrorKind.InvalidResponse"/> when a batch that is not the last repeats the previous token.</exception>
    IAsyncEnumerable<ReportingRevisionsPage> ReadRevisionsAsync(ReportingRevisionsQuery query, CancellationToken cancellationToken = default);
}
