using System.Runtime.CompilerServices;
using System.Threading.Channels;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using IssueSync.Sdk.Tests.Client;

namespace IssueSync.Sdk.Tests.AspNetCore;

/// <summary>
/// The subscription monitor as a host registers it (<c>AddSubscriptionMonitor</c>), over a
/// <see cref="FakeSubscriptionManager"/>, a fixed installation list and a <see cref="TestClock"/> (advanced only once the monitor waits on it).
/// </summary>
internal sealed class MonitorTestKit : IAsyncDisposable
{
    public static readonly Uri CallbackUrl = new("https://host.example/extensions/vsts/issue-updated");

    private readonly ServiceProvider _services;

    public MonitorTestKit(
        IReadOnlyList<string> integrationIds,
        Action<VstsSubscriptionMonitorOptions>? configure = null,
        bool registerEnumerator = true,
        Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IVstsSubscriptionManager>(Manager);
        var builder = services.AddVstsIssueSync(_ => { });
        if (registerEnumerator)
        {
            builder.AddInstallationEnumerator(_ => new ListedInstallations(integrationIds));
        }

        builder.AddSubscriptionMonitor(o =>
        {
            o.CallbackUrl = CallbackUrl;
            configure?.Invoke(o);
        });
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public TestClock Time { get; } = new();

    public FakeSubscriptionManager Manager { get; } = new();

    public IServiceProvider Services => _services;

    public IHostedService Monitor => _services.GetServices<IHostedService>().OfType<VstsSubscriptionMonitor>().Single();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public static VstsInstallation Installation(string id) => new()
    {
        IntegrationId = id,
        OrganizationId = "org-" + id,
        OrganizationUrl = "https://dev.azure.com/fabrikam/",
        Subscriptions = [new VstsSubscriptionReference("workitem.updated", "sub-" + id)],
    };

    public static VstsSubscriptionReport Report(string id, params VstsSubscriptionHealth[] health) => new(
        id,
        DateTimeOffset.UnixEpoch,
        health.Select((h, i) => new VstsSubscriptionState(i == 0 ? "workitem.updated" : "workitem.commented", "sub-" + id, h)).ToList());

    /// <summary>Waits (bounded) until the monitor has completed <paramref name="runs"/> runs, by its log line.</summary>
    public async Task WaitForRunsAsync(int runs)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Logs.GetSnapshot().Count(r => r.Id.Id == 8060) < runs)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private sealed class ListedInstallations(IReadOnlyList<string> ids) : IInstallationEnumerator
    {
        public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var id in ids)
            {
                await Task.Yield();
                if (id == "listing-breaks")
                {
                    throw new InvalidOperationException("The database is down.");
                }

                yield return Installation(id);
            }
        }
    }
}

/// <summary>Records every check; answers a report, or throws for the installations told to fail.</summary>
internal sealed class FakeSubscriptionManager : IVstsSubscriptionManager
{
    private readonly Channel<(string IntegrationId, Uri CallbackUrl)> _checks = Channel.CreateUnbounded<(string, Uri)>();
    private readonly List<(string IntegrationId, Uri CallbackUrl)> _all = [];

    public Dictionary<string, Exception> Failures { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VstsSubscriptionHealth[]> Health { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> EventTypes { get; } = ["workitem.updated"];

    public IReadOnlyList<(string IntegrationId, Uri CallbackUrl)> Checks
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public Task<VstsSubscriptionReport> CheckAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default)
    {
        lock (_all)
        {
            _all.Add((installation.IntegrationId, callbackUrl));
        }

        _checks.Writer.TryWrite((installation.IntegrationId, callbackUrl));
        if (Failures.TryGetValue(installation.IntegrationId, out var failure))
        {
            throw failure;
        }

        var health = Health.TryGetValue(installation.IntegrationId, out var configured) ? configured : [VstsSubscriptionHealth.Healthy];
        return Task.FromResult(MonitorTestKit.Report(installation.IntegrationId, health));
    }

    public Task<VstsSubscriptionReport> EnsureAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The monitor only checks.");

    public Task<VstsSubscriptionReport> RotateSecretAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The monitor only checks.");

    public Task<VstsSubscriptionReport> DeleteAsync(VstsInstallation installation, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The monitor only checks.");
}
