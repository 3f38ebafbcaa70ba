using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="IOwnWriteLedger"/>: per (organization, work item) the SDK's recent writes and
/// comment ids, in process memory, exact under concurrency within <b>one process</b> and forgotten on
/// restart. When the host runs several instances, a webhook of one instance's write may reach another:
/// register a shared ledger instead.
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> every record, removal and comment is an atomic read-modify-write of the work
/// item's entry; a <see cref="FindAsync"/> that starts after a record completed sees it.</para>
/// <para><b>Retention:</b> the newest <see cref="EntriesPerWorkItem"/> entries and
/// <see cref="CommentsPerWorkItem"/> comment ids per work item, the work item kept for
/// <see cref="Retention"/> (default <see cref="DefaultRetention"/>) after its last record. Memory is
/// reclaimed a few work items at a time by later calls, never by a sweep.</para>
/// <para>Organization ids compare case-insensitively (Azure DevOps varies their case between payloads).</para>
/// </remarks>
public sealed class InMemoryOwnWriteLedger : IOwnWriteLedger
{
    /// <summary>The entries kept per work item: enough to recognise echoes that arrive out of order.</summary>
    public const int EntriesPerWorkItem = 32;

    /// <summary>The comment ids kept per work item.</summary>
    public const int CommentsPerWorkItem = 64;

    /// <summary>How long a work item's entries are kept after its last record when no retention is given: 7 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    // The answer of most finds (no delivery of an item the SDK did not write is an echo): one shared completed task.
    private static readonly Task<IReadOnlyList<OwnWrite>> NoWrites = Task.FromResult<IReadOnlyList<OwnWrite>>([]);

    private readonly ExpiringMap<WorkItemKey, ItemLedger> _items;
    private readonly ExpiringMap<(string OrganizationId, string Key), OwnWriteAttempt> _attempts;

    /// <summary>Creates an empty ledger on the system clock, keeping entries for <see cref="DefaultRetention"/>.</summary>
    public InMemoryOwnWriteLedger()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty ledger keeping entries for <see cref="DefaultRetention"/>.</summary>
    /// <param name="timeProvider">The clock entries expire by.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public InMemoryOwnWriteLedger(TimeProvider timeProvider)
        : this(timeProvider, DefaultRetention)
    {
    }

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="timeProvider">The clock entries expire by.</param>
    /// <param name="retention">How long a work item's entries are kept after its last record; positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is zero or negative.</exception>
    public InMemoryOwnWriteLedger(TimeProvider timeProvider, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        Retention = retention;
        _items = new ExpiringMap<WorkItemKey, ItemLedger>(timeProvider);
        _attempts = new ExpiringMap<(string OrganizationId, string Key), OwnWriteAttempt>(timeProvider, AttemptKeyComparer.Instance);
    }

    /// <summary>How long a work item's entries are kept after its last record.</summary>
    public TimeSpan Retention { get; }

    /// <summary>Work items held in memory, expired ones not reclaimed yet included (for tests).</summary>
    internal int Count => _items.Count;

    /// <inheritdoc />
    public Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.WriteId, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Fields, nameof(write));
        var key = WorkItemKey.Create(write.OrganizationId, write.WorkItemId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        _items.AddOrUpdate(key, static (_, w) => new ItemLedger([w], []), static (_, item, w) => item.With(w), write, Retention);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        ArgumentException.ThrowIfNullOrWhiteSpace(writeId);
        while (_items.TryGetValue(key, out var item, out var version))
        {
            var without = item.Without(writeId);
            if (ReferenceEquals(without, item) || _items.TryUpdate(key, without, version, Retention))
            {
                break;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        if (!_items.TryGetValue(key, out var item))
        {
            return NoWrites;
        }

        List<OwnWrite>? found = null;
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

        return found is null ? NoWrites : Task.FromResult<IReadOnlyList<OwnWrite>>(found);
    }

    /// <inheritdoc />
    public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        _items.AddOrUpdate(key, static (_, id) => new ItemLedger([], [id]), static (_, item, id) => item.WithComment(id), commentId, Retention);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        return Task.FromResult(_items.TryGetValue(key, out var item) && Array.IndexOf(item.Comments, commentId) >= 0);
    }

    /// <inheritdoc />
    public Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.OrganizationId, nameof(attempt));
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.Key, nameof(attempt));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        _attempts.AddOrUpdate((attempt.OrganizationId, attempt.Key), static (_, a) => a, static (_, _, a) => a, attempt, Retention);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Task.FromResult(_attempts.TryGetValue((organizationId, key), out var attempt) ? attempt : null);
    }

    /// <inheritdoc />
    public Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _attempts.TryRemove((organizationId, key));
        return Task.CompletedTask;
    }

    /// <summary>Organization ids case-insensitively (Azure DevOps varies their case), keys ordinally.</summary>
    private sealed class AttemptKeyComparer : IEqualityComparer<(string OrganizationId, string Key)>
    {
        public static readonly AttemptKeyComparer Instance = new();

        public bool Equals((string OrganizationId, string Key) x, (string OrganizationId, string Key) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.OrganizationId, y.OrganizationId) && StringComparer.Ordinal.Equals(x.Key, y.Key);

        public int GetHashCode((string OrganizationId, string Key) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.OrganizationId), StringComparer.Ordinal.GetHashCode(obj.Key));
    }

    /// <summary>One work item's entries and comment ids; never changed once stored (a write makes a new one).</summary>
    private sealed record ItemLedger(OwnWrite[] Writes, int[] Comments)
    {
        /// <summary>Adds the write, or replaces the entry with its id; the oldest entry goes when the item is full.</summary>
        public ItemLedger With(OwnWrite write)
        {
            var index = Array.FindIndex(Writes, w => string.Equals(w.WriteId, write.WriteId, StringComparison.Ordinal));
            if (index >= 0)
            {
                var replaced = (OwnWrite[])Writes.Clone();
                replaced[index] = write;
                return this with { Writes = replaced };
            }

            return this with { Writes = Append(Writes, write, EntriesPerWorkItem) };
        }

        public ItemLedger Without(string writeId) =>
            Array.FindIndex(Writes, w => string.Equals(w.WriteId, writeId, StringComparison.Ordinal)) < 0
                ? this
                : this with { Writes = Array.FindAll(Writes, w => !string.Equals(w.WriteId, writeId, StringComparison.Ordinal)) };

        public ItemLedger WithComment(int commentId) =>
            Array.IndexOf(Comments, commentId) >= 0 ? this : this with { Comments = Append(Comments, commentId, CommentsPerWorkItem) };

        private static T[] Append<T>(T[] existing, T item, int max)
        {
            var keep = Math.Min(existing.Length, max - 1);
            var result = new T[keep + 1];
            Array.Copy(existing, existing.Length - keep, result, 0, keep);
            result[keep] = item;
            return result;
        }
    }
}
