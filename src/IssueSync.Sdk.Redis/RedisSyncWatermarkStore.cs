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
        return redis.RunAsync("ISyncWatermarkStore.ReadAsync", key, static (db, key) => db.HashGetAllAsync(key), static (entries, _) => (IReadOnlyList<SyncWatermark>)Parse(entries), cancellationToken);
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
        return redis.RunAsync("ISyncWatermarkStore.TrySaveAsync", state, static (db, s) => db.ScriptEvaluateAsync(RedisScripts.SaveWatermark, s.Keys, s.Args), static (version, _) => (long)version, cancellationToken);
    }

    private static ReadOnlyCollection<SyncWatermark> Parse(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return ReadOnlyCollection<SyncWatermark>.Empty;
        }

        // One pass over the names: v:{field} gives a field's version, d:{field} its watermark (the JSON names
        // the field); other fields (the counter ver) are not watermarks.
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var stored = new List<StoredWatermark>(entries.Length / 2);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                versions[name[VersionPrefix.Length..]] = (long)entry.Value;
            }
            else if (name.StartsWith(DataPrefix, StringComparison.Ordinal))
            {
                stored.Add(JsonSerializer.Deserialize((string)entry.Value!, RedisStateJsonContext.Default.StoredWatermark)!);
            }
        }

        var watermarks = new SyncWatermark[stored.Count];
        for (var i = 0; i < watermarks.Length; i++)
        {
            var mark = stored[i];
            watermarks[i] = new SyncWatermark
            {
                Field = mark.Field,
                Revision = mark.Revision,
                Value = mark.Value,
                EarliestRevision = mark.EarliestRevision,
                PriorValue = mark.PriorValue,
                PendingAction = mark.PendingAction,
                Version = versions.GetValueOrDefault(mark.Field),
            };
        }

        return new ReadOnlyCollection<SyncWatermark>(watermarks);
    }
}
