using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.StateContracts;
using IssueSync.Sdk.Redis;

namespace IssueSync.Sdk.IntegrationTests.Redis;

// The Redis stores against the state ports' contracts, on the fixture's redis-server; each store gets a key
// prefix of its own, so tests share the server without flushing it.

internal static class RedisStores
{
    public static RedisStateConnection Connect(RedisServerFixture redis, Action<RedisSyncStateOptions>? configure = null)
    {
        var options = new RedisSyncStateOptions { KeyPrefix = RedisServerFixture.NewKeyPrefix() };
        configure?.Invoke(options);
        return new RedisStateConnection(redis.Multiplexer, options);
    }
}

[Collection(RedisServerTests.Name)]
public sealed class RedisDeliveryDedupeStoreContractTests(RedisServerFixture redis) : DeliveryDedupeStoreContract
{
    protected override IDeliveryDedupeStore CreateStore() => new RedisDeliveryDedupeStore(RedisStores.Connect(redis));
}

[Collection(RedisServerTests.Name)]
public sealed class RedisSyncWatermarkStoreContractTests(RedisServerFixture redis) : SyncWatermarkStoreContract
{
    protected override ISyncWatermarkStore CreateStore(TimeSpan retention) => new RedisSyncWatermarkStore(RedisStores.Connect(redis, o => o.WatermarkRetention = retention));
}

[Collection(RedisServerTests.Name)]
public sealed class RedisOwnWriteLedgerContractTests(RedisServerFixture redis) : OwnWriteLedgerContract
{
    protected override IOwnWriteLedger CreateLedger(TimeSpan retention) => new RedisOwnWriteLedger(RedisStores.Connect(redis, o => o.LedgerRetention = retention));
}

[Collection(RedisServerTests.Name)]
public sealed class RedisSyncLeaseStoreContractTests(RedisServerFixture redis) : SyncLeaseStoreContract
{
    protected override ISyncLeaseStore CreateStore() => new RedisSyncLeaseStore(RedisStores.Connect(redis), TimeProvider.System);
}

[Collection(RedisServerTests.Name)]
public sealed class RedisReconciliationStateStoreContractTests(RedisServerFixture redis) : ReconciliationStateStoreContract
{
    protected override IReconciliationStateStore CreateStore() => new RedisReconciliationStateStore(RedisStores.Connect(redis), TimeProvider.System);
}
