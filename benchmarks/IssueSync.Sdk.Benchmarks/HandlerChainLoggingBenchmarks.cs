using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// What logging costs on the handler chain of <see cref="HandlerChainBenchmarks"/> (one
/// <c>WorkItems.GetAsync</c> on the success path): with <see cref="NullLoggerFactory"/> (baseline),
/// with a real logger factory whose provider is filtered out entirely (<see cref="LogLevel.None"/>),
/// and, for contrast, with Debug enabled to a provider that drops every line. Goal: the filtered-out
/// factory costs the same as the null one within noise (no formatting, no allocation when nobody
/// listens).
/// </summary>
[MemoryDiagnoser]
public class HandlerChainLoggingBenchmarks
{
    private readonly List<ServiceProvider> _services = [];
    private IVstsClient? _nullLoggerFactory;
    private IVstsClient? _filteredOut;
    private IVstsClient? _debugToNoOp;

    [GlobalSetup]
    public void Setup()
    {
        _nullLoggerFactory = Create(static services => services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(NullLoggerFactory.Instance)));
        _filteredOut = Create(static services => services.AddLogging(static b => b.AddProvider(new NoOpLoggerProvider()).SetMinimumLevel(LogLevel.None)));
        _debugToNoOp = Create(static services => services.AddLogging(static b => b.AddProvider(new NoOpLoggerProvider()).SetMinimumLevel(LogLevel.Debug)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var services in _services)
        {
            services.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<Client.Models.WorkItem> WithNullLoggerFactory() => _nullLoggerFactory!.WorkItems.GetAsync(4821);

    [Benchmark]
    public Task<Client.Models.WorkItem> WithEverythingFilteredOut() => _filteredOut!.WorkItems.GetAsync(4821);

    [Benchmark]
    public Task<Client.Models.WorkItem> WithDebugToNoOpProvider() => _debugToNoOp!.WorkItems.GetAsync(4821);

    private IVstsClient Create(Action<IServiceCollection> logging)
    {
        var (services, client) = HandlerChainBenchmarks.CreateSdkClient(builder => logging(builder.Services));
        _services.Add(services);
        return client;
    }

    /// <summary>Enabled for every level it is asked about, and writes nothing.</summary>
    private sealed class NoOpLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => NoOpLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class NoOpLogger : ILogger
        {
            public static readonly NoOpLogger Instance = new();

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
