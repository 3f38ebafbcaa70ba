using System.Text.Json.Serialization.Metadata;

namespace IssueSync.Sdk.Client;

/// <summary>
/// GETs of <c>{count, value}</c> lists whose pages are chained by the <c>x-ms-continuationtoken</c>
/// response header (projects, Graph users): one request shape, so one place.
/// </summary>
internal static class VstsHeaderPagedList
{
    /// <summary>
    /// Reads every page, yielding items as pages arrive. <paramref name="uriForToken"/> builds the
    /// request URI from the previous page's token (<see langword="null"/> for the first page).
    /// </summary>
    public static IAsyncEnumerable<T> GetAllPagesAsync<T>(
        this VstsRequestSender sender,
        Func<string?, Uri> uriForToken,
        string apiVersion,
        string operation,
        JsonTypeInfo<VstsListResponse<T>> typeInfo,
        CancellationToken cancellationToken) =>
        // One span over all pages, not one per page.
        sender.RunOperationAsync(
            operation,
            workItemId: null,
            cancellation => VstsRequestSender.PageAsync(
                async (token, ct) =>
                {
                    var request = new VstsRequest(HttpMethod.Get, uriForToken(token), apiVersion, operation, IsIdempotent: true, InOperation: true);
                    var (body, next) = await sender.SendWithContinuationAsync(request, typeInfo, ct).ConfigureAwait(false);
                    return new VstsPage<T>(body.Items, next);
                },
                operation,
                cancellation),
            cancellationToken);
}
