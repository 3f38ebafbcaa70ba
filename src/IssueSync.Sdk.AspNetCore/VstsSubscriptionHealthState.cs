using IssueSync.Sdk.Subscriptions;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>The last completed run of the subscription monitor, read by the health check (and the reconciliation service). A singleton.</summary>
internal sealed class VstsSubscriptionHealthState
{
    private volatile VstsSubscriptionRun? _last;

    /// <summary>Raised after each run is recorded: reconciliation starts at once for installations that lost events.</summary>
    public event Action<VstsSubscriptionRun>? Recorded;

    public VstsSubscriptionRun? Last => _last;

    public void Record(VstsSubscriptionRun run)
    {
        _last = run;
        Recorded?.Invoke(run);
    }
}

/// <summary>One run of the monitor over every installation.</summary>
/// <param name="CompletedAt">When it ended.</param>
/// <param name="Installations">Each installation's report or failure.</param>
/// <param name="ListingFailure">Why the installations could not be listed, if they could not.</param>
internal sealed record VstsSubscriptionRun(DateTimeOffset CompletedAt, IReadOnlyList<VstsInstallationCheck> Installations, string? ListingFailure = null);

/// <summary>One installation's outcome: a report, or the message of the failure that stopped its check.</summary>
internal sealed record VstsInstallationCheck(string IntegrationId, VstsSubscriptionReport? Report, string? Failure = null);

/// <summary>Present when <c>AddSubscriptionMonitor</c> was called, so the health check can tell "not run yet" from "never runs".</summary>
internal sealed class VstsSubscriptionMonitorMarker;
