using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The projects area over one connection.</summary>
internal sealed class ProjectsClient(VstsRequestSender sender) : IProjectsClient
{
    public IAsyncEnumerable<TeamProject> ListAsync(string? stateFilter = "wellFormed", CancellationToken cancellationToken = default) =>
        VstsRequestSender.PageAsync(
            async (token, ct) =>
            {
                var query = new VstsQuery().Add("stateFilter", stateFilter).Add("continuationToken", token);
                var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Projects, query), VstsApiVersions.Projects, "Projects.List", IsIdempotent: true);
                var (body, next) = await sender.SendWithContinuationAsync(request, VstsJsonContext.Default.VstsListResponseTeamProject, ct).ConfigureAwait(false);
                return new VstsPage<TeamProject>(body.Items, next);
            },
            "Projects.List",
            cancellationToken);

    public Task<TeamProject> GetAsync(string projectIdOrName, CancellationToken cancellationToken = default)
    {
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Project(projectIdOrName)), VstsApiVersions.Projects, "Projects.Get", IsIdempotent: true);
        return sender.SendAsync(request, VstsJsonContext.Default.TeamProject, cancellationToken);
    }
}
