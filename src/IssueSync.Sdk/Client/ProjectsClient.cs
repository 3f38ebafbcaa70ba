using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The projects area over one connection.</summary>
internal sealed class ProjectsClient(VstsRequestSender sender) : IProjectsClient
{
    public IAsyncEnumerable<TeamProject> ListAsync(string? stateFilter = "wellFormed", CancellationToken cancellationToken = default) =>
        sender.GetAllPagesAsync(
            token => sender.OrganizationUri(VstsApiPaths.Projects, new VstsQuery().Add("stateFilter", stateFilter).Add("continuationToken", token)),
            VstsApiVersions.Projects,
            "Projects.List",
            VstsJsonContext.Default.VstsListResponseTeamProject,
            cancellationToken);

    public Task<TeamProject> GetAsync(string projectIdOrName, CancellationToken cancellationToken = default)
    {
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Project(projectIdOrName)), VstsApiVersions.Projects, "Projects.Get", IsIdempotent: true);
        return sender.SendAsync(request, VstsJsonContext.Default.TeamProject, cancellationToken);
    }

    public async Task<ProjectProcessTemplate?> GetProcessTemplateAsync(string projectIdOrName, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.Project(projectIdOrName), new VstsQuery().AddFlag("includeCapabilities", true));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.Projects, "Projects.GetProcessTemplate", IsIdempotent: true);
        var project = await sender.SendAsync(request, VstsJsonContext.Default.ProjectCapabilitiesWire, cancellationToken).ConfigureAwait(false);
        return project.ToModel();
    }
}
