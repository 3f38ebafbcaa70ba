using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Azure DevOps search (on the <see cref="VstsConnection.SearchUrl"/> host).</summary>
public interface ISearchClient
{
    /// <summary>
    /// Searches work items (<c>POST {project}/_apis/search/workitemsearchresults</c>). A search only
    /// reads, so the request is marked safe to resend, like a GET.
    /// </summary>
    /// <param name="request">The text, project, page and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The total count and one page of hits.</returns>
    /// <exception cref="ArgumentException">The request is incomplete or out of range (see <see cref="WorkItemSearchRequest"/>).</exception>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.Validation"/> when Azure DevOps rejects the search (400).</exception>
    Task<WorkItemSearchResults> SearchWorkItemsAsync(WorkItemSearchRequest request, CancellationToken cancellationToken = default);
}
