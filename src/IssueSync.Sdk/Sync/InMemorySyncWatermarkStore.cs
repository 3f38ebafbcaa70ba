using System.Collections.ObjectModel;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="ISyncWatermarkStore"/>: per (organization, work item) the field watermarks,
/// held in process memory, exact under concurrency within <b>one process</b> and forgotten on
/// restart. A host running several instances registers a shared implementation instead, or each
/// instance would apply a redelivered or late event on its own.
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TrySaveAsync"/> is a compare-and-set on
/// <see cref="SyncWatermark.Version"/> per (organization, work item, field): of any number of concurrent
/// saves that expect the same version, exactly one succeeds. Saves of different fields of one item do
/// not fail each other. The store gives each saved record a version unique for the store's life, so a
/// version read before an item was forgotten never matches a later record.</para>
/// <para><b>Retention:</b> an item's watermarks, all fields together, are kept for
/// <see cref="Retention"/> (default <see cref="DefaultRetention"/>, 7 days) after the item's last save,
/// on the <see cref="TimeProvider"/>'s clock, and then forgotten: the next delivery of each field counts
/// as the first. Keep it at least as long as Azure DevOps redelivers an event (about 36 hours) and as the
/// reconciliation lookback. Memory is reclaimed a few items at a time by later calls, never by a
/// sweep, and is bounded by the items saved within about one retention (about 370 bytes for an item
/// with two fields, however often it is saved).</para>
/// <para>Organization ids compare case-insensitively (a GUID in any format and case is one organization);
/// field names compare ordinally.</para>
/// </remarks>
public sealed class InMemorySyncWatermarkStore : ISyncWatermarkStore
{
    // An item's watermarks as an array no one else holds: reads hand out a read-only view, saves a new array.
    private readonly ExpiringMap<WorkItemKey, SyncWatermark[]> _items;
    private long _lastVersion;

    /// <summary>Creates an empty store on the system clock, keeping watermarks for <see cref="DefaultRetention"/>.</summary>
    public InMemorySyncWatermarkStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store keeping watermarks for <see cref="DefaultRetention"/>.</summary>
    /// <param name="timeProvider">The clock watermarks expire by.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public InMemorySyncWatermarkStore(TimeProvider timeProvider)
        : this(timeProvider, DefaultRetention)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock watermarks expire by.</param>
    /// <param name="retention">How long a work item's watermarks are kept after its last save; positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is zero or negative.</exception>
    public InMemorySyncWatermarkStore(TimeProvider timeProvider, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        Retention = retention;
        _items = new ExpiringMap<WorkItemKey, SyncWatermark[]>(timeProvider);
    }

    /// <summary>
    /// How long a work item's watermarks are kept by default after its last save: 7 days, well past
    /// Azure DevOps' redelivery window (about 36 hours).
    /// </summary>
    public static TimeSpan DefaultRetention { get; } = TimeSpan.FromDays(7);

    /// <summary>How long this store keeps a work item's watermarks after its last save.</summary>
    public TimeSpan Retention { get; }

    /// <summary>Work items held in memory, expired ones not reclaimed yet included (tests and diagnostics).</summary>
    internal int Count => _items.Count;

    /// <summary>
    /// Reads every field watermark of a work item, as of its last save; completes synchronously.
    /// A work item not saved within <see cref="Retention"/> has none.
    /// </summary>
    /// <param name="organizationId">The organization (collection) id, in any case.</param>
    /// <param name="workItemId">The work item; positive.</param>
    /// <param name="cancellationToken">Checked before the read.</param>
    /// <returns>The watermarks, one per field, read-only; empty when nothing was saved or it was forgotten.</returns>
    /// <exception cref="ArgumentException"><paramref name="organizationId"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="organizationId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workItemId"/> is zero or negative.</exception>
    public Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<SyncWatermark>>(cancellationToken);
        }

        return Task.FromResult<IReadOnlyList<SyncWatermark>>(
            _items.TryGetValue(key, out var watermarks) ? new ReadOnlyCollection<SyncWatermark>(watermarks) : ReadOnlyCollection<SyncWatermark>.Empty);
    }

    /// <summary>
    /// Saves one field's watermark if the field's stored version is still <paramref name="expectedVersion"/>
    /// (0: none stored): atomic within this process, completes synchronously. The saved record gets a new
    /// <see cref="SyncWatermark.Version"/>, and the item's other fields are kept as they are. A save keeps
    /// the whole item for <see cref="Retention"/> from now.
    /// </summary>
    /// <param name="organizationId">The organization (collection) id, in any case.</param>
    /// <param name="workItemId">The work item; positive.</param>
    /// <param name="watermark">The field's new watermark; its <see cref="SyncWatermark.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read, or 0 when none was stored.</param>
    /// <param name="cancellationToken">Checked before the save: a cancelled call saves nothing.</param>
    /// <returns>The saved record's new version; 0 when the field's version is no longer <paramref name="expectedVersion"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="organizationId"/> or the watermark's field is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="organizationId"/>, <paramref name="watermark"/> or its field is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="workItemId"/> or the watermark's revision is zero or negative, or <paramref name="expectedVersion"/> is negative.
    /// </exception>
    public Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        ArgumentNullException.ThrowIfNull(watermark);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermark.Field, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(watermark.Revision, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        return Task.FromResult(TrySave(key, watermark, expectedVersion));
    }

    private long TrySave(WorkItemKey key, SyncWatermark watermark, long expectedVersion)
    {
        while (true)
        {
            if (_items.TryGetEntry(key, out var entry))
            {
                var current = entry.Value;
                var index = IndexOf(current, watermark.Field);
                var storedVersion = index < 0 ? 0 : current[index].Version;
                if (storedVersion != expectedVersion)
                {
                    return 0;
                }

                var stamped = Stamp(watermark);
                if (_items.TryReplace(key, entry, With(current, index, stamped), Retention))
                {
                    return stamped.Version;
                }

                // Another field of the item (or this one) was saved meanwhile: compare again.
                continue;
            }

            if (expectedVersion != 0)
            {
                return 0;
            }

            var first = Stamp(watermark);
            if (_items.TryAdd(key, [first], Retention))
            {
                return first.Version;
            }
        }
    }

    private SyncWatermark Stamp(SyncWatermark watermark) => watermark with { Version = Interlocked.Increment(ref _lastVersion) };

    private static int IndexOf(SyncWatermark[] watermarks, string field)
    {
        for (var i = 0; i < watermarks.Length; i++)
        {
            if (string.Equals(watermarks[i].Field, field, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static SyncWatermark[] With(SyncWatermark[] current, int index, SyncWatermark watermark)
    {
        var next = new SyncWatermark[index < 0 ? current.Length + 1 : current.Length];
        current.CopyTo(next, 0);
        next[index < 0 ? current.Length : index] = watermark;
        return next;
    }
}
