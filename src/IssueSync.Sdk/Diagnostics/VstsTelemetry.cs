using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named
/// <see cref="Name"/>, and every instrument. Instruments are created once here so later
/// features (token refresh, webhooks) record into the same names.
/// </summary>
internal static class VstsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "IssueSync.Sdk";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(VstsTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(VstsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>HTTP answers received, per attempt. Tags: operation, status (0 when no answer).</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("issuesync.sdk.requests", "{request}", "HTTP requests sent to Azure DevOps, one per attempt.");

    /// <summary>Retries scheduled by the retry layer. Tags: operation.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("issuesync.sdk.retries", "{retry}", "Requests sent again after a transient failure.");

    /// <summary>Answers that asked the SDK to slow down (429, or Retry-After on a success). Tags: operation, status.</summary>
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>("issuesync.sdk.throttled", "{response}", "Answers from Azure DevOps that blocked or delayed the caller.");

    /// <summary>
    /// Duration of one public SDK operation, retries and waits included. Tags: operation, status
    /// (the HTTP status of a single-request operation; null for one of several requests or an
    /// <c>Issues.*</c> operation), error.kind.
    /// </summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("issuesync.sdk.operation.duration", "s", "Duration of SDK calls to Azure DevOps, retries included.");

    /// <summary>The latest <c>X-RateLimit-Remaining</c>. Tags: organization.</summary>
    public static readonly Gauge<double> RateLimitRemaining = Meter.CreateGauge<double>("issuesync.sdk.ratelimit.remaining", "{tstu}", "Azure DevOps throughput units left (X-RateLimit-Remaining).");

    /// <summary>The latest <c>X-RateLimit-Limit</c>. Tags: organization.</summary>
    public static readonly Gauge<double> RateLimitLimit = Meter.CreateGauge<double>("issuesync.sdk.ratelimit.limit", "{tstu}", "Azure DevOps throughput unit allowance (X-RateLimit-Limit).");

    /// <summary>Token refreshes (recorded by the authentication work). Tags: outcome.</summary>
    public static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>("issuesync.sdk.token.refreshes", "{refresh}", "Access token refreshes.");

    /// <summary>Webhook deliveries handled (recorded by the webhook work). Tags: outcome.</summary>
    public static readonly Counter<long> WebhookOutcomes = Meter.CreateCounter<long>("issuesync.sdk.webhook.outcomes", "{delivery}", "Service-hook deliveries by outcome.");
}
