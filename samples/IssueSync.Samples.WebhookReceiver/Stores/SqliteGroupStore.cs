using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// The host's groups (<see cref="IGroupStore"/>). Resolve and unresolve record which integration made the change
/// (<see cref="GroupRow.ChangedBy"/>), so the host does not sync it back out to that integration.
/// </summary>
internal sealed partial class SqliteGroupStore(SampleDatabase database, ILogger<SqliteGroupStore> logger) : IGroupStore
{
    // The sample has one installation: every group is linked through it, so integrationId narrows nothing here.
    public async Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
    {
        await using var db = database.Open();
        var rows = await db.Groups.AsNoTracking().Where(g => g.WorkItemId == workItemId).OrderBy(g => g.GroupId).ToListAsync(cancellationToken);
        return rows.ConvertAll(ToLinkedGroup);
    }

    /// <summary>A whole batch of work items (reconciliation) in one query: <c>WHERE WorkItemId IN (…)</c>.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItemIds);
        var wanted = workItemIds.ToList();
        await using var db = database.Open();
        var rows = await db.Groups.AsNoTracking().Where(g => wanted.Contains(g.WorkItemId)).OrderBy(g => g.GroupId).ToListAsync(cancellationToken);
        return rows.GroupBy(g => g.WorkItemId).ToDictionary(g => g.Key, g => (IReadOnlyList<LinkedGroup>)g.Select(ToLinkedGroup).ToList());
    }

    public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetResolvedAsync(group, true, source, cancellationToken);

    public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetResolvedAsync(group, false, source, cancellationToken);

    private async Task SetResolvedAsync(LinkedGroup group, bool resolved, ChangeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await using var db = database.Open();
        var changed = await db.Groups.Where(g => g.GroupId == group.GroupId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.IsResolved, resolved).SetProperty(g => g.ChangedBy, source.IntegrationId), cancellationToken);
        if (changed == 0)
        {
            // The SDK answers 503 and Azure DevOps delivers again: right for a transient failure, and loud for a bug.
            throw new InvalidOperationException($"Unknown group {group.GroupId}.");
        }

        LogResolved(logger, group.GroupId, resolved, source.IntegrationId);
    }

    internal static LinkedGroup ToLinkedGroup(GroupRow row) => new(row.GroupId, row.HostProjectId, row.IsResolved, row.VstsProjectId, row.AssigneeUserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} resolved = {Resolved} by integration {IntegrationId}")]
    private static partial void LogResolved(ILogger logger, string groupId, bool resolved, string integrationId);
}
