namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Retry and timeout settings of the SDK's default resilience setup, bound from
/// <c>IssueSync:Vsts:Resilience</c>. Ignored once the host replaces the setup with
/// <see cref="IVstsIssueSyncBuilder.UseResilience"/>.
/// </summary>
public sealed class VstsResilienceOptions
{
    /// <summary>
    /// How many times a failed request is resent (0 turns retries off). Default 4, at most 10.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// The first back-off delay when the server gives no <c>Retry-After</c>; each further retry
    /// doubles it, with jitter. Default 1 second; zero is allowed (tests).
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> the SDK honours; a longer one is waited only this long.
    /// Also caps the back-off. Default 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before it is abandoned (and retried when allowed). Default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request may take across all attempts and waits. Default 90 seconds. It replaces
    /// <see cref="HttpClient.Timeout"/>, which the SDK turns off on its client (a policy set with
    /// <see cref="IVstsIssueSyncBuilder.UseResilience"/> gets the 100-second default back).
    /// </summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
