namespace IssueSync.Sdk.AspNetCore;

/// <summary>Settings of the periodic reconciliation registered by <c>AddReconciliationService</c>.</summary>
public sealed class VstsReconciliationServiceOptions
{
    /// <summary>Time between reconciliations of every installation. Default 15 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Time from host start to the first reconciliation. Default 1 minute.</summary>
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the organization's lease (<c>job:reconcile:{organization id}</c>) is held for one run; a crashed
    /// instance blocks others no longer than this. Keep it above the longest run. Default 30 minutes.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromMinutes(30);
}
