namespace IssueSync.Sdk.Testing;

/// <summary>
/// When the emulator tries a webhook again, on the clock of <see cref="VstsEmulatorOptions.TimeProvider"/>.
/// <see cref="AzureDevOps"/> is Azure DevOps' schedule: a transient failure (408, 502, 503, 504) is
/// retried 8 times over about 3 minutes; a subscription on probation gets 7 probation retries over
/// about 36 hours. Give a test a <c>FakeTimeProvider</c> and advance it, or a schedule made shorter
/// with <see cref="ScaledBy"/>, so that no test waits that long. Immutable.
/// </summary>
public sealed class WebhookDeliverySchedule
{
    /// <summary>Creates a schedule.</summary>
    /// <param name="retryDelays">
    /// The waits before each retry of a transient failure, the first after the first attempt; as many
    /// retries as delays (none when empty). After the last, the failure counts as enduring.
    /// </param>
    /// <param name="probationRetryDelays">
    /// The waits before each probation retry, the first after the failure that put the subscription
    /// on probation; as many probation retries as delays (at least one). A failure of the last one
    /// disables the subscription (<c>disabledBySystem</c>).
    /// </param>
    public WebhookDeliverySchedule(IEnumerable<TimeSpan> retryDelays, IEnumerable<TimeSpan> probationRetryDelays)
    {
        ArgumentNullException.ThrowIfNull(retryDelays);
        ArgumentNullException.ThrowIfNull(probationRetryDelays);
        RetryDelays = [.. retryDelays];
        ProbationRetryDelays = [.. probationRetryDelays];
        if (RetryDelays.Concat(ProbationRetryDelays).Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(retryDelays), "A delay cannot be negative.");
        }

        if (ProbationRetryDelays.Count == 0)
        {
            throw new ArgumentException("Probation takes at least one retry.", nameof(probationRetryDelays));
        }
    }

    /// <summary>
    /// Azure DevOps' schedule (service hooks troubleshooting page): retries after 1, 2, 4, 8, 16, 32,
    /// 60 and 60 s (about 183 s); probation retries after 20 min, 40 min, 1 h 20, 2 h 40, 5 h 20,
    /// 10 h 40 and 15 h (about 36 h). The default of <see cref="VstsEmulatorOptions.DeliverySchedule"/>.
    /// </summary>
    public static WebhookDeliverySchedule AzureDevOps { get; } = new(
        [.. new[] { 1, 2, 4, 8, 16, 32, 60, 60 }.Select(s => TimeSpan.FromSeconds(s))],
        [.. new[] { 20, 40, 80, 160, 320, 640, 900 }.Select(m => TimeSpan.FromMinutes(m))]);

    /// <summary>The waits before each retry of a transient failure, in order.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    /// <summary>The waits before each probation retry, in order.</summary>
    public IReadOnlyList<TimeSpan> ProbationRetryDelays { get; }

    /// <summary>
    /// The same schedule with every delay multiplied by <paramref name="factor"/>, e.g. <c>0.001</c>
    /// for retries after 1 ms … 60 ms and probation retries after 1.2 s … 54 s on a real clock.
    /// </summary>
    /// <param name="factor">The multiplier, zero or more.</param>
    /// <returns>A new schedule with as many retries.</returns>
    public WebhookDeliverySchedule ScaledBy(double factor)
    {
        if (!double.IsFinite(factor) || factor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be a finite number, zero or more.");
        }

        return new(RetryDelays.Select(d => d * factor), ProbationRetryDelays.Select(d => d * factor));
    }
}
