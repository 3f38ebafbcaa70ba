using System.Diagnostics.Metrics;
using IssueSync.Sdk.Diagnostics;

namespace IssueSync.Sdk.Reconciliation;

/// <summary>Reconciliation's instruments, on the SDK's meter.</summary>
internal static class ReconciliationTelemetry
{
    /// <summary>Runs. Tags: outcome (completed, stopped, failed, skipped).</summary>
    public static readonly Counter<long> Runs = VstsTelemetry.Meter.CreateCounter<long>("issuesync.sdk.reconcile.runs", "{run}", "Reconciliation runs by outcome.");

    /// <summary>Runs that failed (Azure DevOps, a store, a contended field).</summary>
    public static readonly Counter<long> Failures = VstsTelemetry.Meter.CreateCounter<long>("issuesync.sdk.reconcile.failures", "{run}", "Reconciliation runs that failed.");

    /// <summary>Changes whose webhook was lost, applied by reconciliation.</summary>
    public static readonly Counter<long> Repaired = VstsTelemetry.Meter.CreateCounter<long>("issuesync.sdk.reconcile.repaired", "{change}", "Changes applied by reconciliation because their webhook was lost.");

    /// <summary>How long after it was made a repaired change was applied (now minus the revision's change date).</summary>
    public static readonly Histogram<double> Lag = VstsTelemetry.Meter.CreateHistogram<double>("issuesync.sdk.reconcile.lag", "s", "Time between a change in Azure DevOps and its repair by reconciliation.");
}
