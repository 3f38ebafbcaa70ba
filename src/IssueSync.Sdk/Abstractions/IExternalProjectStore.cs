namespace IssueSync.Sdk.Abstractions;

/// <summary>The host's per-project status mapping for outbound status sync.</summary>
public interface IExternalProjectStore
{
    /// <summary>Gets the states to use in an Azure DevOps project.</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="projectId">The Azure DevOps project id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The mapping, or <see langword="null"/> when the host configured none for that project (no write happens).</returns>
    Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default);
}
