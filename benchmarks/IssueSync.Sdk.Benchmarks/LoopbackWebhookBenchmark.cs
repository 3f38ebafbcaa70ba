using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// The webhook endpoint over loopback: a real Kestrel host per variant, all built the same way in this one
/// process (slim builder, logging off, 127.0.0.1 on a free port, same GC), driven by a load generator in
/// this process: <see cref="LoopbackOptions.Senders"/> concurrent senders, each with its own share of the
/// work items, over one <see cref="HttpClient"/> allowing as many connections. Variants: the bare endpoint
/// (reads the same body to its end, answers 200), the SDK's <c>MapVstsWebhook</c> with the in-memory
/// state, and with <c>AddRedisSyncState</c> on a <c>redis-server</c> this run starts. Every request is a
/// distinct delivery (its own notification id, event id and a rising revision of its work item; the state
/// alternates, so each is applied) over <see cref="LoopbackOptions.WorkItems"/> work items. The variants take
/// turns, round by round, for the same time each, so a slow spell of a shared machine hits all of them;
/// the ratios are of totals over all rounds. Only <c>Applied</c> answers count for the SDK.
/// </summary>
/// <remarks>
/// A runner, not a BenchmarkDotNet suite: a fixed-duration load test over many connections whose unit of
/// work (a response) completes on the server's and the client's threads at once; BenchmarkDotNet's
/// invocation model (a fixed count per invoke, pilot and overhead stages) measures neither the open
/// connections' steady state nor an outcome mix, and cannot interleave the variants within one run.
/// </remarks>
internal static class LoopbackWebhookBenchmark
{
    private const string Path = VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern;
    private const int FirstItem = 2000;

