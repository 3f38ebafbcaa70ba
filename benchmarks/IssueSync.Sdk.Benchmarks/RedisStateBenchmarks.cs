using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// Inbound handling with the sync state on Redis (a <c>redis-server</c> this suite starts on a free loopback
/// port, append-only file on with <c>appendfsync everysec</c>, as the Redis README asks) beside the in-memory
/// state, same run. Per delivery, one at a time: the 4 KB corpus <c>workitem.updated</c> (assignee and state,
/// both applied) through <see cref="IInboundSyncHandler"/> with the in-memory state (baseline) and with
/// <c>AddRedisSyncState</c>: the difference is the added cost per delivery. Throughput: 64 deliveries per
/// operation, 16 work items at once (4 deliveries each, in order, as one item's deliveries are serialised
/// anyway), over 1 instance in memory, 1 instance on Redis, and 4 instances (4 service providers, each with
/// its own multiplexer, sharing the Redis and the host stores) with the work items spread over them; the
/// time per delivery gives deliveries per second (1 s / mean). Each instance's resolve decision is warmed
/// first and answers from its cache (no HTTP after).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(10)]
public class RedisStateBenchmarks
{
    private const int Lanes = 16;
    private const int PerLane = 4;
    private const int Batch = Lanes * PerLane;

    private BenchmarkRedisServer? _redis;
    private Cluster? _inMemory;
    private Cluster? _redisOne;
    private Cluster? _redisFour;
    private Cluster? _inMemoryBatch;

