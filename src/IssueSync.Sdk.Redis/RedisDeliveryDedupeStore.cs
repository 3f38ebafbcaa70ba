using IssueSync.Sdk.Abstractions;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// <see cref="IDeliveryDedupeStore"/> on Redis: a claim is <c>SET key 1 NX PX retention</c> (exactly one
/// of any number of concurrent claims, on any instance, succeeds; Redis forgets it after the retention),
/// a release is <c>DEL</c>. Key: <c>{prefix}delivery:{delivery id}</c>; the SDK's delivery ids carry the
/// organization. Ids compare ordinally.
/// </summary>
internal sealed class RedisDeliveryDedupeStore(RedisStateConnection redis) : IDeliveryDedupeStore
{
    public Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        return redis.RunAsync(
            "IDeliveryDedupeStore.TryClaimAsync",
            (Key: redis.DeliveryKey(deliveryId), Retention: TimeSpan.FromMilliseconds(RedisStateConnection.Milliseconds(retention))),
            static (db, s) => db.StringSetAsync(s.Key, 1, s.Retention, When.NotExists),
            cancellationToken);
    }

    /// <remarks>The cancellation token is not observed: a release follows a failed or cancelled delivery and must still happen.</remarks>
    public Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        return redis.RunAsync(
            "IDeliveryDedupeStore.ReleaseAsync",
            redis.DeliveryKey(deliveryId),
            static (db, key) => db.KeyDeleteAsync(key),
            CancellationToken.None);
    }
}
