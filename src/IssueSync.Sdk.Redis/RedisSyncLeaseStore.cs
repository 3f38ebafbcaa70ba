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
        var state = (Resource: resource, Keys: new[] { key, RedisStateConnection.FenceKey(key) }, LeaseTime: leaseTime, Time: timeProvider,
            Args: new RedisValue[] { RedisStateConnection.Milliseconds(leaseTime), RedisStateConnection.Milliseconds(redis.Options.FencingCounterRetention) });
        return redis.RunAsync("ISyncLeaseStore.TryAcquireAsync", state, static async (db, s) =>
        {
            var now = s.Time.GetUtcNow();
            var token = await db.ScriptEvaluateAsync(RedisScripts.AcquireLease, s.Keys, s.Args).ConfigureAwait(false);
            return token.IsNull ? null : new SyncLease(s.Resource, (long)token, now + s.LeaseTime);
        }, cancellationToken);
    }

    public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        var state = (Key: redis.LeaseKey(lease.Resource), lease.FencingToken, Milliseconds: RedisStateConnection.Milliseconds(leaseTime));
        return redis.RunAsync("ISyncLeaseStore.TryExtendAsync", state, static async (db, s) =>
            (long)await db.ScriptEvaluateAsync(RedisScripts.ExtendLease, [s.Key], [s.FencingToken, s.Milliseconds]).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <remarks>The cancellation token is not observed: a release must happen even after the work was cancelled.</remarks>
    public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var state = (Key: redis.LeaseKey(lease.Resource), lease.FencingToken);
        return redis.RunAsync("ISyncLeaseStore.ReleaseAsync", state, static async (db, s) =>
            (long)await db.ScriptEvaluateAsync(RedisScripts.ReleaseLease, [s.Key], [s.FencingToken]).ConfigureAwait(false) == 1,
            CancellationToken.None);
    }
}
