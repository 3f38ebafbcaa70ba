using IssueSync.Sdk.Abstractions;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// <see cref="ISyncLeaseStore"/> on Redis. A lease is the key <c>{prefix}lease:{resource}</c> holding its
/// fencing token, with the lease time as its expiry; the resource's fencing counter is
/// <c>{prefix}lease:{resource}:fence</c> (same hash tag), kept for
/// <see cref="RedisSyncStateOptions.FencingCounterRetention"/> after its last use, so it outlives every
/// lease. Acquire, extend and release are one script each: set-if-absent with the next token, and
/// compare-the-token-then-act. <see cref="SyncLease.ExpiresAt"/> is read from this instance's clock
/// before the command is sent, so it is never later than Redis' own expiry.
/// </summary>
internal sealed class RedisSyncLeaseStore(RedisStateConnection redis, TimeProvider timeProvider) : ISyncLeaseStore
{
    public Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        var key = redis.LeaseKey(resource);
        // The expiry is counted from before the command is sent.
        var state = (Resource: resource, Keys: new[] { key, RedisStateConnection.FenceKey(key) }, ExpiresAt: timeProvider.GetUtcNow() + leaseTime,
            Args: new RedisValue[] { RedisStateConnection.Milliseconds(leaseTime), RedisStateConnection.Milliseconds(redis.Options.FencingCounterRetention) });
        return redis.RunAsync(
            "ISyncLeaseStore.TryAcquireAsync",
            state,
            static (db, s) => db.ScriptEvaluateAsync(RedisScripts.AcquireLease, s.Keys, s.Args),
            static (token, s) => token.IsNull ? null : new SyncLease(s.Resource, (long)token, s.ExpiresAt),
            cancellationToken);
    }

    public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        var state = (Key: redis.LeaseKey(lease.Resource), lease.FencingToken, Milliseconds: RedisStateConnection.Milliseconds(leaseTime));
        return redis.RunAsync(
            "ISyncLeaseStore.TryExtendAsync",
            state,
            static (db, s) => db.ScriptEvaluateAsync(RedisScripts.ExtendLease, [s.Key], [s.FencingToken, s.Milliseconds]),
            static (extended, _) => (long)extended == 1,
            cancellationToken);
    }

    /// <remarks>The cancellation token is not observed: a release must happen even after the work was cancelled.</remarks>
    public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var state = (Key: redis.LeaseKey(lease.Resource), lease.FencingToken);
        return redis.RunAsync(
            "ISyncLeaseStore.ReleaseAsync",
            state,
            static (db, s) => db.ScriptEvaluateAsync(RedisScripts.ReleaseLease, [s.Key], [s.FencingToken]),
            static (released, _) => (long)released == 1,
            CancellationToken.None);
    }
}
