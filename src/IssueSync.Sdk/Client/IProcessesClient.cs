using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The work item processes of the organization (Basic, Agile, Scrum, CMMI and inherited ones).</summary>
public interface IProcessesClient
{
    /// <summary>Reads one process (<c>GET _apis/work/processes/{processTypeId}</c>).</summary>
    /// <param name="processTypeId">The process type id, e.g. from <see cref="IProjectsClient.GetProcessTemplateAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The process: name, customization type, parent.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when there is no such process.</exception>
    Task<WorkProcess> GetAsync(string processTypeId, CancellationToken cancellationToken = default);
}
