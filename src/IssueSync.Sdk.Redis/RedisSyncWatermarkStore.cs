using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// <see cref="ISyncWatermarkStore"/> on Redis: one hash per (organization, work item), key
/// <c>{prefix}{organization:id}:wm</c>, with two fields per synced field: <c>v:{field}</c> (the version)
/// and <c>d:{field}</c> (the watermark as JSON), and the item's version counter <c>ver</c>. A save is one
/// script: compare the field's version, take the next version from <c>ver</c> (seeded from the server's
/// clock, so never a value the item's fields had, see <see cref="RedisScripts.SaveWatermark"/>) and set the
/// field; the hash is kept for <see cref="RedisSyncStateOptions.WatermarkRetention"/> after the item's last
/// save. Hashes written when versions came from the store-wide counter <c>{prefix}watermark-version</c> (now
/// unused) keep working: their versions are below the clock the item's counter starts at.
/// </summary>
internal sealed class RedisSyncWatermarkStore(RedisStateConnection redis) : ISyncWatermarkStore
{
    private const string VersionPrefix = "v:";
    private const string DataPrefix = "d:";

    public Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default)
    {
        var key = redis.WorkItemKey(organizationId, workItemId, "wm");
        return redis.RunAsync("ISyncWatermarkStore.ReadAsync", key, static async (db, key) => (IReadOnlyList<SyncWatermark>)Parse(await db.HashGetAllAsync(key).ConfigureAwait(false)), cancellationToken);
    }

    public Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var key = redis.WorkItemKey(organizationId, workItemId, "wm");
        ArgumentNullException.ThrowIfNull(watermark);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermark.Field, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(watermark.Revision, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var json = JsonSerializer.Serialize(
            new StoredWatermark(watermark.Field, watermark.Revision, watermark.Value, watermark.EarliestRevision, watermark.PriorValue, watermark.PendingAction),
            RedisStateJsonContext.Default.StoredWatermark);
        var state = (Keys: new[] { key }, Args: new RedisValue[]
        {
            watermark.Field, expectedVersion.ToString(CultureInfo.InvariantCulture), json, RedisStateConnection.Milliseconds(redis.Options.WatermarkRetention),
        });
        return redis.RunAsync("ISyncWatermarkStore.TrySaveAsync", state, static async (db, s) =>
            (long)await db.ScriptEvaluateAsync(RedisScripts.SaveWatermark, s.Keys, s.Args).ConfigureAwait(false),
            cancellationToken);
    }

    private static ReadOnlyCollection<SyncWatermark> Parse(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return ReadOnlyCollection<SyncWatermark>.Empty;
        }

        // Fields other than v:{field} and d:{field} (the counter ver) are not watermarks.
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                versions[name[VersionPrefix.Length..]] = (long)entry.Value;
            }
        }

        var watermarks = new List<SyncWatermark>(versions.Count);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (!name.StartsWith(DataPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var stored = JsonSerializer.Deserialize((string)entry.Value!, RedisStateJsonContext.Default.StoredWatermark)!;
            watermarks.Add(new SyncWatermark
            {
                Field = stored.Field,
                Revision = stored.Revision,
                Value = stored.Value,
                EarliestRevision = stored.EarliestRevision,
                PriorValue = stored.PriorValue,
                PendingAction = stored.PendingAction,
                Version = versions.GetValueOrDefault(name[DataPrefix.Length..]),
            });
        }

        return watermarks.AsReadOnly();
    }
}
