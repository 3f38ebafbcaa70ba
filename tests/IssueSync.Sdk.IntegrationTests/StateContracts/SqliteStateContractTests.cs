using IssueSync.Samples.WebhookReceiver;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Samples.WebhookReceiver.Stores;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

// The webhook receiver sample's SQLite stores against the state ports' contracts, as the in-memory and Redis
// stores: each test on a database file of its own in the temp folder.

/// <summary>A fresh SQLite database file for one test (xunit makes a test class instance per test), deleted afterwards.</summary>
internal sealed class SqliteContractDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"issuesync-contract-{Guid.NewGuid():N}.db");

    internal SampleDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = new SampleDatabase(_path);
        await Database.CreateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        EmulatorMode.DeleteDatabase(_path);
        return Task.CompletedTask;
    }
}

public sealed class SqliteDeliveryDedupeStoreContractTests : DeliveryDedupeStoreContract, IAsyncLifetime
{
    private readonly SqliteContractDatabase _db = new();

    protected override IDeliveryDedupeStore CreateStore() => new SqliteDeliveryDedupeStore(_db.Database, TimeProvider.System);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();
}

public sealed class SqliteSyncWatermarkStoreContractTests : SyncWatermarkStoreContract, IAsyncLifetime
{
    private readonly SqliteContractDatabase _db = new();

    protected override ISyncWatermarkStore CreateStore(TimeSpan retention) => new SqliteSyncWatermarkStore(_db.Database, TimeProvider.System, retention);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();
}

public sealed class SqliteOwnWriteLedgerContractTests : OwnWriteLedgerContract, IAsyncLifetime
{
    private readonly SqliteContractDatabase _db = new();

    protected override IOwnWriteLedger CreateLedger(TimeSpan retention) => new SqliteOwnWriteLedger(_db.Database, TimeProvider.System, retention);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();
}

public sealed class SqliteSyncLeaseStoreContractTests : SyncLeaseStoreContract, IAsyncLifetime
{
    private readonly SqliteContractDatabase _db = new();

    protected override ISyncLeaseStore CreateStore() => new SqliteSyncLeaseStore(_db.Database, TimeProvider.System);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();
}

public sealed class SqliteReconciliationStateStoreContractTests : ReconciliationStateStoreContract, IAsyncLifetime
{
    private readonly SqliteContractDatabase _db = new();

    protected override IReconciliationStateStore CreateStore() => new SqliteReconciliationStateStore(_db.Database, TimeProvider.System);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();
}

