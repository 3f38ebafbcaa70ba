using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe <see cref="IWorkItemDeletionStore"/> for host tests and samples: every deletion the
/// SDK reports (<c>workitem.deleted</c>) recorded in <see cref="Deletions"/>. Given an
/// <see cref="InMemoryGroupStore"/>, it also unlinks the group from the deleted work item there, as
/// a host would. Registering it makes the SDK subscribe to <c>workitem.deleted</c>.
/// </summary>
/// <param name="groups">The group store whose links follow deletions; optional.</param>
public sealed class InMemoryWorkItemDeletionStore(InMemoryGroupStore? groups = null) : IWorkItemDeletionStore
{
    private readonly Lock _gate = new();
    private readonly List<GroupWorkItemDeletion> _deletions = [];

    /// <summary>Every deletion received, in order.</summary>
    public IReadOnlyList<GroupWorkItemDeletion> Deletions
    {
        get
        {
            lock (_gate)
            {
                return [.. _deletions];
            }
        }
    }

    /// <inheritdoc />
    public Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _deletions.Add(new GroupWorkItemDeletion(group.GroupId, workItemId, source));
        }

        groups?.Unlink(source.IntegrationId, workItemId, group.GroupId);
        return Task.CompletedTask;
    }
}

/// <summary>A deletion an <see cref="InMemoryWorkItemDeletionStore"/> received.</summary>
/// <param name="GroupId">The group linked to the deleted work item.</param>
/// <param name="WorkItemId">The deleted work item.</param>
/// <param name="Source">Where the SDK said the change came from.</param>
public sealed record GroupWorkItemDeletion(string GroupId, int WorkItemId, ChangeSource Source);
