using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe <see cref="IGroupStore"/> for host tests and samples: groups linked to work items,
/// with every resolve / unresolve the SDK asks for recorded in <see cref="StatusChanges"/> together
/// with its <see cref="ChangeSource"/>.
/// </summary>
public sealed class InMemoryGroupStore : IGroupStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string IntegrationId, int WorkItemId), List<string>> _links = [];
    private readonly List<GroupStatusChange> _statusChanges = [];
    private int _failingWrites;

    /// <summary>Every resolve and unresolve received, in order (also those that changed nothing).</summary>
    public IReadOnlyList<GroupStatusChange> StatusChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _statusChanges];
            }
        }
    }

    /// <summary>Stores a group (replacing one with the same id) and links it to a work item of an installation.</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="group">The group.</param>
    /// <returns>The group as stored.</returns>
    public LinkedGroup Link(string integrationId, int workItemId, LinkedGroup group)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrWhiteSpace(group.GroupId, nameof(group));
        lock (_gate)
        {
            _groups[group.GroupId] = group;
            if (!_links.TryGetValue((integrationId, workItemId), out var ids))
            {
                _links[(integrationId, workItemId)] = ids = [];
            }

            if (!ids.Contains(group.GroupId))
            {
                ids.Add(group.GroupId);
            }
        }

        return group;
    }

    /// <summary>Removes the link between a group and a work item (the group itself stays).</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="groupId">The group id.</param>
    /// <returns>Whether a link was removed.</returns>
    public bool Unlink(string integrationId, int workItemId, string groupId)
    {
        lock (_gate)
        {
            return _links.TryGetValue((integrationId, workItemId), out var ids) && ids.Remove(groupId);
        }
    }

    /// <summary>The group as stored now.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The group, or <see langword="null"/> when unknown.</returns>
    public LinkedGroup? GetGroup(string groupId)
    {
        lock (_gate)
        {
            return _groups.GetValueOrDefault(groupId);
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> resolve / unresolve calls throw
    /// <see cref="InvalidOperationException"/> without changing anything, to test how the SDK
    /// handles a failing host store (the webhook answers 503 so Azure DevOps redelivers).
    /// </summary>
    /// <param name="count">How many writes fail.</param>
    public void FailNextWrites(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _failingWrites = count;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<LinkedGroup> groups = _links.TryGetValue((integrationId, workItemId), out var ids)
                ? [.. ids.Select(id => _groups[id])]
                : [];
            return Task.FromResult(groups);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentNullException.ThrowIfNull(workItemIds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var found = new Dictionary<int, IReadOnlyList<LinkedGroup>>();
            foreach (var workItemId in workItemIds)
            {
                if (_links.TryGetValue((integrationId, workItemId), out var ids) && ids.Count > 0)
                {
                    found[workItemId] = [.. ids.Select(id => _groups[id])];
                }
            }

            return Task.FromResult<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>>(found);
        }
    }

    /// <inheritdoc />
    public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) =>
        SetResolvedAsync(group, resolved: true, source, cancellationToken);

    /// <inheritdoc />
    public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) =>
        SetResolvedAsync(group, resolved: false, source, cancellationToken);

    /// <summary>Sets the assignee of a stored group (the in-memory assignee store keeps both in step).</summary>
    internal void SetAssignee(string groupId, string? userId)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(groupId, out var group))
            {
                _groups[groupId] = group with { AssigneeUserId = userId };
            }
        }
    }

    private Task SetResolvedAsync(LinkedGroup group, bool resolved, ChangeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_failingWrites > 0)
            {
                _failingWrites--;
                throw new InvalidOperationException($"Injected failure of the in-memory group store (group '{group.GroupId}').");
            }

            if (!_groups.TryGetValue(group.GroupId, out var stored))
            {
                throw new InvalidOperationException($"Group '{group.GroupId}' is not in the in-memory group store; add it with Link first.");
            }

            _groups[group.GroupId] = stored with { IsResolved = resolved };
            _statusChanges.Add(new GroupStatusChange(group.GroupId, resolved, source));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A resolve or unresolve an <see cref="InMemoryGroupStore"/> received.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="Resolved"><see langword="true"/> for a resolve, <see langword="false"/> for an unresolve.</param>
/// <param name="Source">Where the SDK said the change came from.</param>
public sealed record GroupStatusChange(string GroupId, bool Resolved, ChangeSource Source);