    public static async Task<LoopbackReport> RunAsync(LoopbackOptions options, TextWriter log)
    {
        var payload = WebhookTriageBenchmarks.LoadPayload();
        using var redis = (options.Redis && options.Only is null) || options.Only == "redis" ? BenchmarkRedisServer.Start() : null;
        // --only sdk|redis|bare (for a profiler): that variant alone, so every sample is its requests'.
        var variants = new List<Variant>();
        if (options.Only is null or "bare")
        {
            variants.Add(await Variant.StartAsync("Bare endpoint", payload, options, redis: null, sdk: false));
        }

        if (options.Only is null or "sdk")
        {
            variants.Add(await Variant.StartAsync("SDK, in-memory state", payload, options, redis: null, sdk: true));
        }

        if (redis is not null)
        {
            variants.Add(await Variant.StartAsync("SDK, Redis state", payload, options, redis, sdk: true));
        }

        try
        {
            foreach (var variant in variants)
            {
                await variant.WarmAsync(options.Warmup);
                log.WriteLine($"loopback: warmed {variant.Name}: {variant.Last.Summary()}");
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var variant in variants)
                {
                    var result = await variant.MeasureAsync(options.Duration);
                    log.WriteLine($"loopback: round {round} {variant.Name}: {result.Summary()}");
                }
            }

            return new LoopbackReport(options, [.. variants.Select(v => v.Total())]);
        }
        finally
        {
            foreach (var variant in variants)
            {
                await variant.DisposeAsync();
            }
        }
    }

    /// <summary>One host and its senders' deliveries, measured round after round.</summary>
    private sealed class Variant : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _client;
        private readonly Uri _url;
        private readonly FreshWebhookDeliveries[][] _senderItems;
        private readonly bool _sdk;
        private readonly List<LoopbackResult> _rounds = [];

        private Variant(string name, WebApplication app, bool sdk, FreshWebhookDeliveries[][] senderItems)
        {
            Name = name;
            _app = app;
            _sdk = sdk;
            _senderItems = senderItems;
            var address = app.Urls.First();
            _url = new Uri(new Uri(address), Path);
            _client = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = senderItems.Length,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseProxy = false,
                AllowAutoRedirect = false,
            })
            { Timeout = TimeSpan.FromSeconds(30) };
        }

        public string Name { get; }

        public LoopbackResult Last { get; private set; } = LoopbackResult.Empty("");

        public static async Task<Variant> StartAsync(string name, byte[] payload, LoopbackOptions options, BenchmarkRedisServer? redis, bool sdk)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(static k => k.Limits.MaxConcurrentConnections = null);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            if (sdk)
            {
                var host = new LoopbackHostStores();
                var sync = builder.Services.AddVstsIssueSync(static o =>
                {
                    o.OrganizationUrl = WebhookBenchmarkHost.OrganizationUrl;
                    o.PersonalAccessToken = "benchmark-pat";
                });
                sync.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(static () => new WebhookBenchmarkHost.StatesHandler());
                sync.AddIntegrationStore(_ => host).AddGroupStore(_ => host).AddAssigneeStore(_ => host);
                if (redis is not null)
                {
                    var prefix = "loopback-" + Guid.NewGuid().ToString("N") + ":";
                    sync.AddRedisSyncState(o =>
                    {
                        o.Configuration = redis.ConnectionString;
                        o.KeyPrefix = prefix;
                    });
                }
            }

            var app = builder.Build();
            if (sdk)
            {
                app.MapVstsWebhook(Path);
            }
            else
            {
                // The floor: the same route, the body read to its end into a buffer, 200.
                app.MapPost(Path, static async context =>
                {
                    var buffer = new byte[16 * 1024];
                    using var body = new MemoryStream();
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                    {
                        body.Write(buffer, 0, read);
                    }

                    context.Response.StatusCode = StatusCodes.Status200OK;
                });
            }

            await app.StartAsync();

            // Each sender owns its own work items (item % senders), so one item's revisions arrive in order.
            var corpus = Encoding.UTF8.GetString(payload);
            var senders = new FreshWebhookDeliveries[options.Senders][];
            var perSender = new List<FreshWebhookDeliveries>[options.Senders];
            for (var s = 0; s < senders.Length; s++)
            {
                perSender[s] = [];
            }

            for (var i = 0; i < options.WorkItems; i++)
            {
                var item = (FirstItem + i).ToString(CultureInfo.InvariantCulture);
                var body = Encoding.UTF8.GetBytes(corpus.Replace(WebhookBenchmarkHost.WorkItemId.ToString(CultureInfo.InvariantCulture), item, StringComparison.Ordinal));

                // Disjoint revision ranges: notification and event ids are made from the revision, so no two deliveries share one.
                perSender[i % senders.Length].Add(new FreshWebhookDeliveries(body, 1_000_000_001 + (i * 100_000)));
            }

            for (var s = 0; s < senders.Length; s++)
            {
                senders[s] = [.. perSender[s]];
            }

            return new Variant(name, app, sdk, senders);
        }

        public async Task WarmAsync(TimeSpan duration)
        {
            Last = await RunAsync(duration);
            if (_sdk && Last.Outcomes.GetValueOrDefault("Applied") == 0)
            {
                throw new InvalidOperationException($"{Name}: no delivery was applied in the warm-up: {Last.Summary()}");
            }
        }

        public async Task<LoopbackResult> MeasureAsync(TimeSpan duration)
        {
            Last = await RunAsync(duration);
            _rounds.Add(Last);
            return Last;
        }

        public LoopbackResult Total() => LoopbackResult.Combine(Name, _sdk, _rounds);

        private async Task<LoopbackResult> RunAsync(TimeSpan duration)
        {
            using var stop = new CancellationTokenSource();
            var senders = new Task<SenderResult>[_senderItems.Length];
            var gcBefore = GcSnapshot.Take();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var s = 0; s < senders.Length; s++)
            {
                var items = _senderItems[s];
                senders[s] = Task.Run(() => SendAsync(items, stop.Token));
            }

            stop.CancelAfter(duration);
            var results = await Task.WhenAll(senders);
            clock.Stop();
            return LoopbackResult.From(Name, _sdk, clock.Elapsed, results) with
            {
                Gc = GcSnapshot.Take().Since(gcBefore),
                Cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore,
            };
        }

        private async Task<SenderResult> SendAsync(FreshWebhookDeliveries[] items, CancellationToken stop)
        {
            var result = new SenderResult();
            var next = 0;
            var buffer = new byte[1024];
            while (!stop.IsCancellationRequested)
            {
                var deliveries = items[next];
                next = (next + 1) % items.Length;
                deliveries.Next();
                using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(deliveries.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.TryAddWithoutValidation("Shared-Secret", WebhookBenchmarkHost.Secret);
                var started = Stopwatch.GetTimestamp();
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
                await using var stream = await response.Content.ReadAsStreamAsync(CancellationToken.None).ConfigureAwait(false);
                var length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false)) > 0)
                {
                    length = Math.Min(length + read, buffer.Length - 1);
                }

                result.Latencies.Add(Stopwatch.GetTimestamp() - started);
                result.Count(response.StatusCode, OutcomeOf(buffer.AsSpan(0, length)));
            }

            return result;
        }

        /// <summary>The <c>outcome</c> of the SDK's answer (<c>{"detail":…,"outcome":"Applied"}</c>); none for the bare endpoint.</summary>
        private static string? OutcomeOf(ReadOnlySpan<byte> body)
        {
            var mark = "\"outcome\":\""u8;
            var at = body.IndexOf(mark);
            if (at < 0)
            {
                return null;
            }

            var rest = body[(at + mark.Length)..];
            var end = rest.IndexOf((byte)'"');
            return end < 0 ? null : Encoding.ASCII.GetString(rest[..end]);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    internal sealed class SenderResult
    {
        public List<long> Latencies { get; } = new(4096);

        public Dictionary<string, long> Outcomes { get; } = [];

        public void Count(HttpStatusCode status, string? outcome)
        {
            var key = outcome ?? ((int)status).ToString(CultureInfo.InvariantCulture);
            Outcomes[key] = Outcomes.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>
    /// The host's stores for the loopback SDK host, safe for concurrent deliveries: one installation, a group
    /// per work item (its resolved flag and assignee kept, so every delivery changes it), one assignable user.
    /// </summary>
    private sealed class LoopbackHostStores : IIntegrationStore, IGroupStore, IAssigneeStore
    {
        private static readonly Task<VstsInstallation?> Found = Task.FromResult<VstsInstallation?>(WebhookBenchmarkHost.Installation);
        private static readonly Task<VstsInstallation?> NotFound = Task.FromResult<VstsInstallation?>(null);
        private static readonly HostUser User = new("user-2", [WebhookBenchmarkHost.AssigneeEmail], "lauryn2");
        private readonly ConcurrentDictionary<int, LinkedGroup> _groups = new();

        public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) =>
            string.Equals(organizationId, WebhookBenchmarkHost.CollectionId, StringComparison.OrdinalIgnoreCase) ? Found : NotFound;

        public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) =>
            integrationId == WebhookBenchmarkHost.Installation.IntegrationId ? Found : NotFound;

        public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LinkedGroup>>([_groups.GetOrAdd(workItemId, static id => new LinkedGroup(
                "group-" + id.ToString(CultureInfo.InvariantCulture), "host-project", IsResolved: false, WebhookBenchmarkHost.ProjectId, AssigneeUserId: "user-1"))]);

        public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Set(group, g => g with { IsResolved = true });

        public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Set(group, g => g with { IsResolved = false });

        public Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default) =>
            Task.FromResult(string.Equals(email, WebhookBenchmarkHost.AssigneeEmail, StringComparison.OrdinalIgnoreCase) ? User : null);

        // The assignee flips back after each assign, so the next delivery's assign changes the group again.
        public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default) =>
            Set(group, g => g with { AssigneeUserId = "user-1" });

        public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) =>
            Set(group, g => g with { AssigneeUserId = null });

        private Task Set(LinkedGroup group, Func<LinkedGroup, LinkedGroup> change)
        {
            var id = int.Parse(group.GroupId.AsSpan("group-".Length), CultureInfo.InvariantCulture);
            _groups.AddOrUpdate(id, static (_, a) => a.change(a.group), static (_, current, a) => a.change(current), (group, change));
            return Task.CompletedTask;
        }
    }
}

