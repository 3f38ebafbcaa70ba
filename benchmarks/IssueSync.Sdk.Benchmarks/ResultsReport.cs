using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>One goal of a suite: met, missed, or not measured in this run; and the figure it was judged on.</summary>
internal sealed record GoalResult(string Suite, string Goal, bool? Met, string Figure)
{
    /// <summary>A suite that measures without a goal (the figure is reported, nothing is judged).</summary>
    public bool NoGoal { get; init; }

    public string Verdict => NoGoal ? "no goal" : Met switch { true => "met", false => "**missed**", null => "not measured" };

    public string Line() => $"{Suite}: {Goal}: {Verdict} ({Figure})";
}

/// <summary>
/// <c>benchmarks/results/latest.md</c>: the machine and load, each suite's BenchmarkDotNet table, the loopback
/// runner's table and ratios, and every goal of <c>benchmarks/README.md</c> judged on this run's figures.
/// </summary>
internal static class ResultsReport
{
    public static string Write(IReadOnlyList<Summary> summaries, LoopbackReport? loopback, DateTimeOffset started, string loadBefore, string loadAfter, string command, IReadOnlyList<string> pending)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmark results (full mode)").AppendLine();
        if (pending.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"**Incomplete**: still to run when this was written: {string.Join(", ", pending.Select(p => $"`{p}`"))}.").AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `benchmarks/run.sh --full` (`{command}`); started {started:yyyy-MM-dd HH:mm} UTC, took {(DateTimeOffset.UtcNow - started).TotalMinutes:0} min.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Load average (1 min) {loadBefore} at the start, {loadAfter} at the end: above about 1.5 the machine was shared and the times are disturbed (allocation columns are exact).");
        text.AppendLine("Suites: BenchmarkDotNet `--job short --inProcess` (3 warm-ups and 3 iterations unless a suite sets more; error bars of ±10–30 % are usual).").AppendLine();

        var goals = new List<GoalResult>();
        foreach (var summary in summaries)
        {
            var suite = SuiteName(summary);
            text.AppendLine(CultureInfo.InvariantCulture, $"## {suite}").AppendLine();
            text.AppendLine(BenchmarkModes.GitHubTable(summary).Trim()).AppendLine();
            var judged = Judge(suite, summary).ToList();
            goals.AddRange(judged);
            foreach (var goal in judged)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {goal.Goal}: {goal.Verdict} ({goal.Figure})");
            }

