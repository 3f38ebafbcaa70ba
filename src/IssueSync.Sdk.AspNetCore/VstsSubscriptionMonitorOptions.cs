namespace IssueSync.Sdk.AspNetCore;

/// <summary>Settings of the periodic subscription check registered by <c>AddSubscriptionMonitor</c>.</summary>
public sealed class VstsSubscriptionMonitorOptions
{
    /// <summary>The absolute https URL of the host's webhook endpoint (<c>MapVstsWebhook</c>), used for subscriptions created again. Required.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Time between checks of every installation. Default 6 hours (Azure DevOps probation lasts about 36).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Time from host start to the first check, so it does not compete with start-up. Default 1 minute.</summary>
    public TimeSpan FirstCheckDelay { get; set; } = TimeSpan.FromMinutes(1);
}
