using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// Steady-state memory of the in-memory state stores: the managed heap after a full, compacting
/// collection, before and after filling a store, divided by what it holds. Not a BenchmarkDotNet
/// suite (BenchmarkDotNet measures allocation, not what stays): run it with
/// <c>dotnet run -c Release --project benchmarks/IssueSync.Sdk.Benchmarks -- --memory</c>.
/// </summary>
internal static class StateStoreMemory
{
    private const int Entries = DeliveryDedupeBenchmarks.Million;
    private const int WorkItems = 100_000;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    public static void Report(TextWriter output)
    {
        string[] ids = [];
        var idBytes = Retained(() => ids = DeliveryDedupeBenchmarks.DeliveryIds(Entries, first: 0));
        output.WriteLine(Line("delivery id strings (93 characters)", idBytes, Entries, "id"));

        var store = new InMemoryDeliveryDedupeStore();
        var claimBytes = Retained(() =>
        {
            foreach (var id in ids)
            {
                Claim(store, id);
            }

            return store;
        });
        output.WriteLine(Line("InMemoryDeliveryDedupeStore, 1,000,000 live claims (ids not counted)", claimBytes, store.Count, "claim"));

        // A million claims expired, then a million more: the expired ones are reclaimed as the new ones come in.
        var clock = new DeliveryDedupeBenchmarks.BenchmarkClock(DateTimeOffset.UtcNow - Retention - TimeSpan.FromHours(1));
        var turnedOver = new InMemoryDeliveryDedupeStore(clock);
        string[] later = DeliveryDedupeBenchmarks.DeliveryIds(Entries, first: Entries);
        var turnedOverBytes = Retained(() =>
        {
            foreach (var id in ids)
            {
                Claim(turnedOver, id);
            }

            clock.Now = DateTimeOffset.UtcNow;
            foreach (var id in later)
            {
                Claim(turnedOver, id);
            }

            return turnedOver;
        });
        output.WriteLine(Line("InMemoryDeliveryDedupeStore, 1,000,000 expired then 1,000,000 new claims (ids not counted)", turnedOverBytes, turnedOver.Count, "claim held"));

        var old = new InMemoryDeliveryStore();
        var oldBytes = Retained(() =>
        {
            foreach (var id in ids)
            {
                if (!old.TryRecordDeliveryAsync(id, Retention).GetAwaiter().GetResult())
                {
                    throw new InvalidOperationException($"{id} was recorded twice.");
                }
            }

            return old;
        });
        output.WriteLine(Line("InMemoryDeliveryStore (old), 1,000,000 live deliveries (ids not counted)", oldBytes, Entries, "delivery"));

        const string Organization = "6a4f2d1e-93b7-4c58-8e0a-1f2b3c4d5e6f";
        var watermarks = new InMemorySyncWatermarkStore();
        var watermarkBytes = Retained(() =>
        {
            for (var item = 1; item <= WorkItems; item++)
            {
                Save(watermarks, Organization, item, new SyncWatermark { Field = "System.State", Revision = 3, Value = "Resolved", EarliestRevision = 2, PriorValue = "Active" });
                Save(watermarks, Organization, item, new SyncWatermark { Field = "System.AssignedTo", Revision = 3, Value = "jane@example.com" });
            }

            return watermarks;
        });
        output.WriteLine(Line(
            "InMemorySyncWatermarkStore, 100,000 work items with 2 fields each (records counted; their strings are shared literals)",
            watermarkBytes,
            watermarks.Count,
            "work item"));

        GC.KeepAlive(ids);
        GC.KeepAlive(later);
    }

    private static string Line(string what, long bytes, int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: {bytes / 1048576.0:F1} MiB for {count:N0}, {(double)bytes / count:F0} B per {unit}");

    /// <summary>The bytes still reachable after <paramref name="fill"/>, as the heap counts them after full collections.</summary>
    private static long Retained(Func<object> fill)
    {
        var before = Settled();
        var kept = fill();
        var after = Settled();
        GC.KeepAlive(kept);
        return after - before;
    }

    private static long Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Claim(InMemoryDeliveryDedupeStore store, string id)
    {
        if (!store.TryClaimAsync(id, Retention).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"{id} was claimed twice.");
        }
    }

    private static void Save(InMemorySyncWatermarkStore store, string organization, int item, SyncWatermark watermark)
    {
        if (store.TrySaveAsync(organization, item, watermark, 0).GetAwaiter().GetResult() == 0)
        {
            throw new InvalidOperationException($"The watermark of {watermark.Field} on {item} was saved twice.");
        }
    }
}