            text.AppendLine();
        }

        if (loopback is not null)
        {
            text.AppendLine("## Webhook endpoint over loopback").AppendLine();
            text.AppendLine(Loopback(loopback)).AppendLine();
            var judged = LoopbackGoals(loopback).ToList();
            goals.AddRange(judged);
            foreach (var goal in judged)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {goal.Goal}: {goal.Verdict} ({goal.Figure})");
            }

            text.AppendLine();
        }

        text.AppendLine("## Goals").AppendLine();
        text.AppendLine("| suite | goal | verdict | figure |").AppendLine("| --- | --- | --- | --- |");
        foreach (var goal in goals)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {goal.Suite} | {goal.Goal} | {goal.Verdict} | {goal.Figure} |");
        }

        text.AppendLine().AppendLine("Calls per operation are counted, not timed: `tests/IssueSync.Sdk.IntegrationTests/CallCounts` (goals asserted there; table in benchmarks/README.md).");
        return text.ToString();
    }

    public static string Loopback(LoopbackReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(report.Options.Describe() + ".").AppendLine();
        text.AppendLine("| variant | requests | counted | counted/s | per round (counted/s) | p50 ms | p99 ms | ratio to bare (median of rounds) | ratio of totals | outcome mix |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var v in report.Variants)
        {
            var ratio = report.Ratio(v.Name) is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "";
            var total = report.TotalRatio(v.Name) is { } t ? t.ToString("0.00", CultureInfo.InvariantCulture) : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {v.Name} | {v.Requests:N0} | {v.Counted:N0} | {v.CountedPerSecond:N0} | {string.Join(", ", v.RoundRates.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} | {v.P50Ms:0.00} | {v.P99Ms:0.00} | {ratio} | {total} | {v.Mix()} |");
        }

        text.AppendLine().AppendLine("| variant | gen0 / gen1 / gen2 collections | GC pause ms | allocated MB | bytes per request | heap MB at the end |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var v in report.Variants)
        {
            var gc = v.Gc;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {v.Name} | {gc.Gen0} / {gc.Gen1} / {gc.Gen2} | {gc.Paused.TotalMilliseconds:N0} | {gc.AllocatedBytes / (1024.0 * 1024):N0} | {(v.Requests > 0 ? gc.AllocatedBytes / v.Requests : 0):N0} | {gc.HeapBytes / (1024.0 * 1024):N0} |");
        }

        text.AppendLine().Append("Counted: `Applied` answers for the SDK, 200s for the bare endpoint. The goals are judged on the median of the per-round ratios (each round's variants run back to back). ");
        text.Append("The collector's figures are the process's over each variant's rounds (every host and the load generator share it; the variants take turns); the heap is its size after the last collection of the variant's last round.");
        return text.ToString();
    }

    public static IEnumerable<GoalResult> LoopbackGoals(LoopbackReport report)
    {
        const string Suite = "Loopback webhook endpoint";
        yield return RatioGoal(report, "SDK, in-memory state", "SDK in-memory ≥ 70 % of the bare endpoint's throughput", 0.70);
        yield return RatioGoal(report, "SDK, Redis state", "SDK on Redis ≥ 50 % of the bare endpoint's throughput", 0.50);

        static GoalResult RatioGoal(LoopbackReport report, string variant, string goal, double floor) =>
            report.Ratio(variant) is { } ratio
                ? new GoalResult(Suite, goal, ratio >= floor, string.Create(CultureInfo.InvariantCulture,
                    $"median of rounds {ratio:0.00}, totals {report.TotalRatio(variant):0.00}: {report.Variants.First(v => v.Name == variant).CountedPerSecond:N0} applied/s against {report.Bare.CountedPerSecond:N0}/s"))
                : new GoalResult(Suite, goal, null, "not run");
    }

    private static string SuiteName(Summary summary) =>
        summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name ?? summary.Title;

    private static IEnumerable<GoalResult> Judge(string suite, Summary summary)
    {
        var s = new Figures(summary);
        switch (suite)
        {
            case nameof(PatchSerializationBenchmarks):
                yield return s.AtMost(suite, "WriteTo a reused buffer ≤ 1.5 µs", "SdkWriteToReusedBuffer", 1_500);
                yield return s.AllocAtMost(suite, "WriteTo a reused buffer: 0 B", "SdkWriteToReusedBuffer", 0);
                yield return s.FasterBy(suite, "WriteTo ≥ 1.5x faster than Newtonsoft", "NewtonsoftSerializeObject", "SdkWriteToReusedBuffer", 1.5);
                break;
            case nameof(HandlerChainBenchmarks):
                yield return s.Above(suite, "SDK call ≤ 3 µs above the bare client with the same model read", "SdkWorkItemsGet", "BareHttpClientAndModelRead", 3_000, bytes: false);
                yield return s.Above(suite, "SDK call ≤ 2 KB above the bare client with the same model read", "SdkWorkItemsGet", "BareHttpClientAndModelRead", 2_048, bytes: true);
                break;
            case nameof(HandlerChainLoggingBenchmarks):
                yield return s.Above(suite, "filtered-out logging allocates what the null factory does", "WithEverythingFilteredOut", "WithNullLoggerFactory", 0, bytes: true);
                yield return s.FasterBy(suite, "filtered-out logging within 10 % of the null factory's time", "WithNullLoggerFactory", "WithEverythingFilteredOut", 1 / 1.10);
                break;
            case nameof(WebhookTriageBenchmarks):
                yield return s.AtMost(suite, "triage ≤ 3 µs", "WebhookTriageRead", 3_000);
                yield return s.AllocAtMost(suite, "triage 0 B", "WebhookTriageRead", 0);
                break;
            case nameof(WebhookHandlingBenchmarks):
                yield return s.FasterBy(suite, "StateAndAssignee: SDK ≥ 5x faster", "NewtonsoftJObject", "SdkHandleAsync", 5);
                yield return s.AllocFraction(suite, "StateAndAssignee: SDK ≤ 1/5 of the allocation", "NewtonsoftJObject", "SdkHandleAsync", 0.2);
                yield return s.FasterBy(suite, "AssigneeOnly: SDK ≥ 5x faster", "NewtonsoftJObjectAssigneeOnly", "SdkHandleAsyncAssigneeOnly", 5);
                yield return s.AllocFraction(suite, "AssigneeOnly: SDK ≤ 1/5 of the allocation", "NewtonsoftJObjectAssigneeOnly", "SdkHandleAsyncAssigneeOnly", 0.2);
                break;
            case nameof(DeliveryDedupeBenchmarks):
                yield return s.Above(suite, "a claim at a million allocates what one in an empty store does", "NewStoreMillionLive", "NewStoreEmpty", 0, bytes: true);
                yield return s.GrowsNoFaster(suite, "time at a million over empty grows no faster than the bare dictionary's", "NewStoreMillionLive", "NewStoreEmpty", "DictionaryMillion", "DictionaryEmpty");
                break;
            case nameof(RedisStateBenchmarks):
                yield return new GoalResult(suite, "a measurement, no goal", null,
                    s.Mean("RedisOneDelivery") is { } redis && s.Mean("InMemoryOneDelivery") is { } memory
                        ? string.Create(CultureInfo.InvariantCulture, $"Redis adds {(redis - memory) / 1000:N0} µs per delivery one at a time")
                        : "not run") { NoGoal = true };
                break;
        }
    }

    /// <summary>Means (ns) and bytes per operation of one summary, by method name.</summary>
    private sealed class Figures(Summary summary)
    {
        public double? Mean(string method) => Report(method)?.ResultStatistics?.Mean;

        public long? Bytes(string method) => Report(method) is { } r ? r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) : null;

        public GoalResult AtMost(string suite, string goal, string method, double ns) =>
            Mean(method) is { } mean ? new(suite, goal, mean <= ns, Ns(mean)) : Missing(suite, goal);

        public GoalResult AllocAtMost(string suite, string goal, string method, long bytes) =>
            Bytes(method) is { } b ? new(suite, goal, b <= bytes, $"{b} B") : Missing(suite, goal);

        public GoalResult FasterBy(string suite, string goal, string baseline, string method, double factor) =>
            Mean(baseline) is { } b && Mean(method) is { } m
                ? new(suite, goal, b / m >= factor, string.Create(CultureInfo.InvariantCulture, $"{b / m:0.00}x, ratio {m / b:0.000}: {Ns(m)} against {Ns(b)}"))
                : Missing(suite, goal);

        public GoalResult AllocFraction(string suite, string goal, string baseline, string method, double fraction) =>
            Bytes(baseline) is { } b && Bytes(method) is { } m && b > 0
                ? new(suite, goal, (double)m / b <= fraction, string.Create(CultureInfo.InvariantCulture, $"{(double)m / b:0.000}: {m:N0} B against {b:N0} B"))
                : Missing(suite, goal);

        public GoalResult Above(string suite, string goal, string method, string baseline, double limit, bool bytes)
        {
            if (bytes)
            {
                return Bytes(method) is { } m && Bytes(baseline) is { } b
                    ? new(suite, goal, m - b <= limit, string.Create(CultureInfo.InvariantCulture, $"{m - b:N0} B above ({m:N0} against {b:N0})"))
                    : Missing(suite, goal);
            }

            return Mean(method) is { } mt && Mean(baseline) is { } bt
                ? new(suite, goal, mt - bt <= limit, string.Create(CultureInfo.InvariantCulture, $"{Ns(mt - bt)} above ({Ns(mt)} against {Ns(bt)})"))
                : Missing(suite, goal);
        }

        public GoalResult GrowsNoFaster(string suite, string goal, string big, string empty, string floorBig, string floorEmpty) =>
            Mean(big) is { } a && Mean(empty) is { } b && Mean(floorBig) is { } c && Mean(floorEmpty) is { } d
                ? new(suite, goal, a / b <= c / d, string.Create(CultureInfo.InvariantCulture, $"store {a / b:0.00}x, bare dictionary {c / d:0.00}x"))
                : Missing(suite, goal);

        private BenchmarkReport? Report(string method) =>
            summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && r.Success);

        private static GoalResult Missing(string suite, string goal) => new(suite, goal, null, "not run or failed");

        private static string Ns(double ns) => ns >= 10_000
            ? (ns / 1000).ToString("N1", CultureInfo.InvariantCulture) + " µs"
            : ns.ToString("N0", CultureInfo.InvariantCulture) + " ns";
    }
}