/// <summary>How the loopback runner runs.</summary>
internal sealed record LoopbackOptions
{
    public int Senders { get; init; } = 32;

    public int WorkItems { get; init; } = 1_000;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(4);

    public int Rounds { get; init; } = 5;

    public bool Redis { get; init; } = true;

    /// <summary>"sdk" (in-memory state), "redis" (Redis state) or "bare": that variant alone, for a profiler; no ratio. <see langword="null"/>: every variant.</summary>
    public string? Only { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Senders} senders over as many connections, {WorkItems:N0} work items, {Warmup.TotalSeconds:0.#} s warm-up per variant, {Rounds} rounds of {Duration.TotalSeconds:0.#} s per variant, interleaved");
}

/// <summary>
/// The process's garbage collector over a span of time: collections per generation, bytes allocated, time paused,
/// and the heap's size after the last collection at the end. Process-wide (client, server and every host), but the
/// variants take turns, so a variant's rounds hold what its requests cost, its store's live set included.
/// </summary>
internal sealed record GcFigures(int Gen0, int Gen1, int Gen2, long AllocatedBytes, TimeSpan Paused, long HeapBytes)
{
    public static readonly GcFigures None = new(0, 0, 0, 0, TimeSpan.Zero, 0);

    /// <summary>Sums the counts; the heap is the later span's.</summary>
    public GcFigures Add(GcFigures later) =>
        new(Gen0 + later.Gen0, Gen1 + later.Gen1, Gen2 + later.Gen2, AllocatedBytes + later.AllocatedBytes, Paused + later.Paused, later.HeapBytes);

