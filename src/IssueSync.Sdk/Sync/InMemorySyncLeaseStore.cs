using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="ISyncLeaseStore"/>: leases held in process memory, exact under concurrency
/// within <b>one process</b>. A host running several instances registers a shared implementation
/// (<c>AddRedisSyncState</c> in IssueSync.Sdk.Redis), or each instance would hold its own leases.
/// </summary>
/// <remarks>
/// Fencing tokens come from one counter for the whole store, so they rise per resource as the port
/// requires. A released or expired lease's memory is reclaimed when the resource is taken again or
/// released; a store sees as many resources as work items, identities and organizations it leases.
/// </remarks>
public sealed class InMemorySyncLeaseStore : ISyncLeaseStore
{
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, SyncLease> _leases = new(StringComparer.Ordinal);
    private long _lastToken;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemorySyncLeaseStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock leases expire by.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public InMemorySyncLeaseStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="resource"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="resource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseTime"/> is zero or negative.</exception>
    public Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SyncLease?>(cancellationToken);
        }

        while (true)
        {
            var now = _timeProvider.GetUtcNow();
            var lease = new SyncLease(resource, Interlocked.Increment(ref _lastToken), now + leaseTime);
            if (!_leases.TryGetValue(resource, out var held))
            {
                if (_leases.TryAdd(resource, lease))
                {
                    return Task.FromResult<SyncLease?>(lease);
                }

                continue;
            }

            if (held.ExpiresAt > now)
            {
                return Task.FromResult<SyncLease?>(null);
            }

            // Expired: exactly one of the callers that saw this lease replaces it.
            if (_leases.TryUpdate(resource, lease, held))
            {
                return Task.FromResult<SyncLease?>(lease);
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseTime"/> is zero or negative.</exception>
    public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        while (_leases.TryGetValue(lease.Resource, out var held)
            && held.FencingToken == lease.FencingToken
            && held.ExpiresAt > _timeProvider.GetUtcNow())
        {
            if (_leases.TryUpdate(lease.Resource, held with { ExpiresAt = _timeProvider.GetUtcNow() + leaseTime }, held))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc/>
    /// <remarks>The cancellation token is not observed: a release must happen even after the work was cancelled.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> is <see langword="null"/>.</exception>
    public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        while (_leases.TryGetValue(lease.Resource, out var held) && held.FencingToken == lease.FencingToken)
        {
            var stillValid = held.ExpiresAt > _timeProvider.GetUtcNow();
            if (_leases.TryRemove(KeyValuePair.Create(lease.Resource, held)))
            {
                return Task.FromResult(stillValid);
            }
        }

        return Task.FromResult(false);
    }
}
