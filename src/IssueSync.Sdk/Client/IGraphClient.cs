using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The organization's users through the Graph API (on the <see cref="VstsConnection.GraphUrl"/> host).</summary>
public interface IGraphClient
{
    /// <summary>
    /// Lists every user of the organization (<c>GET _apis/graph/users</c>), following the
    /// <c>X-MS-ContinuationToken</c> header page by page until Azure DevOps sends none. Large
    /// organizations have many pages: cache what you look up.
    /// </summary>
    /// <param name="subjectTypes">Comma-separated subject types to list, e.g. <c>aad,msa</c>; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The users, as pages arrive.</returns>
    IAsyncEnumerable<GraphUser> ListUsersAsync(string? subjectTypes = null, CancellationToken cancellationToken = default);
}