    public string Summary(long requests) => string.Create(CultureInfo.InvariantCulture,
        $"GC gen0/1/2 {Gen0}/{Gen1}/{Gen2}, paused {Paused.TotalMilliseconds:N0} ms, allocated {AllocatedBytes / (1024.0 * 1024):N0} MB ({(requests > 0 ? AllocatedBytes / requests : 0):N0} B/request), heap {HeapBytes / (1024.0 * 1024):N0} MB");
}

/// <summary>The collector's counters at one instant.</summary>
internal readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, long AllocatedBytes, TimeSpan Paused)
{
    public static GcSnapshot Take() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration());

    public GcFigures Since(GcSnapshot before) =>
        new(Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, AllocatedBytes - before.AllocatedBytes, Paused - before.Paused, GC.GetGCMemoryInfo().HeapSizeBytes);
}

/// <summary>One variant's figures over one or more rounds.</summary>
internal sealed record LoopbackResult(string Name, bool Sdk, TimeSpan Elapsed, long Requests, IReadOnlyDictionary<string, long> Outcomes, double P50Ms, double P99Ms)
{
    /// <summary>What counts: <c>Applied</c> answers for the SDK, 200s for the bare endpoint.</summary>
    public long Counted => Sdk ? Outcomes.GetValueOrDefault("Applied") : Outcomes.GetValueOrDefault("200");

    public double CountedPerSecond => Elapsed.TotalSeconds > 0 ? Counted / Elapsed.TotalSeconds : 0;

    public double RequestsPerSecond => Elapsed.TotalSeconds > 0 ? Requests / Elapsed.TotalSeconds : 0;

    public static LoopbackResult Empty(string name) => new(name, false, TimeSpan.Zero, 0, new Dictionary<string, long>(), 0, 0);

