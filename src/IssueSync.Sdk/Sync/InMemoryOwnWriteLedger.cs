using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="IOwnWriteLedger"/>: process memory, exact under concurrency within one
/// process, forgotten on restart. <b>One process only</b>: when the host runs several instances, a
/// webhook for one instance's write may reach another, so register a shared ledger instead. Keeps
/// the newest <see cref="EntriesPerWorkItem"/> entries and <see cref="CommentsPerWorkItem"/> comment
/// ids per work item, each work item for the retention after its last record.
/// </summary>
public sealed class InMemoryOwnWriteLedger : IOwnWriteLedger
{
    /// <summary>The entries kept per work item: enough to recognise echoes that arrive out of order.</summary>
    public const int EntriesPerWorkItem = 32;

    /// <summary>The comment ids kept per work item.</summary>
    public const int CommentsPerWorkItem = 64;

    /// <summary>How long a work item's entries are kept after its last record when no retention is given.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retention;
    private readonly ConcurrentDictionary<WorkItemKey, Item> _items = new();

    /// <summary>Creates an empty ledger on the system clock, keeping entries for <see cref="DefaultRetention"/>.</summary>
    public InMemoryOwnWriteLedger()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="timeProvider">The clock entries expire by.</param>
    /// <param name="retention">How long a work item's entries are kept after its last record; default <see cref="DefaultRetention"/>.</param>
    public InMemoryOwnWriteLedger(TimeProvider timeProvider, TimeSpan? retention = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var keep = retention ?? DefaultRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero, nameof(retention));
        _timeProvider = timeProvider;
        _retention = keep;
    }

    /// <inheritdoc />
    public Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.WriteId, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Fields, nameof(write));
        cancellationToken.ThrowIfCancellationRequested();
        var item = Touch(WorkItemKey.Create(write.OrganizationId, write.WorkItemId));
        lock (item)
        {
            var index = item.Writes.FindIndex(w => string.Equals(w.WriteId, write.WriteId, StringComparison.Ordinal));
            if (index >= 0)
            {
                item.Writes[index] = write;
            }
            else
            {
                if (item.Writes.Count == EntriesPerWorkItem)
                {
                    item.Writes.RemoveAt(0);
                }

                item.Writes.Add(write);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(writeId);
        if (Find(WorkItemKey.Create(organizationId, workItemId)) is { } item)
        {
            lock (item)
            {
                item.Writes.RemoveAll(w => string.Equals(w.WriteId, writeId, StringComparison.Ordinal));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        if (Find(WorkItemKey.Create(organizationId, workItemId)) is not { } item)
        {
            return Task.FromResult<IReadOnlyList<OwnWrite>>([]);
        }

        List<OwnWrite>? found = null;
        lock (item)
        {
            foreach (var write in item.Writes)
            {
                var matches = write.IsConfirmed
                    ? write.Revision == revision
                    : write.ExpectedRevision is null || write.ExpectedRevision == revision;
                if (matches)
                {
                    (found ??= []).Add(write);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<OwnWrite>>(found is null ? [] : found);
    }

    /// <inheritdoc />
    public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var item = Touch(WorkItemKey.Create(organizationId, workItemId));
        lock (item)
        {
            if (!item.Comments.Contains(commentId))
            {
                if (item.Comments.Count == CommentsPerWorkItem)
                {
                    item.Comments.RemoveAt(0);
                }

                item.Comments.Add(commentId);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        if (Find(WorkItemKey.Create(organizationId, workItemId)) is not { } item)
        {
            return Task.FromResult(false);
        }

        lock (item)
        {
            return Task.FromResult(item.Comments.Contains(commentId));
        }
    }

    private Item Touch(WorkItemKey key)
    {
        var now = _timeProvider.GetUtcNow();
        var item = _items.GetOrAdd(key, static _ => new Item());
        lock (item)
        {
            if (item.ExpiresAt <= now)
            {
                // Expired but not yet reclaimed: what it held is forgotten.
                item.Writes.Clear();
                item.Comments.Clear();
            }

            item.ExpiresAt = now + _retention;
        }

        return item;
    }

    private Item? Find(WorkItemKey key)
    {
        if (!_items.TryGetValue(key, out var item))
        {
            return null;
        }

        lock (item)
        {
            return item.ExpiresAt > _timeProvider.GetUtcNow() ? item : null;
        }
    }

    private sealed class Item
    {
        public readonly List<OwnWrite> Writes = [];
        public readonly List<int> Comments = [];
        public DateTimeOffset ExpiresAt;
    }

    private readonly record struct WorkItemKey(string OrganizationId, int WorkItemId)
    {
        public static WorkItemKey Create(string organizationId, int workItemId)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
            // Organization ids are GUIDs; Azure DevOps varies their case between payloads.
            return new WorkItemKey(organizationId.ToUpperInvariant(), workItemId);
        }
    }
}
