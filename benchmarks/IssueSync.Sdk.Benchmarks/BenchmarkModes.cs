using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// The program's runner modes besides plain BenchmarkDotNet arguments: <c>--quick</c> (CI: every suite
/// once in-process with the dry job, the loopback runner briefly; nothing judged, a failure to run fails),
/// <c>--full</c> (every suite with the short job in-process, the loopback runner, then
/// <c>benchmarks/results/latest.md</c> with each suite's table, the ratios and each goal met or missed),
/// and <c>--loopback</c> (the loopback runner alone).
/// </summary>
internal static class BenchmarkModes
{
    /// <summary>Set by <c>--quick</c> before any suite runs: suites shrink what their setup fills.</summary>
    public const string QuickVariable = "ISSUESYNC_BENCH_QUICK";

    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Whether this process runs the quick mode (suites read it in their static setup).</summary>
    public static bool IsQuick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    public static int Quick(string[] rest)
    {
        Environment.SetEnvironmentVariable(QuickVariable, "1");
        var clock = Stopwatch.StartNew();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkModes).Assembly)
            .Run(["--filter", "*", "--job", "dry", "--inProcess", .. rest])
            .ToArray();
        var suites = clock.Elapsed;
        var loopback = LoopbackWebhookBenchmark.RunAsync(
            new LoopbackOptions { Senders = 8, Warmup = TimeSpan.FromSeconds(0.5), Duration = TimeSpan.FromSeconds(1), Rounds = 1 },
            Console.Out).GetAwaiter().GetResult();
        var failed = Failures(summaries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"benchmarks quick mode: {summaries.Length} suites, {summaries.Sum(s => s.Reports.Length)} benchmarks once each ({suites.TotalSeconds:0} s), loopback {loopback.Variants.Count} variants ({(clock.Elapsed - suites).TotalSeconds:0} s); {clock.Elapsed.TotalSeconds:0} s in all; nothing judged."));
        foreach (var failure in failed)
        {
            Console.Error.WriteLine("benchmark failed to run: " + failure);
        }

        return failed.Count == 0 && summaries.Length > 0 ? 0 : 1;
    }

    public static int Full(string[] rest)
    {
        var output = "benchmarks/results/latest.md";
        var filters = new List<string>();
        var loopback = new LoopbackOptions();
        var runLoopback = true;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--out" when i + 1 < rest.Length: output = rest[++i]; break;
                case "--filter" when i + 1 < rest.Length: filters.Add(rest[++i]); break;
                case "--no-loopback": runLoopback = false; break;
                case "--loopback-seconds" when i + 1 < rest.Length: loopback = loopback with { Duration = TimeSpan.FromSeconds(double.Parse(rest[++i], CultureInfo.InvariantCulture)) }; break;
                default: throw new ArgumentException($"Unknown --full option '{rest[i]}' (--out PATH, --filter PATTERN, --no-loopback, --loopback-seconds S).");
            }
        }

        if (filters.Count == 0)
        {
            filters.Add("*");
        }

        var started = DateTimeOffset.UtcNow;
        var load = LoadAverage();
        var command = string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);

        // The loopback runner first (a minute), then each filter in the order given; the report is rewritten
        // after each step, so a run cut short still leaves what it measured (and says what it did not).
        var loop = runLoopback ? LoopbackWebhookBenchmark.RunAsync(loopback, Console.Out).GetAwaiter().GetResult() : null;
        var summaries = new List<Summary>();
        for (var i = 0; i < filters.Count; i++)
        {
            File.WriteAllText(output, ResultsReport.Write(summaries, loop, started, load, LoadAverage(), command, pending: filters.Skip(i).ToList()), NoBom);
            summaries.AddRange(BenchmarkSwitcher.FromAssembly(typeof(BenchmarkModes).Assembly)
                .Run(["--filter", filters[i], "--job", "short", "--inProcess"]));
        }

        File.WriteAllText(output, ResultsReport.Write(summaries, loop, started, load, LoadAverage(), command, pending: []), NoBom);
        Console.WriteLine($"benchmarks full mode: wrote {output}");
        return Failures(summaries).Count == 0 ? 0 : 1;
    }

    public static int Loopback(string[] rest)
    {
        var options = new LoopbackOptions();
        for (var i = 0; i < rest.Length; i++)
        {
            options = rest[i] switch
            {
                "--seconds" when i + 1 < rest.Length => options with { Duration = TimeSpan.FromSeconds(double.Parse(rest[++i], CultureInfo.InvariantCulture)) },
                "--rounds" when i + 1 < rest.Length => options with { Rounds = int.Parse(rest[++i], CultureInfo.InvariantCulture) },
                "--senders" when i + 1 < rest.Length => options with { Senders = int.Parse(rest[++i], CultureInfo.InvariantCulture) },
                "--items" when i + 1 < rest.Length => options with { WorkItems = int.Parse(rest[++i], CultureInfo.InvariantCulture) },
                "--no-redis" => options with { Redis = false },
                "--warmup" when i + 1 < rest.Length => options with { Warmup = TimeSpan.FromSeconds(double.Parse(rest[++i], CultureInfo.InvariantCulture)) },
                "--only" when i + 1 < rest.Length && rest[i + 1] is "sdk" or "redis" or "bare" => options with { Only = rest[++i] },
                _ => throw new ArgumentException($"Unknown --loopback option '{rest[i]}' (--seconds S, --rounds N, --senders N, --items N, --no-redis, --warmup S, --only sdk|redis|bare)."),
            };
        }

        var report = LoopbackWebhookBenchmark.RunAsync(options, Console.Out).GetAwaiter().GetResult();
        if (options.Only is not null)
        {
            // One variant (for a profiler): its totals, no ratio and no goal.
            Console.WriteLine($"loopback: {report.Variants[0].Name} alone: {report.Variants[0].Summary()}");
            return 0;
        }

        Console.WriteLine(ResultsReport.Loopback(report));
        Console.WriteLine(string.Join(Environment.NewLine, report.Variants.Select(v => string.Create(CultureInfo.InvariantCulture, $"loopback CPU: {v.Name}: {v.CpuMicrosecondsPerRequest:0.0} µs/request"))));
        foreach (var goal in ResultsReport.LoopbackGoals(report))
        {
            Console.WriteLine(goal.Line());
        }

        return 0;
    }

    /// <summary>Load average (1 minute) from <c>/proc/loadavg</c>, when there is one.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static List<string> Failures(IEnumerable<Summary> summaries)
    {
        var failed = new List<string>();
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failed.Add($"{summary.Title}: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}");
            }

            failed.AddRange(summary.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo));
        }

        return failed;
    }

    /// <summary>A BenchmarkDotNet logger that keeps what is written, for the report.</summary>
    internal static string GitHubTable(Summary summary)
    {
        var log = new AccumulationLogger();
        BenchmarkDotNet.Exporters.MarkdownExporter.GitHub.ExportToLog(summary, log);
        return log.GetLog();
    }
}