    public string Mix() => string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value.ToString("N0", CultureInfo.InvariantCulture)}"));

    /// <summary>The collector over these rounds.</summary>
    public GcFigures Gc { get; init; } = GcFigures.None;

    /// <summary>
    /// The process's CPU time over these rounds (server, load generator and collector together): per request,
    /// a figure a shared machine's other load moves far less than the throughput.
    /// </summary>
    public TimeSpan Cpu { get; init; }

    public double CpuMicrosecondsPerRequest => Requests > 0 ? Cpu.TotalMicroseconds / Requests : 0;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Requests:N0} requests in {Elapsed.TotalSeconds:0.00} s, {CountedPerSecond:N0} counted/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms ({Mix()}); CPU {CpuMicrosecondsPerRequest:0.0} µs/request; {Gc.Summary(Requests)}");

    internal static LoopbackResult From(string name, bool sdk, TimeSpan elapsed, IReadOnlyList<LoopbackWebhookBenchmark.SenderResult> senders)
    {
        var latencies = senders.SelectMany(s => s.Latencies).ToArray();
        var outcomes = new Dictionary<string, long>();
        foreach (var (key, count) in senders.SelectMany(s => s.Outcomes))
        {
            outcomes[key] = outcomes.GetValueOrDefault(key) + count;
        }

        return new LoopbackResult(name, sdk, elapsed, latencies.Length, outcomes, Percentile(latencies, 0.50), Percentile(latencies, 0.99)) { Latencies = latencies };
    }

    internal static LoopbackResult Combine(string name, bool sdk, IReadOnlyList<LoopbackResult> rounds)
    {
        var latencies = rounds.SelectMany(r => r.Latencies).ToArray();
        var outcomes = new Dictionary<string, long>();
        foreach (var (key, count) in rounds.SelectMany(r => r.Outcomes))
        {
            outcomes[key] = outcomes.GetValueOrDefault(key) + count;
        }

        return new LoopbackResult(name, sdk, TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), latencies.Length, outcomes, Percentile(latencies, 0.50), Percentile(latencies, 0.99))
        {
            Latencies = latencies,
            RoundRates = [.. rounds.Select(r => r.CountedPerSecond)],
            Gc = rounds.Aggregate(GcFigures.None, static (sum, r) => sum.Add(r.Gc)),
            Cpu = TimeSpan.FromTicks(rounds.Sum(r => r.Cpu.Ticks)),
        };
    }

    /// <summary>Request latencies in <see cref="Stopwatch"/> ticks.</summary>
    internal long[] Latencies { get; init; } = [];

    /// <summary>Counted per second in each round.</summary>
    public IReadOnlyList<double> RoundRates { get; init; } = [];

    private static double Percentile(long[] ticks, double p)
    {
        if (ticks.Length == 0)
        {
            return 0;
        }

        Array.Sort(ticks);
        var at = (int)Math.Min(ticks.Length - 1, Math.Ceiling(p * ticks.Length) - 1);
        return ticks[Math.Max(0, at)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>The loopback run: every variant's totals and the SDK-to-bare ratios.</summary>
internal sealed record LoopbackReport(LoopbackOptions Options, IReadOnlyList<LoopbackResult> Variants)
{
    public LoopbackResult Bare => Variants[0];

    /// <summary>
    /// The median over rounds of the variant's rate over the bare endpoint's in the same round (adjacent in
    /// time, so a slow spell of a shared machine weighs on both sides of one ratio rather than on one variant).
    /// </summary>
    public double? Ratio(string variant)
    {
        if (Variants.FirstOrDefault(v => v.Name == variant) is not { } v || v.RoundRates.Count != Bare.RoundRates.Count || v.RoundRates.Count == 0)
        {
            return null;
        }

        var ratios = v.RoundRates.Zip(Bare.RoundRates, static (a, b) => b > 0 ? a / b : 0).Order().ToArray();
        return ratios.Length % 2 == 1 ? ratios[ratios.Length / 2] : (ratios[(ratios.Length / 2) - 1] + ratios[ratios.Length / 2]) / 2;
    }

    /// <summary>The variant's total over the bare endpoint's total, all rounds together.</summary>
    public double? TotalRatio(string variant) =>
        Variants.FirstOrDefault(v => v.Name == variant) is { } v && Bare.CountedPerSecond > 0 ? v.CountedPerSecond / Bare.CountedPerSecond : null;
}
