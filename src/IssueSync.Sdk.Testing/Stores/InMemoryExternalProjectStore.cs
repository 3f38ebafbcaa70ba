using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>A thread-safe <see cref="IExternalProjectStore"/>: status mappings per installation and Azure DevOps project.</summary>
public sealed class InMemoryExternalProjectStore : IExternalProjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string IntegrationId, string ProjectId), VstsProjectStatusMapping> _mappings = [];

    /// <summary>Sets (or replaces) the states an installation uses in one project.</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="mapping">The mapping; its <see cref="VstsProjectStatusMapping.ProjectId"/> is the key.</param>
    public void SetStatusMapping(string integrationId, VstsProjectStatusMapping mapping)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrWhiteSpace(mapping.ProjectId, nameof(mapping));
        lock (_gate)
        {
            _mappings[(integrationId, Key(mapping.ProjectId))] = mapping;
        }
    }

    /// <summary>Removes a project's mapping, so no status is written there.</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="projectId">The Azure DevOps project id.</param>
    /// <returns>Whether a mapping was removed.</returns>
    public bool RemoveStatusMapping(string integrationId, string projectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        lock (_gate)
        {
            return _mappings.Remove((integrationId, Key(projectId)));
        }
    }

    /// <inheritdoc />
    public Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_mappings.GetValueOrDefault((integrationId, Key(projectId))));
        }
    }

    // Project ids are GUIDs; Azure DevOps varies their case.
    private static string Key(string projectId) => projectId.ToUpperInvariant();
}
