using System.Globalization;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// <see cref="IReconciliationStateStore"/> on Redis: one hash per installation, key
/// <c>{prefix}reconcile:{organization}:{integration}</c>, with the version in <c>v</c>, the watermark as JSON in
/// <c>d</c> and the version counter in <c>ver</c>. A save is one script, as for field watermarks (see
/// <see cref="RedisScripts.SaveReconciliationWatermark"/>): compare, take the next version from <c>ver</c> (seeded
/// from the server's clock), set. Versions of hashes written when they came from the store-wide counter
/// <c>{prefix}reconcile-version</c> (now unused) are below that clock. No expiry: the watermark lives as long as the
/// installation.
/// </summary>
internal sealed class RedisReconciliationStateStore(RedisStateConnection redis, TimeProvider timeProvider) : IReconciliationStateStore
{
    public Task<ReconciliationWatermark?> GetAsync(string organizationId, string integrationId, CancellationToken cancellationToken = default)
    {
        var key = Key(organizationId, integrationId);
        return redis.RunAsync(
            "IReconciliationStateStore.GetAsync",
            key,
            static (db, key) => db.HashGetAsync(key, [(RedisValue)"v", (RedisValue)"d"]),
            static (fields, _) => fields[0].IsNull || fields[1].IsNull ? null : Parse((long)fields[0], (string)fields[1]!),
            cancellationToken);
    }

    public Task<ReconciliationWatermark?> TrySaveAsync(string organizationId, string integrationId, long expectedVersion, string continuationToken, DateTimeOffset? changedDate, CancellationToken cancellationToken = default)
    {
        var key = Key(organizationId, integrationId);
        ArgumentException.ThrowIfNullOrEmpty(continuationToken);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var savedAt = timeProvider.GetUtcNow();
        var json = JsonSerializer.Serialize(new StoredReconciliationWatermark(continuationToken, changedDate, savedAt), RedisStateJsonContext.Default.StoredReconciliationWatermark);
        var state = (Key: key, Expected: expectedVersion, Json: json, Watermark: new ReconciliationWatermark(continuationToken, changedDate, savedAt, 0));
        return redis.RunAsync(
            "IReconciliationStateStore.TrySaveAsync",
            state,
            static (db, s) => db.ScriptEvaluateAsync(RedisScripts.SaveReconciliationWatermark, [s.Key], [s.Expected.ToString(CultureInfo.InvariantCulture), s.Json]),
            static (version, s) => (long)version == 0 ? null : s.Watermark with { Version = (long)version },
            cancellationToken);
    }

    private RedisKey Key(string organizationId, string integrationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        return redis.ReconciliationKey(organizationId, integrationId);
    }

    private static ReconciliationWatermark Parse(long version, string json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisStateJsonContext.Default.StoredReconciliationWatermark)!;
        return new ReconciliationWatermark(stored.ContinuationToken, stored.ChangedDate, stored.SavedAt, version);
    }
}
