using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>
/// Runs <see cref="IVstsSubscriptionManager.CheckAsync"/> for every installation, after
/// <see cref="VstsSubscriptionMonitorOptions.FirstCheckDelay"/> and then every
/// <see cref="VstsSubscriptionMonitorOptions.Interval"/> on the SDK's <see cref="TimeProvider"/>. One
/// failing installation does not stop the others; each run is recorded for the health check.
/// <para>
/// Across host instances: an installation is checked only by the instance that takes the lease
/// <c>job:subscription-monitor:{organization}</c> from <see cref="ISyncLeaseStore"/> (not waited for, held about one
/// interval at most, released after the check); the others skip it for that run. With the in-process default store
/// every instance takes it.
/// </para>
/// </summary>
internal sealed class VstsSubscriptionMonitor : BackgroundService
{
    /// <summary>The job's name in its lease, <c>job:subscription-monitor:{organization}</c>.</summary>
    internal const string JobName = "subscription-monitor";

    private readonly IVstsSubscriptionManager _manager;
    private readonly IServiceProvider _services;
    private readonly IOptions<VstsSubscriptionMonitorOptions> _options;
    private readonly VstsSubscriptionHealthState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private IInstallationEnumerator? _installations;
    private ISyncLeaseStore? _leases;

    public VstsSubscriptionMonitor(
        IVstsSubscriptionManager manager,
        IServiceProvider services,
        IOptions<VstsSubscriptionMonitorOptions> options,
        VstsSubscriptionHealthState state,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        _manager = manager;
        _services = services;
        _options = options;
        _state = state;
        _time = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.AspNetCore.SubscriptionMonitor");
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Fails the host's start with what to fix, rather than a silent monitor that never checks.
        _installations = InstallationListing.Resolve(_services, "The subscription monitor");
        _leases = _services.GetRequiredService<ISyncLeaseStore>();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Checks every installation once and records the run.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var installations = _installations ?? throw new InvalidOperationException("The monitor was not started.");
        var callbackUrl = _options.Value.CallbackUrl!;
        var checks = new List<VstsInstallationCheck>();
        string? listingFailure = null;
        try
        {
            await foreach (var installation in installations.ListInstallationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await CheckAsSingletonAsync(installation, callbackUrl, cancellationToken).ConfigureAwait(false) is { } check)
                {
                    checks.Add(check);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What was checked before the listing broke is still recorded.
            AspNetCoreLog.ListingFailed(_logger, ex);
            listingFailure = ex.Message;
        }

        _state.Record(new VstsSubscriptionRun(_time.GetUtcNow(), checks, listingFailure));
        var delivering = checks.Count(static c => c.Report is { IsHealthy: true });
        var failed = checks.Count(static c => c.Report is null);
        AspNetCoreLog.CheckCompleted(_logger, checks.Count, delivering, checks.Count - delivering - failed, failed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value;
        try
        {
            await Task.Delay(options.FirstCheckDelay, _time, stoppingToken).ConfigureAwait(false);
            while (true)
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>
    /// Checks the installation under its organization's job lease; <see langword="null"/> when another instance holds
    /// it (that one checks). A lease store that fails is recorded as this installation's failed check: the check is
    /// not run unguarded.
    /// </summary>
    private async Task<VstsInstallationCheck?> CheckAsSingletonAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken)
    {
        VstsInstallationCheck? check = null;
        try
        {
            var ran = await SyncLeases.TryRunAsSingletonAsync(
                _leases!,
                SyncLeases.Job(JobName, installation.OrganizationId),
                _options.Value.Interval,
                async ct => check = await CheckAsync(installation, callbackUrl, ct).ConfigureAwait(false),
                _logger,
                cancellationToken).ConfigureAwait(false);
            if (!ran)
            {
                AspNetCoreLog.InstallationSkipped(_logger, installation.IntegrationId);
            }

            return check;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AspNetCoreLog.InstallationFailed(_logger, installation.IntegrationId, ex);
            return new VstsInstallationCheck(installation.IntegrationId, null, $"The lease store ({nameof(ISyncLeaseStore)}) failed ({ex.GetType().Name}); the installation was not checked.");
        }
    }

    private async Task<VstsInstallationCheck> CheckAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken)
    {
        try
        {
            var report = await _manager.CheckAsync(installation, callbackUrl, cancellationToken).ConfigureAwait(false);
            return new VstsInstallationCheck(installation.IntegrationId, report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The SDK's messages carry no secret; they say what to fix (e.g. permissions).
            AspNetCoreLog.InstallationFailed(_logger, installation.IntegrationId, ex);
            return new VstsInstallationCheck(installation.IntegrationId, null, ex.Message);
        }
    }
}
