using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// The states to set per Azure DevOps project (<see cref="IExternalProjectStore"/>): the project's own row, else the
/// installation's default row (project id <see cref="AnyProject"/>), else none (the SDK then writes no state).
/// </summary>
internal sealed class SqliteExternalProjectStore(SampleDatabase database) : IExternalProjectStore
{
    /// <summary>The project id of an installation's default mapping.</summary>
    public const string AnyProject = "*";

    public async Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        await using var db = database.Open();
        var row = await db.ProjectMappings.AsNoTracking()
            .Where(m => m.IntegrationId == integrationId && (m.ProjectId == projectId || m.ProjectId == AnyProject))
            .OrderBy(m => m.ProjectId == AnyProject) // the project's own row first
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new VstsProjectStatusMapping(projectId, row.ResolvedState, row.UnresolvedState);
    }
}