    [GlobalSetup]
    public void Setup()
    {
        _redis = BenchmarkRedisServer.Start();
        var payload = WebhookTriageBenchmarks.LoadPayload();
        _inMemory = new Cluster(payload, instances: 1, lanes: 1, redis: null, firstLane: 0);
        _redisOne = new Cluster(payload, instances: 1, lanes: Lanes, redis: _redis, firstLane: 1);
        _redisFour = new Cluster(payload, instances: 4, lanes: Lanes, redis: _redis, firstLane: 1 + Lanes);
        _inMemoryBatch = new Cluster(payload, instances: 1, lanes: Lanes, redis: null, firstLane: 1 + (2 * Lanes));
        foreach (var cluster in new[] { _inMemory, _redisOne, _redisFour, _inMemoryBatch })
        {
            cluster.Check();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inMemory?.Dispose();
        _redisOne?.Dispose();
        _redisFour?.Dispose();
        _inMemoryBatch?.Dispose();
        _redis?.Dispose();
    }

    /// <summary>One delivery, the in-memory state (one process's default).</summary>
    [Benchmark(Baseline = true)]
    public Task<VstsWebhookResult> InMemoryOneDelivery() => _inMemory!.HandleOneAsync();

    /// <summary>One delivery, the state on Redis over loopback.</summary>
    [Benchmark]
    public Task<VstsWebhookResult> RedisOneDelivery() => _redisOne!.HandleOneAsync();

    /// <summary>64 deliveries, 16 work items at once, one instance, in-memory state; time per delivery.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task InMemory1InstanceConcurrent() => _inMemoryBatch!.HandleBatchAsync(PerLane);

    /// <summary>64 deliveries, 16 work items at once, one instance on Redis; time per delivery.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task Redis1InstanceConcurrent() => _redisOne!.HandleBatchAsync(PerLane);

    /// <summary>64 deliveries, 16 work items at once spread over 4 instances sharing Redis; time per delivery.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task Redis4InstancesConcurrent() => _redisFour!.HandleBatchAsync(PerLane);

    /// <summary>
    /// Instances sharing one host database and (for Redis) one Redis under one key prefix; one stream of
    /// fresh deliveries per lane, each lane its own work item (the corpus item's number rewritten) and its
    /// own range of notification ids, revisions and event ids, handled by instance <c>lane % instances</c>.
    /// </summary>
    private sealed class Cluster : IDisposable
    {
        private readonly List<ServiceProvider> _providers = [];
        private readonly IInboundSyncHandler[] _handlers;
        private readonly FreshWebhookDeliveries[] _lanes;
        private readonly ManyItemGroups _groups = new();
        private readonly WebhookBenchmarkHost _host = new();

        public Cluster(byte[] payload, int instances, int lanes, BenchmarkRedisServer? redis, int firstLane)
        {
            var prefix = "bench-" + Guid.NewGuid().ToString("N") + ":";
            for (var i = 0; i < instances; i++)
            {
                var services = new ServiceCollection();
                var states = new WebhookBenchmarkHost.StatesHandler();
                var builder = services.AddVstsIssueSync(static o =>
                {
                    o.OrganizationUrl = WebhookBenchmarkHost.OrganizationUrl;
                    o.PersonalAccessToken = "benchmark-pat";
                });
                builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => states);
                builder.AddIntegrationStore(_ => _host.IntegrationStore)
                    .AddGroupStore(_ => _groups)
                    .AddAssigneeStore(_ => _host.AssigneeStore);
                if (redis is not null)
                {
                    builder.AddRedisSyncState(o =>
                    {
                        o.Configuration = redis.ConnectionString;
                        o.KeyPrefix = prefix;
                    });
                }

                var provider = services.BuildServiceProvider();
                _providers.Add(provider);
            }

            _handlers = [.. _providers.Select(p => p.GetRequiredService<IInboundSyncHandler>())];
            var corpus = Encoding.UTF8.GetString(payload);
            _lanes = [.. Enumerable.Range(firstLane, lanes).Select(lane =>
            {
                // Another work item (same width: the rewritten body keeps its offsets) and its own id and revision range.
                var item = (3000 + lane).ToString(CultureInfo.InvariantCulture);
                var body = Encoding.UTF8.GetBytes(corpus.Replace(WebhookBenchmarkHost.WorkItemId.ToString(CultureInfo.InvariantCulture), item, StringComparison.Ordinal));
                return new FreshWebhookDeliveries(body, 1_000_000_001 + (lane * 10_000_000));
            })];
        }

        public Task<VstsWebhookResult> HandleOneAsync() => _handlers[0].HandleAsync(_lanes[0].Next());

        public Task HandleBatchAsync(int perLane)
        {
            var lanes = new Task[_lanes.Length];
            for (var i = 0; i < lanes.Length; i++)
            {
                lanes[i] = LaneAsync(_handlers[i % _handlers.Length], _lanes[i], perLane);
            }

            return Task.WhenAll(lanes);

            static async Task LaneAsync(IInboundSyncHandler handler, FreshWebhookDeliveries deliveries, int count)
            {
                for (var n = 0; n < count; n++)
                {
                    var result = await handler.HandleAsync(deliveries.Next()).ConfigureAwait(false);
                    if (result.StatusCode != 200)
                    {
                        throw new InvalidOperationException($"A delivery was answered {result.StatusCode} {result.Outcome}: {result.Reason}");
                    }
                }
            }
        }

        /// <summary>Every lane's first deliveries are applied (this warms each instance's states cache), on every instance.</summary>
        public void Check()
        {
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < _lanes.Length; i++)
                {
                    var result = _handlers[i % _handlers.Length].HandleAsync(_lanes[i].Next()).GetAwaiter().GetResult();
                    if (result.StatusCode != 200 || result.Outcome != VstsWebhookOutcome.Applied || result.ChangedGroupIds.Count != 1)
                    {
                        throw new InvalidOperationException(
                            $"Revision {_lanes[i].Revision} of lane {i} was not applied: {result.StatusCode} {result.Outcome} {result.Reason}.");
                    }
                }
            }
        }

        public void Dispose()
        {
            foreach (var provider in _providers)
            {
                provider.Dispose();
            }
        }
    }

    /// <summary>A group linked to every work item, its resolved flag kept per item (thread-safe): every delivery resolves or unresolves it.</summary>
    private sealed class ManyItemGroups : IGroupStore
    {
        private readonly ConcurrentDictionary<int, bool> _resolved = new();

        public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LinkedGroup>>(
                [new LinkedGroup("group-" + workItemId.ToString(CultureInfo.InvariantCulture), "host-project", _resolved.GetValueOrDefault(workItemId), WebhookBenchmarkHost.ProjectId, AssigneeUserId: "user-1")]);

        public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Set(group, true);

        public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Set(group, false);

        private Task Set(LinkedGroup group, bool resolved)
        {
            _resolved[int.Parse(group.GroupId.AsSpan("group-".Length), CultureInfo.InvariantCulture)] = resolved;
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// A <c>redis-server</c> for a benchmark run: a free loopback port, a temporary directory, the append-only file
/// on (<c>appendfsync everysec</c>); stopped and removed on <see cref="Dispose"/> (or when the process exits).
/// Fails with a message saying how to install it when it cannot start.
/// </summary>
internal sealed class BenchmarkRedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchmarkRedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false");

    public static BenchmarkRedisServer Start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "issuesync-bench-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
            "--dir", directory, "--daemonize", "no", "--protected-mode", "yes",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "RedisStateBenchmarks needs redis-server on PATH and could not start it. Install it: apt-get update && apt-get install -y redis-server.", ex);
        }

        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchmarkRedisServer(process, directory, port);
        var waited = Stopwatch.StartNew();
        while (!server.Pings())
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                server.Dispose();
                string said;
                lock (output)
                {
                    said = output.ToString();
                }

                throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{port} within 10 s. Its output:\n{said}");
            }

            Thread.Sleep(20);
        }

        return server;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Already gone, or a temporary directory left behind: harmless.
        }
    }

    private bool Pings()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
