using System.Globalization;
using System.Runtime.CompilerServices;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The reporting revisions area over one connection.</summary>
internal sealed class ReportingClient(VstsRequestSender sender) : IReportingClient
{
    private const string Operation = "Reporting.ReadRevisions";

    public IAsyncEnumerable<ReportingRevisionsPage> ReadRevisionsAsync(ReportingRevisionsQuery query, CancellationToken cancellationToken = default)
    {
        // Checked here, not on first MoveNextAsync, so a bad argument fails at the call.
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxPageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MaxPageSize, "MaxPageSize must be positive.");
        }

        foreach (var field in query.Fields)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(field, nameof(query));
        }

        // One span over all batches, not one per batch.
        return sender.RunOperationAsync(Operation, null, ct => ReadPagesAsync(query, ct), cancellationToken);
    }

    private async IAsyncEnumerable<ReportingRevisionsPage> ReadPagesAsync(ReportingRevisionsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken;
        var fields = query.Fields.Count == 0 ? null : string.Join(',', query.Fields);
        while (true)
        {
            var uri = sender.OrganizationUri(VstsApiPaths.ReportingWorkItemRevisions, Query(query, token, fields));
            var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.ReportingWorkItemRevisions, Operation, IsIdempotent: true, InOperation: true);
            var batch = await sender.SendAsync(request, VstsJsonContext.Default.ReportingRevisionsBatch, cancellationToken).ConfigureAwait(false);
            var next = string.IsNullOrEmpty(batch.ContinuationToken) ? null : batch.ContinuationToken;
            var page = new ReportingRevisionsPage(batch.Items, next, batch.IsLastBatch);
            yield return page;
            if (page.IsLastBatch)
            {
                yield break;
            }

            // A batch that is not the last must move the watermark; otherwise the feed would be read forever.
            if (next is null || string.Equals(next, token, StringComparison.Ordinal))
            {
                throw new VstsApiException(
                    "Azure DevOps returned a reporting revisions batch that is not the last without a new continuation token; stopped instead of looping.",
                    VstsErrorKind.InvalidResponse,
                    operation: Operation);
            }

            token = next;
        }
    }

    private static VstsQuery Query(ReportingRevisionsQuery query, string? token, string? fields)
    {
        var result = new VstsQuery();
        result = token is not null
            ? result.Add("continuationToken", token)
            : result.Add("startDateTime", query.StartDateTime?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        return result
            .Add("fields", fields)
            .Add("includeIdentityRef", "true")
            .AddFlag("includeDeleted", query.IncludeDeleted)
            .Add("$maxPageSize", query.MaxPageSize);
    }
}
