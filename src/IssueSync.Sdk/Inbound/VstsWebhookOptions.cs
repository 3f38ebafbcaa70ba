namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Settings of the inbound webhook handling, bound from <c>IssueSync:Vsts:Webhook</c> (a part of
/// <see cref="VstsIssueSyncOptions"/>).
/// </summary>
public sealed class VstsWebhookOptions
{
    /// <summary>Azure DevOps caps a service-hook payload at 2 MB; the default adds a 64 KB margin.</summary>
    public const long DefaultMaxBodyBytes = (2 * 1024 * 1024) + (64 * 1024);

    /// <summary>The largest body accepted; larger ones are answered 413. Default <see cref="DefaultMaxBodyBytes"/>.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The header that carries the shared secret. Default <c>Shared-Secret</c>.</summary>
    public string SecretHeaderName { get; set; } = "Shared-Secret";

    /// <summary>
    /// Also accept the secret as the password of Basic authentication (<c>Authorization: Basic</c>),
    /// for subscriptions created with basic credentials instead of a custom header. Default off.
    /// </summary>
    public bool AcceptBasicAuthentication { get; set; }

    /// <summary>How long a delivery id is remembered for dedupe. Azure DevOps retries for about 36 hours; default 48 hours.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The <c>Retry-After</c> sent with a 503 when a host store fails. Default 60 seconds.</summary>
    public TimeSpan StoreFailureRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With a shared lease store (several host instances): how long the lease over one work item's handling
    /// (check, apply to the host, advance the watermark) holds before it lapses, so an instance that crashed
    /// mid-delivery blocks that item no longer. It is checked before every watermark write: on this instance's clock
    /// while more than half of it is left, else by extending it in the store; a delivery whose lease lapsed is answered
    /// 503 without advancing. Reconciliation takes the same lease with the same time (a run whose
    /// lease lapsed stops before its watermark). Default 30 seconds.
    /// </summary>
    public TimeSpan WorkItemLeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With a shared lease store: how long a delivery waits for the work item's lease while another instance
    /// handles the same item before it is answered 503 (Azure DevOps delivers it again). Zero tries once.
    /// Reconciliation waits as long for an item, then stops the run before its watermark (the next run does it again).
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan WorkItemLeaseWait { get; set; } = TimeSpan.FromSeconds(10);
}
