using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// One claim of a fresh delivery id (<see cref="IDeliveryDedupeStore.TryClaimAsync"/>) against:
/// an empty <see cref="InMemoryDeliveryDedupeStore"/> whose table has grown (the baseline); a new
/// one, which grows its table during the iteration; one holding a million live claims, and one
/// holding ten million; one holding a million claims spread evenly over the retention, so that one
/// expires and is reclaimed per claim (a store in steady state at a million); one holding a million
/// claims that have all expired, reclaimed four per claim (the drain after a burst); and the old
/// <see cref="InMemoryDeliveryStore"/>, empty (grown) and at a million, whose every 1,024th record
/// sweeps every id it holds. A bare <see cref="ConcurrentDictionary{TKey, TValue}.TryAdd"/> at the same
/// sizes is the floor: what any hash table of these ids costs as it outgrows the caches. Ids look like the SDK's
/// (<c>{organization}:notification:{subscription}:{notification}</c>, 93 characters) and are made
/// before the iteration, so only the store is measured. Time is a benchmark clock that every call
/// advances by a millionth of the retention. Every iteration is <see cref="ClaimsPerIteration"/>
/// claims from the state its name says, set up again before each. Goal: the new store costs the same
/// with a million claims as empty, within noise.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(ClaimsPerIteration)]
public class DeliveryDedupeBenchmarks
{
    /// <summary>Claims per iteration (a fixed count, so each iteration starts from the state it names).</summary>
    public const int ClaimsPerIteration = 200_000;

    /// <summary>Claims held before an iteration in the "million" cases, in a full run.</summary>
    public const int Million = 1_000_000;

    /// <summary>
    /// Claims held before an iteration in the "million" cases: a million, or as many as an iteration
    /// claims in the quick mode (<see cref="BenchmarkModes.IsQuick"/>: CI proves the suite runs, nothing is judged).
    /// </summary>
    public static readonly int Prefilled = BenchmarkModes.IsQuick ? ClaimsPerIteration : Million;

    /// <summary>Claims held before an iteration in the "ten million" case (twice an iteration's claims in the quick mode).</summary>
    public static readonly int TenMillion = BenchmarkModes.IsQuick ? 2 * ClaimsPerIteration : 10_000_000;

    /// <summary>The SDK's retention of a delivery claim (Azure DevOps retries for about 36 hours).</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>How far each call moves the clock: a millionth of the retention.</summary>
    private static readonly TimeSpan Step = Retention / Prefilled;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly BenchmarkClock _clock = new(Start);
    private string[] _prefilledIds = [];
    private string[] _freshIds = [];
    private int _next;
    private InMemoryDeliveryDedupeStore _store = new();
    private InMemoryDeliveryStore _oldStore = new();
    private ConcurrentDictionary<string, bool> _dictionary = new(StringComparer.Ordinal);

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

