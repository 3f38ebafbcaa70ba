using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The Graph area over one connection.</summary>
internal sealed class GraphClient(VstsRequestSender sender) : IGraphClient
{
    public IAsyncEnumerable<GraphUser> ListUsersAsync(string? subjectTypes = null, CancellationToken cancellationToken = default) =>
        sender.GetAllPagesAsync(
            token => sender.GraphUri(VstsApiPaths.GraphUsers, new VstsQuery().Add("subjectTypes", subjectTypes).Add("continuationToken", token)),
            VstsApiVersions.GraphUsers,
            "Graph.ListUsers",
            VstsJsonContext.Default.VstsListResponseGraphUser,
            cancellationToken);
}
