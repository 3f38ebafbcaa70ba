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

    /// <summary>
    /// How long an attempt may go without an answer before <see cref="OnWait"/> hears of it
    /// (<see cref="VstsWaitReason.NoAnswerYet"/>), and again every such interval until the answer
    /// comes or the attempt times out. Default 10 seconds; <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns these notices off. Otherwise between 1 second and
    /// 1 hour. Without <see cref="OnWait"/> nothing is timed.
    /// </summary>
    public TimeSpan NoAnswerNotice { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Called before every wait of a request, so a host can show progress instead of silence (e.g.
    /// <c>throttled by Azure DevOps, waiting 12 s</c>): before a retry after a 429 or a
    /// <c>Retry-After</c> (<see cref="VstsWaitReason.Throttled"/>) or after a transient failure
    /// (<see cref="VstsWaitReason.Retrying"/>), before a request held by the organization's pacing
    /// (<see cref="VstsWaitReason.Paced"/>), and every <see cref="NoAnswerNotice"/> while an attempt has
    /// no answer (<see cref="VstsWaitReason.NoAnswerYet"/>). Default <see langword="null"/> (set it in
    /// code: configuration never sets it).
    /// </summary>
    /// <remarks>
    /// <para>Called synchronously on the request's path (the no-answer notice on a timer thread),
    /// possibly from several requests at once: keep it short and thread-safe. An exception it throws is
    /// logged (event 5102) and otherwise ignored: it never fails or changes the request.</para>
    /// <para>The <see cref="VstsRequestWait"/> carries no header, token or query string. Retry waits
    /// come from the SDK's own retry policy: after <see cref="IVstsIssueSyncBuilder.UseResilience"/>
    /// replaces it, only the pacing and no-answer notices remain.</para>
    /// </remarks>
    public Action<VstsRequestWait>? OnWait { get; set; }
}