    [GlobalSetup(Targets = [nameof(NewStoreTenMillionLive), nameof(DictionaryTenMillion)])]
    public void SetupTenMillion()
    {
        _prefilledIds = DeliveryIds(TenMillion, first: 0);
        _freshIds = DeliveryIds(ClaimsPerIteration, first: TenMillion);
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

    /// <summary>
    /// Empty, with its table already grown: it held as many claims as an iteration makes and they
    /// were released, so the baseline is a claim, not the table growing under it (see <see cref="NewStoreFresh"/>).
    /// </summary>
    [IterationSetup(Target = nameof(NewStoreEmpty))]
    public void SetupNewStoreEmpty()
    {
        _store = NewStore(ClaimsPerIteration, static _ => Start);
        foreach (var id in _prefilledIds.AsSpan(0, ClaimsPerIteration))
        {
            Completed(_store.ReleaseAsync(id));
        }

        if (_store.Count != 0)
        {
            throw new InvalidOperationException($"The empty store holds {_store.Count} claims.");
        }
    }

    [IterationSetup(Target = nameof(NewStoreFresh))]
    public void SetupNewStoreFresh() => _store = NewStore(0, static _ => Start);

    [IterationSetup(Target = nameof(NewStoreMillionLive))]
    public void SetupNewStoreMillionLive() => _store = NewStore(Prefilled, static _ => Start);

    [IterationSetup(Target = nameof(NewStoreTenMillionLive))]
    public void SetupNewStoreTenMillionLive() => _store = NewStore(TenMillion, static _ => Start);

    /// <summary>Claim i made at Start - retention + (i + 1) steps: from Start on, one expires per step.</summary>
    [IterationSetup(Target = nameof(NewStoreMillionSteady))]
    public void SetupNewStoreMillionSteady() => _store = NewStore(Prefilled, static i => Start - Retention + (Step * (i + 1)));

    /// <summary>A million claims made a retention and an hour before Start: every one has expired, none is reclaimed yet.</summary>
    [IterationSetup(Target = nameof(NewStoreMillionExpired))]
    public void SetupNewStoreMillionExpired() => _store = NewStore(Prefilled, static _ => Start - Retention - TimeSpan.FromHours(1));

    [IterationSetup(Target = nameof(DictionaryEmpty))]
    public void SetupDictionaryEmpty()
    {
        SetupDictionary(ClaimsPerIteration);
        foreach (var id in _prefilledIds.AsSpan(0, ClaimsPerIteration))
        {
            _dictionary.TryRemove(id, out _);
        }
    }

    [IterationSetup(Target = nameof(DictionaryMillion))]
    public void SetupDictionaryMillion() => SetupDictionary(Prefilled);

    [IterationSetup(Target = nameof(DictionaryTenMillion))]
    public void SetupDictionaryTenMillion() => SetupDictionary(TenMillion);

    [IterationSetup(Target = nameof(OldStoreEmpty))]
    public void SetupOldStoreEmpty()
    {
        _next = 0;
        _clock.Now = Start;
        _oldStore = new InMemoryDeliveryStore(_clock);
        foreach (var id in _prefilledIds.AsSpan(0, ClaimsPerIteration))
        {
            Record(_oldStore, id);
            Completed(_oldStore.ForgetDeliveryAsync(id));
        }
    }

    [IterationSetup(Target = nameof(OldStoreMillion))]
    public void SetupOldStoreMillionIteration()
    {
        _next = 0;
        _clock.Now = Start;
        foreach (var id in _freshIds)
        {
            Completed(_oldStore.ForgetDeliveryAsync(id));
        }
    }

    /// <summary>A fresh id claimed in an empty store (its table grown).</summary>
    [Benchmark(Baseline = true)]
    public Task<bool> NewStoreEmpty() => ClaimNext();

    /// <summary>A fresh id claimed in a new store, which grows its table from nothing as the iteration goes on.</summary>
    [Benchmark]
    public Task<bool> NewStoreFresh() => ClaimNext();

    /// <summary>A fresh id claimed in a store holding a million live claims (none expires).</summary>
    [Benchmark]
    public Task<bool> NewStoreMillionLive() => ClaimNext();

    /// <summary>A fresh id claimed in a store holding ten million live claims.</summary>
    [Benchmark]
    public Task<bool> NewStoreTenMillionLive() => ClaimNext();

    /// <summary>A fresh id claimed in a store at a million, where one claim expires and is reclaimed per claim.</summary>
    [Benchmark]
    public Task<bool> NewStoreMillionSteady() => ClaimNext();

    /// <summary>A fresh id claimed in a store holding a million expired claims; each claim reclaims four.</summary>
    [Benchmark]
    public Task<bool> NewStoreMillionExpired() => ClaimNext();

    /// <summary>The old store, empty (its table grown) at the start of the iteration; it holds up to 200,000 ids by its end.</summary>
    [Benchmark]
    public Task<bool> OldStoreEmpty() => RecordNext();

    /// <summary>The old store holding a million live ids: every 1,024th record sweeps them all.</summary>
    [Benchmark]
    public Task<bool> OldStoreMillion() => RecordNext();

    /// <summary>The floor: a bare dictionary's add, empty (grown).</summary>
    [Benchmark]
    public bool DictionaryEmpty() => AddNext();

    /// <summary>The floor at a million entries.</summary>
    [Benchmark]
    public bool DictionaryMillion() => AddNext();

    /// <summary>The floor at ten million entries.</summary>
    [Benchmark]
    public bool DictionaryTenMillion() => AddNext();

    private bool AddNext()
    {
        _clock.Advance(Step);
        return _dictionary.TryAdd(_freshIds[_next++], true);
    }

    private void SetupDictionary(int prefilled)
    {
        _next = 0;
        _clock.Now = Start;
        _dictionary = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in _prefilledIds.AsSpan(0, prefilled))
        {
            _dictionary.TryAdd(id, true);
        }
    }

    private Task<bool> ClaimNext()
    {
        _clock.Advance(Step);
        return _store.TryClaimAsync(_freshIds[_next++], Retention);
    }

    private Task<bool> RecordNext()
    {
        _clock.Advance(Step);
        return _oldStore.TryRecordDeliveryAsync(_freshIds[_next++], Retention);
    }

    /// <summary>A new store holding <paramref name="prefilled"/> claims, claim i made at <paramref name="claimedAt"/>(i); the clock left at Start.</summary>
    private InMemoryDeliveryDedupeStore NewStore(int prefilled, Func<int, DateTimeOffset> claimedAt)
    {
        _next = 0;
        var store = new InMemoryDeliveryDedupeStore(_clock);
        for (var i = 0; i < prefilled; i++)
        {
            _clock.Now = claimedAt(i);
            if (!store.TryClaimAsync(_prefilledIds[i], Retention).GetAwaiter().GetResult())
            {
                throw new InvalidOperationException($"The prefilled id {_prefilledIds[i]} was claimed twice.");
            }
        }

        _clock.Now = Start;
        return store;
    }

    private static void Completed(Task task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("An in-memory store's call did not complete synchronously.");
        }
    }

    private static void Record(InMemoryDeliveryStore store, string id)
    {
        if (!store.TryRecordDeliveryAsync(id, Retention).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"The prefilled id {id} was recorded twice.");
        }
    }

    /// <summary>A clock that moves only when told: claims made in the past, and time that passes per call.</summary>
    internal sealed class BenchmarkClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public void Advance(TimeSpan by) => Now += by;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
