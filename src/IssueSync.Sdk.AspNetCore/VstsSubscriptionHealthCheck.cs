using System.Globalization;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>
/// Reports the subscription state the monitor's last run found: unhealthy (the registration's failure
/// status) when an installation's check failed, the installations could not be listed, or a subscription
/// is disabled or failing; degraded when one is on probation, in an unknown status, or a secret rotation
/// is unfinished; healthy otherwise. Without a monitor registered it is healthy and says the
/// subscriptions are not monitored (a host that never subscribes webhooks is not broken). Never runs a
/// check itself, so probes stay cheap.
/// </summary>
internal sealed class VstsSubscriptionHealthCheck(VstsSubscriptionHealthState state, bool monitorRegistered) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!monitorRegistered)
        {
            // Nothing watches the subscriptions, so nothing is known to be wrong: a host that has not
            // set up webhooks yet must not be reported down for it.
            return Task.FromResult(HealthCheckResult.Healthy(
                "Subscriptions are not monitored: to check them periodically, call AddSubscriptionMonitor (with the webhook callback URL) on the builder AddVstsIssueSync returns."));
        }

        if (state.Last is not { } run)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No subscription check has run yet."));
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["checkedAt"] = run.CompletedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        if (run.ListingFailure is not null)
        {
            data["listing"] = run.ListingFailure;
            unhealthy.Add("the installations could not be listed");
        }

        foreach (var check in run.Installations)
        {
            if (check.Report is not { } report)
            {
                data[check.IntegrationId] = "check failed: " + check.Failure;
                unhealthy.Add(check.IntegrationId);
                continue;
            }

            data[check.IntegrationId] = report.NotSubscribed
                ? "not subscribed"
                : string.Join("; ", report.Subscriptions.Select(static s => $"{s.EventType}: {s.Health}"));
            if (report.Subscriptions.Any(static s => s.Health is VstsSubscriptionHealth.Failed or VstsSubscriptionHealth.DisabledByUser or VstsSubscriptionHealth.DisabledByInactiveIdentity))
            {
                unhealthy.Add(check.IntegrationId);
            }
            else if (report.RotationPending || report.Subscriptions.Any(static s => s.Health is VstsSubscriptionHealth.OnProbation or VstsSubscriptionHealth.UnknownStatus))
            {
                degraded.Add(check.IntegrationId);
            }
        }

        var result = unhealthy.Count > 0
            ? new HealthCheckResult(context.Registration.FailureStatus, $"Events are not delivered for: {string.Join(", ", unhealthy)}.", data: data)
            : degraded.Count > 0
                ? HealthCheckResult.Degraded($"Deliveries are at risk for: {string.Join(", ", degraded)}.", data: data)
                : HealthCheckResult.Healthy($"{run.Installations.Count} installations checked; every subscription delivers.", data);
        return Task.FromResult(result);
    }
}
