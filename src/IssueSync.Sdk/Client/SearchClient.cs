using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The search area over one connection.</summary>
internal sealed class SearchClient(VstsRequestSender sender) : ISearchClient
{
    public Task<WorkItemSearchResults> SearchWorkItemsAsync(WorkItemSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var body = new WorkItemSearchBody
        {
            SearchText = request.SearchText,
            Skip = request.Skip,
            Top = request.Top,
            Filters = request.Filters is { Count: > 0 } filters ? filters : null,
        };
        var uri = sender.SearchUri(VstsApiPaths.WorkItemSearch(request.Project));
        // A search POST only reads.
        var message = new VstsRequest(HttpMethod.Post, uri, VstsApiVersions.Search, "Search.WorkItems", IsIdempotent: true, VstsContent.Json(body, VstsJsonContext.Default.WorkItemSearchBody));
        return sender.SendAsync(message, VstsJsonContext.Default.WorkItemSearchResults, cancellationToken);
    }
}
