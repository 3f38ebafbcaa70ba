using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

// The SDK's in-memory defaults against the state ports' contracts (their own unit tests are in
// tests/IssueSync.Sdk.Tests/Sync); the Redis stores run the same contracts in Redis/.

public sealed class InMemoryDeliveryDedupeStoreContractTests : DeliveryDedupeStoreContract
{
    protected override IDeliveryDedupeStore CreateStore() => new InMemoryDeliveryDedupeStore();
}

public sealed class InMemorySyncWatermarkStoreContractTests : SyncWatermarkStoreContract
{
    protected override ISyncWatermarkStore CreateStore(TimeSpan retention) => new InMemorySyncWatermarkStore(TimeProvider.System, retention);
}

public sealed class InMemoryOwnWriteLedgerContractTests : OwnWriteLedgerContract
{
    protected override IOwnWriteLedger CreateLedger(TimeSpan retention) => new InMemoryOwnWriteLedger(TimeProvider.System, retention);
}

public sealed class InMemorySyncLeaseStoreContractTests : SyncLeaseStoreContract
{
    protected override ISyncLeaseStore CreateStore() => new InMemorySyncLeaseStore();
}

public sealed class InMemoryReconciliationStateStoreContractTests : ReconciliationStateStoreContract
{
    protected override IReconciliationStateStore CreateStore() => new InMemoryReconciliationStateStore();
}
