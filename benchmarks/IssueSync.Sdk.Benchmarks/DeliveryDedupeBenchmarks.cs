using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// One claim of a fresh delivery id (<see cref="IDeliveryDedupeStore.TryClaimAsync"/>) against an
/// empty <see cref="InMemoryDeliveryDedupeStore"/> (the baseline), against one holding a million live
/// claims, and against one holding a million claims that have all expired and are being reclaimed
/// as the claims go on; and the old <see cref="InMemoryDeliveryStore"/> empty and at a million, whose
/// every 1,024th record sweeps every id it holds. Ids look like the SDK's
/// (<c>{organization}:notification:{subscription}:{notification}</c>, 93 characters) and are made
/// before the iteration, so only the store is measured. Every iteration is
/// <see cref="ClaimsPerIteration"/> claims from the state its name says, set up again before each.
/// Goal: the new store costs the same with a million claims as empty, within noise.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(ClaimsPerIteration)]
public class DeliveryDedupeBenchmarks
{
    /// <summary>Claims per iteration (a fixed count, so each iteration starts from the state it names).</summary>
    public const int ClaimsPerIteration = 100_000;

    /// <summary>Claims held before an iteration in the "million" cases.</summary>
    public const int Prefilled = 1_000_000;

    /// <summary>The SDK's retention of a delivery claim (Azure DevOps retries for about 36 hours).</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    private readonly StateStoreMemory.ShiftedClock _clock = new();
    private string[] _prefilledIds = [];
    private string[] _freshIds = [];
    private int _next;
    private InMemoryDeliveryDedupeStore _store = new();
    private InMemoryDeliveryStore _oldStore = new();

    /// <summary>Delivery ids in the SDK's format, for one organization and subscription.</summary>
    internal static string[] DeliveryIds(int count, int first)
    {
        const string Prefix = "6a4f2d1e-93b7-4c58-8e0a-1f2b3c4d5e6f:notification:0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9:";
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Prefix + (first + i).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        }

        return ids;
    }

    [GlobalSetup]
    public void Setup()
    {
        _prefilledIds = DeliveryIds(Prefilled, first: 0);
        _freshIds = DeliveryIds(ClaimsPerIteration, first: Prefilled);
    }

    [GlobalSetup(Target = nameof(OldStoreMillion))]
    public void SetupOldStoreMillion()
    {
        Setup();
        // Filled once (its sweeps make filling it quadratic); each iteration forgets what the last one claimed.
        _oldStore = new InMemoryDeliveryStore(_clock);
        foreach (var id in _prefilledIds)
        {
            Record(_oldStore, id);
        }
    }

    [IterationSetup(Target = nameof(NewStoreEmpty))]
    public void SetupNewStoreEmpty() => _store = NewStore(0, TimeSpan.Zero);

    [IterationSetup(Target = nameof(NewStoreMillionLive))]
    public void SetupNewStoreMillionLive() => _store = NewStore(Prefilled, TimeSpan.Zero);

    /// <summary>A million claims made a retention and an hour ago: every one has expired, none is reclaimed yet.</summary>
    [IterationSetup(Target = nameof(NewStoreMillionExpired))]
    public void SetupNewStoreMillionExpired() => _store = NewStore(Prefilled, -(Retention + TimeSpan.FromHours(1)));

    [IterationSetup(Target = nameof(OldStoreEmpty))]
    public void SetupOldStoreEmpty()
    {
        _next = 0;
        _oldStore = new InMemoryDeliveryStore(_clock);
    }

    [IterationSetup(Target = nameof(OldStoreMillion))]
    public void SetupOldStoreMillionIteration()
    {
        _next = 0;
        foreach (var id in _freshIds)
        {
            if (!_oldStore.ForgetDeliveryAsync(id).IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The old store's forget did not complete synchronously.");
            }
        }
    }

    /// <summary>A fresh id claimed in an empty store.</summary>
    [Benchmark(Baseline = true)]
    public Task<bool> NewStoreEmpty() => _store.TryClaimAsync(_freshIds[_next++], Retention);

    /// <summary>A fresh id claimed in a store holding a million live claims.</summary>
    [Benchmark]
    public Task<bool> NewStoreMillionLive() => _store.TryClaimAsync(_freshIds[_next++], Retention);

    /// <summary>A fresh id claimed in a store holding a million expired claims; each claim reclaims up to four.</summary>
    [Benchmark]
    public Task<bool> NewStoreMillionExpired() => _store.TryClaimAsync(_freshIds[_next++], Retention);

    /// <summary>The old store, empty at the start of the iteration (it holds up to 100,000 ids by its end).</summary>
    [Benchmark]
    public Task<bool> OldStoreEmpty() => _oldStore.TryRecordDeliveryAsync(_freshIds[_next++], Retention);

    /// <summary>The old store holding a million live ids: every 1,024th record sweeps them all.</summary>
    [Benchmark]
    public Task<bool> OldStoreMillion() => _oldStore.TryRecordDeliveryAsync(_freshIds[_next++], Retention);

    private InMemoryDeliveryDedupeStore NewStore(int prefilled, TimeSpan claimedAgo)
    {
        _next = 0;
        var store = new InMemoryDeliveryDedupeStore(_clock);
        _clock.Offset = claimedAgo;
        for (var i = 0; i < prefilled; i++)
        {
            if (!store.TryClaimAsync(_prefilledIds[i], Retention).GetAwaiter().GetResult())
            {
                throw new InvalidOperationException($"The prefilled id {_prefilledIds[i]} was claimed twice.");
            }
        }

        _clock.Offset = TimeSpan.Zero;
        return store;
    }

    private static void Record(InMemoryDeliveryStore store, string id)
    {
        if (!store.TryRecordDeliveryAsync(id, Retention).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"The prefilled id {id} was recorded twice.");
        }
    }
}
