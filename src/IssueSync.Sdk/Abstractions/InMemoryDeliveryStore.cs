using System.Collections.Concurrent;

namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// The default <see cref="IDeliveryStore"/>: process memory, exact under concurrency within one
/// process, and forgotten on restart. <b>Single-instance only</b>: when the host runs several
/// instances behind a load balancer, each would dedupe and watermark on its own, so implement
/// <see cref="IDeliveryStore"/> over shared storage instead.
/// </summary>
public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    // Enough history per work item to recognise echoes that arrive out of order.
    private const int LedgerEntriesPerWorkItem = 32;
    private const int CommentsPerWorkItem = 64;
    private const int SweepEvery = 1024;

    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WorkItemKey, int> _watermarks = new();
    private readonly ConcurrentDictionary<WorkItemKey, OwnWrite[]> _writes = new();
    private readonly ConcurrentDictionary<WorkItemKey, int[]> _comments = new();
    private int _recordsSinceSweep;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemoryDeliveryStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock deliveries expire by.</param>
    public InMemoryDeliveryStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Task<bool> TryRecordDeliveryAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _timeProvider.GetUtcNow();
        var expiresAt = now + retention;
        SweepExpiredNowAndThen(now);
        while (true)
        {
            if (_deliveries.TryAdd(deliveryId, expiresAt))
            {
                return Task.FromResult(true);
            }

            if (!_deliveries.TryGetValue(deliveryId, out var existing))
            {
                continue; // forgotten meanwhile: try to add again
            }

            if (existing > now)
            {
                return Task.FromResult(false);
            }

            // Expired: exactly one caller wins the renewal.
            if (_deliveries.TryUpdate(deliveryId, expiresAt, existing))
            {
                return Task.FromResult(true);
            }
        }
    }

    /// <inheritdoc />
    public Task ForgetDeliveryAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        _deliveries.TryRemove(deliveryId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int?> GetRevisionWatermarkAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        return Task.FromResult(_watermarks.TryGetValue(key, out var revision) ? revision : (int?)null);
    }

    /// <inheritdoc />
    public Task<bool> TryAdvanceRevisionWatermarkAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            if (!_watermarks.TryGetValue(key, out var current))
            {
                if (_watermarks.TryAdd(key, revision))
                {
                    return Task.FromResult(true);
                }

                continue;
            }

            if (current >= revision)
            {
                return Task.FromResult(false);
            }

            // Compare-and-set: only moves if nobody moved it since we read it.
            if (_watermarks.TryUpdate(key, revision, current))
            {
                return Task.FromResult(true);
            }
        }
    }

    /// <inheritdoc />
    public Task RecordOwnWriteAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var key = WorkItemKey.Create(write.OrganizationId, write.WorkItemId);
        _writes.AddOrUpdate(
            key,
            static (_, w) => [w],
            static (_, existing, w) => AppendBounded(existing, w, LedgerEntriesPerWorkItem),
            write);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<OwnWrite?> FindOwnWriteAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        if (_writes.TryGetValue(key, out var writes))
        {
            foreach (var write in writes)
            {
                if (write.Revision == revision)
                {
                    return Task.FromResult<OwnWrite?>(write);
                }
            }
        }

        return Task.FromResult<OwnWrite?>(null);
    }

    /// <inheritdoc />
    public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        _comments.AddOrUpdate(
            key,
            static (_, id) => [id],
            static (_, existing, id) => Array.IndexOf(existing, id) >= 0 ? existing : AppendBounded(existing, id, CommentsPerWorkItem),
            commentId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var key = WorkItemKey.Create(organizationId, workItemId);
        return Task.FromResult(_comments.TryGetValue(key, out var ids) && Array.IndexOf(ids, commentId) >= 0);
    }

    private static T[] AppendBounded<T>(T[] existing, T item, int max)
    {
        var keep = Math.Min(existing.Length, max - 1);
        var result = new T[keep + 1];
        Array.Copy(existing, existing.Length - keep, result, 0, keep);
        result[keep] = item;
        return result;
    }

    private void SweepExpiredNowAndThen(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _recordsSinceSweep) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (id, expiresAt) in _deliveries)
        {
            if (expiresAt <= now)
            {
                // Removes only if not renewed meanwhile.
                _deliveries.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expiresAt));
            }
        }
    }

    private readonly record struct WorkItemKey(string OrganizationId, int WorkItemId)
    {
        public static WorkItemKey Create(string organizationId, int workItemId)
        {
            ArgumentException.ThrowIfNullOrEmpty(organizationId);
            // Organization ids are GUIDs; Azure DevOps varies their case between payloads.
            return new WorkItemKey(organizationId.ToUpperInvariant(), workItemId);
        }
    }
}
