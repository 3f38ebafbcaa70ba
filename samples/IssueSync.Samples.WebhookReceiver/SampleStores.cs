using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>
/// The host's own data, in memory: one installation, a few groups linked to work items, users.
/// A real host keeps these in its database; the SDK only sees them through the ports below.
/// </summary>
internal sealed class SampleData
{
    public ConcurrentDictionary<string, VstsInstallation> Installations { get; } = new(StringComparer.Ordinal);

    /// <summary>Groups by id; each is linked to one work item.</summary>
    public ConcurrentDictionary<string, (LinkedGroup Group, int WorkItemId)> Groups { get; } = new(StringComparer.Ordinal);

    public List<HostUser> Users { get; } = [];
}

/// <summary>Installations, saved by compare-and-set on <see cref="VstsInstallation.Version"/>; also lists them for the subscription monitor.</summary>
internal sealed class SampleIntegrationStore(SampleData data) : IIntegrationStore, IInstallationEnumerator
{
    private readonly object _gate = new();

    public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(data.Installations.Values.FirstOrDefault(i => string.Equals(i.OrganizationId, organizationId, StringComparison.OrdinalIgnoreCase)));

    public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(data.Installations.TryGetValue(integrationId, out var installation) ? installation : null);

    public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!data.Installations.TryGetValue(installation.IntegrationId, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            data.Installations[installation.IntegrationId] = installation with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }

    public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var installation in data.Installations.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return installation;
        }

        await Task.CompletedTask;
    }
}

/// <summary>Groups linked to work items; resolve and unresolve are told which integration made the change, so they are not synced back out.</summary>
internal sealed partial class SampleGroupStore(SampleData data, ILogger<SampleGroupStore> logger) : IGroupStore
{
    public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LinkedGroup>>(data.Groups.Values.Where(g => g.WorkItemId == workItemId).Select(g => g.Group).ToList());

    // One pass over the groups for a whole batch of revisions (reconciliation), not one lookup per work item.
    public Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        var wanted = workItemIds.ToHashSet();
        return Task.FromResult<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>>(data.Groups.Values
            .Where(g => wanted.Contains(g.WorkItemId))
            .GroupBy(g => g.WorkItemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LinkedGroup>)g.Select(x => x.Group).ToList()));
    }

    public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetResolved(group, true, source);

    public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetResolved(group, false, source);

    private Task SetResolved(LinkedGroup group, bool resolved, ChangeSource source)
    {
        data.Groups.AddOrUpdate(group.GroupId, _ => throw new InvalidOperationException($"Unknown group {group.GroupId}."), (_, g) => (g.Group with { IsResolved = resolved }, g.WorkItemId));
        LogResolved(logger, group.GroupId, resolved, source.IntegrationId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} resolved = {Resolved} by integration {IntegrationId}")]
    private static partial void LogResolved(ILogger logger, string groupId, bool resolved, string integrationId);
}

/// <summary>Users by email; assignments are stored on the group.</summary>
internal sealed partial class SampleAssigneeStore(SampleData data, ILogger<SampleAssigneeStore> logger) : IAssigneeStore
{
    public Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default) =>
        Task.FromResult(data.Users.FirstOrDefault(u => u.Emails.Contains(email, StringComparer.OrdinalIgnoreCase)));

    public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default) => SetAssignee(group, user.UserId, source);

    public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetAssignee(group, null, source);

    private Task SetAssignee(LinkedGroup group, string? userId, ChangeSource source)
    {
        data.Groups.AddOrUpdate(group.GroupId, _ => throw new InvalidOperationException($"Unknown group {group.GroupId}."), (_, g) => (g.Group with { AssigneeUserId = userId }, g.WorkItemId));
        LogAssigned(logger, group.GroupId, userId, source.IntegrationId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} assigned to {UserId} by integration {IntegrationId}")]
    private static partial void LogAssigned(ILogger logger, string groupId, string? userId, string integrationId);
}

/// <summary>Every Azure DevOps project uses the Agile process states here.</summary>
internal sealed class SampleProjectStore : IExternalProjectStore
{
    public Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default) =>
        Task.FromResult<VstsProjectStatusMapping?>(new VstsProjectStatusMapping(projectId, ResolvedState: "Closed", UnresolvedState: "Active"));
}
