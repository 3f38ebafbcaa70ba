using System.Diagnostics.Metrics;
using System.Threading.Channels;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>
/// Runs <see cref="IVstsReconciler.ReconcileAsync"/> for every installation after
/// <see cref="VstsReconciliationServiceOptions.FirstRunDelay"/> and then every
/// <see cref="VstsReconciliationServiceOptions.Interval"/>, and at once for an installation whose subscription
/// the subscription monitor found on probation, disabled or recreated (events were lost). One instance at a
/// time per organization: each run holds the lease <c>job:reconcile:{organization id, lower-cased}</c> and is
/// skipped while another instance holds it. One failing installation does not stop the others.
/// </summary>
internal sealed class VstsReconciliationService : BackgroundService
{
    private static readonly Meter Meter = new("IssueSync.Sdk");
    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>("issuesync.sdk.reconcile.skipped", "{run}", "Reconciliation runs skipped because another instance held the organization's lease.");

    private readonly IVstsReconciler _reconciler;
    private readonly ISyncLeaseStore _leases;
    private readonly IServiceProvider _services;
    private readonly IOptions<VstsReconciliationServiceOptions> _options;
    private readonly VstsSubscriptionHealthState _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<string?> _triggers = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private IInstallationEnumerator? _installations;

    public VstsReconciliationService(
        IVstsReconciler reconciler,
        ISyncLeaseStore leases,
        IServiceProvider services,
        IOptions<VstsReconciliationServiceOptions> options,
        VstsSubscriptionHealthState health,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        _reconciler = reconciler;
        _leases = leases;
        _services = services;
        _options = options;
        _health = health;
        _time = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.AspNetCore.Reconciliation");
    }

    /// <summary>The job's name in its lease, <c>job:reconcile:{organization}</c>.</summary>
    internal const string JobName = "reconcile";

    /// <summary>The lease resource of an organization's reconciliation.</summary>
    public static string LeaseResource(string organizationId) => SyncLeases.Job(JobName, organizationId);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _installations = InstallationListing.Resolve(_services, "The reconciliation service");
        _health.Recorded += OnSubscriptionsChecked;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _health.Recorded -= OnSubscriptionsChecked;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reconciles every installation (or only <paramref name="integrationId"/>) once, each under its organization's lease.</summary>
    /// <returns>The results of the installations reconciled (skipped and failed ones are not in it).</returns>
    public async Task<IReadOnlyList<VstsReconcileResult>> RunOnceAsync(string? integrationId, CancellationToken cancellationToken)
    {
        var installations = _installations ?? throw new InvalidOperationException("The reconciliation service was not started.");
        var results = new List<VstsReconcileResult>();
        try
        {
            await foreach (var installation in installations.ListInstallationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (integrationId is null || string.Equals(installation.IntegrationId, integrationId, StringComparison.Ordinal))
                {
                    if (await ReconcileAsync(installation, cancellationToken).ConfigureAwait(false) is { } result)
                    {
                        results.Add(result);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AspNetCoreLog.ListingFailed(_logger, ex);
        }

        return results;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value;
        try
        {
            var due = _time.GetUtcNow() + options.FirstRunDelay;
            while (true)
            {
                // Wake for the next periodic run, or earlier for an installation that lost events.
                var wait = due - _time.GetUtcNow();
                string? only = null;
                var periodic = true;
                if (wait > TimeSpan.Zero)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(wait, _time, timeout.Token);
                    var trigger = _triggers.Reader.WaitToReadAsync(timeout.Token).AsTask();
                    var woke = await Task.WhenAny(delay, trigger).ConfigureAwait(false);
                    await timeout.CancelAsync().ConfigureAwait(false);
                    stoppingToken.ThrowIfCancellationRequested();
                    if (woke == trigger && _triggers.Reader.TryRead(out only))
                    {
                        periodic = false;
                    }
                }

                await RunOnceAsync(only, stoppingToken).ConfigureAwait(false);
                if (periodic)
                {
                    due = _time.GetUtcNow() + options.Interval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task<VstsReconcileResult?> ReconcileAsync(VstsInstallation installation, CancellationToken cancellationToken)
    {
        VstsReconcileResult? result = null;
        try
        {
            var ran = await SyncLeases.TryRunAsSingletonAsync(
                _leases,
                LeaseResource(installation.OrganizationId),
                _options.Value.LeaseTime,
                async ct => result = await _reconciler.ReconcileAsync(installation, ct).ConfigureAwait(false),
                _logger,
                cancellationToken).ConfigureAwait(false);
            if (!ran)
            {
                Skipped.Add(1);
                AspNetCoreLog.ReconcileSkipped(_logger, installation.IntegrationId);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AspNetCoreLog.ReconcileFailed(_logger, installation.IntegrationId, ex);
            return null;
        }
    }

    /// <summary>Subscriptions found on probation, disabled or recreated lost events: reconcile those installations now.</summary>
    private void OnSubscriptionsChecked(VstsSubscriptionRun run)
    {
        foreach (var check in run.Installations)
        {
            var lost = check.Report?.Subscriptions.FirstOrDefault(static s => s.Health is VstsSubscriptionHealth.OnProbation
                or VstsSubscriptionHealth.DisabledByUser
                or VstsSubscriptionHealth.DisabledByInactiveIdentity or VstsSubscriptionHealth.Recreated);
            if (lost is not null)
            {
                AspNetCoreLog.ReconcileTriggered(_logger, check.IntegrationId, lost.Health);
                _triggers.Writer.TryWrite(check.IntegrationId);
            }
        }
    }
}
