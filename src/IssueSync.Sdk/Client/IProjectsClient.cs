using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Projects of the organization.</summary>
public interface IProjectsClient
{
    /// <summary>
    /// Lists every project (<c>GET _apis/projects</c>), following the <c>x-ms-continuationtoken</c>
    /// header page by page, with no cap on the count.
    /// </summary>
    /// <param name="stateFilter">Project state to list: <c>wellFormed</c> (the default, usable projects) or <c>all</c>, <c>createPending</c>, <c>deleting</c>, <c>new</c>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The projects, as pages arrive.</returns>
    IAsyncEnumerable<TeamProject> ListAsync(string? stateFilter = "wellFormed", CancellationToken cancellationToken = default);

    /// <summary>Reads one project by id or name (<c>GET _apis/projects/{id}</c>).</summary>
    /// <param name="projectIdOrName">The project id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The project.</returns>
    Task<TeamProject> GetAsync(string projectIdOrName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads which process a project uses (<c>GET _apis/projects/{id}?includeCapabilities=true</c>,
    /// <c>capabilities.processTemplate</c>).
    /// </summary>
    /// <param name="projectIdOrName">The project id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The process name and type id; <see langword="null"/> when the answer names no process.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project does not exist.</exception>
    Task<ProjectProcessTemplate?> GetProcessTemplateAsync(string projectIdOrName, CancellationToken cancellationToken = default);
}
