using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The work item field definitions of the organization: data types and read-only flags.</summary>
public interface IFieldsClient
{
    /// <summary>Lists every field the organization defines (<c>GET [{project}/]_apis/wit/fields</c>).</summary>
    /// <param name="project">A project id or name to scope the list to; the whole organization when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fields in Azure DevOps' order.</returns>
    /// <exception cref="VstsApiException">The call failed.</exception>
    Task<IReadOnlyList<WorkItemFieldDefinition>> ListAsync(string? project = null, CancellationToken cancellationToken = default);
}
