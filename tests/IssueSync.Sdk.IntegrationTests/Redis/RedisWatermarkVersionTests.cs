using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Redis;
using StackExchange.Redis;

namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary>
/// The watermark stores' versions come from a counter inside the item's (installation's) own hash: one script
/// per save. Hashes written when versions came from the store-wide counter keep comparing correctly, and a
/// server that lost its script cache still runs the scripts.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisWatermarkVersionTests(RedisServerFixture redis)
{
    private const string Org = "6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C";

    private IDatabase Db => redis.Multiplexer.GetDatabase();

    [Fact]
    public async Task A_hash_of_the_old_layout_is_read_and_saved_over_with_versions_above_its_own()
    {
        var connection = RedisStores.Connect(redis);
        var store = new RedisSyncWatermarkStore(connection);
        var key = connection.Options.KeyPrefix + "{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:7}:wm";
        // The old layout: versions from the store-wide counter (seeded from the clock, +1 per save), no counter
        // field. The highest an old version can be is just below the clock now.
        var stateVersion = await ServerMicrosecondsAsync() - 1;
        var assigneeVersion = stateVersion - 40;
        await Db.HashSetAsync(key,
        [
            new("v:System.State", stateVersion),
            new("d:System.State", """{"f":"System.State","r":4,"v":"Active"}"""),
            new("v:System.AssignedTo", assigneeVersion),
            new("d:System.AssignedTo", """{"f":"System.AssignedTo","r":3,"v":"ana@example.com"}"""),
        ]);

        var before = (await store.ReadAsync(Org, 7)).OrderBy(w => w.Field, StringComparer.Ordinal).ToList();
        Assert.Equal([("System.AssignedTo", assigneeVersion, "ana@example.com"), ("System.State", stateVersion, "Active")], before.Select(w => (w.Field, w.Version, w.Value)));

        var saved = await store.TrySaveAsync(Org, 7, new SyncWatermark { Field = "System.State", Revision = 5, Value = "Resolved" }, stateVersion);
        var stale = await store.TrySaveAsync(Org, 7, new SyncWatermark { Field = "System.State", Revision = 6, Value = "Closed" }, stateVersion);
        var assignee = await store.TrySaveAsync(Org, 7, new SyncWatermark { Field = "System.AssignedTo", Revision = 5, Value = null }, assigneeVersion);

        Assert.True(saved > stateVersion, $"{saved} should be above the old version {stateVersion}");
        Assert.Equal(0, stale);
        Assert.True(assignee > saved, $"{assignee} should be above {saved}");
        var after = (await store.ReadAsync(Org, 7)).OrderBy(w => w.Field, StringComparer.Ordinal).ToList();
        Assert.Equal([("System.AssignedTo", assignee, (string?)null), ("System.State", saved, "Resolved")], after.Select(w => (w.Field, w.Version, w.Value)));
        // The counter field is the hash's own, not a watermark.
        Assert.Equal(assignee, (long)await Db.HashGetAsync(key, "ver"));
    }

    [Fact]
    public async Task A_field_watermark_save_is_one_script_on_the_items_hash_and_the_store_wide_counter_is_not_written()
    {
        var connection = RedisStores.Connect(redis);
        var store = new RedisSyncWatermarkStore(connection);
        var clock = await ServerMicrosecondsAsync();

        var first = await store.TrySaveAsync(Org, 9, new SyncWatermark { Field = "System.State", Revision = 2, Value = "Active" }, 0);
        var second = await store.TrySaveAsync(Org, 9, new SyncWatermark { Field = "System.AssignedTo", Revision = 2, Value = "ana@example.com" }, 0);

        Assert.True(first > clock, $"{first} should be above the server clock {clock} read before it");
        Assert.Equal(first + 1, second);
        var key = connection.Options.KeyPrefix + "{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:9}:wm";
        var fields = (await Db.HashKeysAsync(key)).Select(f => (string)f!).Order(StringComparer.Ordinal);
        Assert.Equal(["d:System.AssignedTo", "d:System.State", "v:System.AssignedTo", "v:System.State", "ver"], fields);
        Assert.False(await Db.KeyExistsAsync(connection.Options.KeyPrefix + "watermark-version"));
    }

    [Fact]
    public async Task A_reconciliation_watermark_of_the_old_layout_is_read_and_saved_over_with_a_version_above_its_own()
    {
        var connection = RedisStores.Connect(redis);
        var store = new RedisReconciliationStateStore(connection, TimeProvider.System);
        var key = connection.Options.KeyPrefix + "reconcile:6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:integration-1";
        var oldVersion = await ServerMicrosecondsAsync() - 1;
        await Db.HashSetAsync(key,
        [
            new("v", oldVersion),
            new("d", """{"t":"token-1","c":"2026-11-30T10:00:00+00:00","s":"2026-11-30T10:05:00+00:00"}"""),
        ]);

        var before = await store.GetAsync(Org, "integration-1");
        var saved = await store.TrySaveAsync(Org, "integration-1", oldVersion, "token-2", null);
        var stale = await store.TrySaveAsync(Org, "integration-1", oldVersion, "token-3", null);
        var after = await store.GetAsync(Org, "integration-1");

        Assert.Equal(("token-1", oldVersion), (before!.ContinuationToken, before.Version));
        Assert.True(saved!.Version > oldVersion, $"{saved.Version} should be above the old version {oldVersion}");
        Assert.Null(stale);
        Assert.Equal(("token-2", saved.Version), (after!.ContinuationToken, after.Version));
        Assert.False(await Db.KeyExistsAsync(connection.Options.KeyPrefix + "reconcile-version"));
    }

    [Fact]
    public async Task After_the_server_lost_its_script_cache_the_next_saves_still_run_their_scripts()
    {
        var connection = RedisStores.Connect(redis);
        var watermarks = new RedisSyncWatermarkStore(connection);
        var leases = new RedisSyncLeaseStore(connection, TimeProvider.System);
        var first = await watermarks.TrySaveAsync(Org, 11, new SyncWatermark { Field = "System.State", Revision = 2, Value = "Active" }, 0);
        var lease = await leases.TryAcquireAsync("workitem:11", TimeSpan.FromMinutes(1));

        await redis.FlushScriptsAsync();

        var second = await watermarks.TrySaveAsync(Org, 11, new SyncWatermark { Field = "System.State", Revision = 3, Value = "Resolved" }, first);
        Assert.True(second > first, $"{second} should be above {first}");
        Assert.Equal("Resolved", Assert.Single(await watermarks.ReadAsync(Org, 11)).Value);
        Assert.True(await leases.ReleaseAsync(lease!));
    }

    private async Task<long> ServerMicrosecondsAsync()
    {
        var time = (RedisResult[])(await Db.ExecuteAsync("TIME"))!;
        return (long)time[0] * 1_000_000 + (long)time[1];
    }
}
