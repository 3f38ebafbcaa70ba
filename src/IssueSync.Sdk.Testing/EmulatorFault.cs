namespace IssueSync.Sdk.Testing;

/// <summary>What an <see cref="EmulatorFault"/> does to a request, and at which point.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Before processing: an error status (4xx or 5xx), nothing applied.</summary>
    Status,

    /// <summary>Before processing: a 203 with Azure DevOps' HTML sign-in page, as an expired session gets; nothing applied.</summary>
    SignInPage,

    /// <summary>The connection is reset before the request arrives: nothing applied, no answer.</summary>
    ResetBeforeArrival,

    /// <summary>The request is applied, then the connection is reset: the answer is lost.</summary>
    ResetAfterApply,

    /// <summary>The request is applied, then answered with a 5xx instead of its real answer.</summary>
    StatusAfterApply,

    /// <summary>The request is applied, the answer is held (past the client's timeout), then the connection is reset.</summary>
    HoldAnswerAfterApply,

    /// <summary>No answer (the connection is reset); the request is applied later, after the client has given up.</summary>
    LateCommit,

    /// <summary>The request is processed as usual after a delay.</summary>
    Latency,

    /// <summary>The request is processed as usual; its answer carries <c>Retry-After</c> and <c>X-RateLimit-*</c> headers.</summary>
    ThrottlingWarning,

    /// <summary>The request is applied; the answer is a 200 whose JSON body is cut off.</summary>
    MalformedBody,
}

/// <summary>
/// A failure the <see cref="VstsEmulator"/> plays on a request a <see cref="FaultRule"/> matches.
/// Make one with the factory methods; each says at which point the request fails and whether the
/// organization's state changes: <see cref="Status(int, TimeSpan?)"/>, <see cref="SignInPage"/> and
/// <see cref="ResetBeforeArrival"/> apply nothing; <see cref="ResetAfterApply"/>,
/// <see cref="StatusAfterApply"/>, <see cref="HoldAnswerAfterApply"/> and <see cref="MalformedBody"/>
/// apply the request and lose its answer; <see cref="LateCommit"/> applies it only after the
/// client has given up; <see cref="Latency"/> and <see cref="ThrottlingWarning"/> answer it as usual.
/// Delays run on <see cref="VstsEmulatorOptions.TimeProvider"/>, so a test with a fake clock
/// decides when they end.
/// </summary>
public sealed record EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>What the fault does.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The status answered (<see cref="EmulatorFaultKind.Status"/>, <see cref="EmulatorFaultKind.StatusAfterApply"/>), else <see langword="null"/>.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>The <c>Retry-After</c> sent in seconds (rounded up), if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The <c>Retry-After</c> sent as an HTTP date, if any.</summary>
    public DateTimeOffset? RetryAfterDate { get; private init; }

    /// <summary>
    /// <see cref="EmulatorFaultKind.Latency"/>: the wait before processing; <see cref="EmulatorFaultKind.LateCommit"/>:
    /// how long after the request arrived it is applied. Zero for the other kinds.
    /// </summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>
    /// <see cref="EmulatorFaultKind.HoldAnswerAfterApply"/> and <see cref="EmulatorFaultKind.LateCommit"/>: how long the
    /// connection is held open without an answer before it is reset (it ends sooner when the client gives up). Zero otherwise.
    /// </summary>
    public TimeSpan HoldAnswerFor { get; private init; }

    /// <summary>Whether the request still changes the organization (at once, or later for a late commit).</summary>
    public bool AppliesRequest => Kind is not (EmulatorFaultKind.Status or EmulatorFaultKind.SignInPage or EmulatorFaultKind.ResetBeforeArrival);

    /// <summary>Whether the request is applied but the client never sees its real answer.</summary>
    public bool LosesAnswer => AppliesRequest && Kind is not (EmulatorFaultKind.Latency or EmulatorFaultKind.ThrottlingWarning);

    /// <summary>
    /// Fails the request before it is processed with <paramref name="statusCode"/> and an Azure DevOps error
    /// body; nothing is applied. A 429 carries the TF400733 body and the <c>X-RateLimit-*</c> headers.
    /// </summary>
    /// <param name="statusCode">The status, 400 to 599.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> to send in whole seconds (rounded up), if any.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 4xx or 5xx, or <paramref name="retryAfter"/> is negative.</exception>
    public static EmulatorFault Status(int statusCode, TimeSpan? retryAfter = null)
    {
        RequireErrorStatus(statusCode, 400);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        return new(EmulatorFaultKind.Status) { StatusCode = statusCode, RetryAfter = retryAfter };
    }

    /// <summary>
    /// Fails the request before it is processed with <paramref name="statusCode"/>, with <c>Retry-After</c>
    /// as an HTTP date (RFC 9110 allows either form); nothing is applied.
    /// </summary>
    /// <param name="statusCode">The status, 400 to 599.</param>
    /// <param name="retryAfterDate">The date to send in <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 4xx or 5xx.</exception>
    public static EmulatorFault Status(int statusCode, DateTimeOffset retryAfterDate)
    {
        RequireErrorStatus(statusCode, 400);
        return new(EmulatorFaultKind.Status) { StatusCode = statusCode, RetryAfterDate = retryAfterDate };
    }

    /// <summary>
    /// Answers 203 with Azure DevOps' HTML sign-in page, as a request with an expired session gets it,
    /// whatever the request's credentials and <c>X-TFS-FedAuthRedirect</c> header; nothing is applied.
    /// </summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault SignInPage() => new(EmulatorFaultKind.SignInPage);

    /// <summary>Resets the connection before the request is processed (its body is not read): nothing is applied, no answer.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault ResetBeforeArrival() => new(EmulatorFaultKind.ResetBeforeArrival);

    /// <summary>Processes the request (a write is applied), then resets the connection: the client sees a network error.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault ResetAfterApply() => new(EmulatorFaultKind.ResetAfterApply);

    /// <summary>Processes the request (a write is applied), then answers <paramref name="statusCode"/> instead of its answer.</summary>
    /// <param name="statusCode">The status, 500 to 599.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 5xx.</exception>
    public static EmulatorFault StatusAfterApply(int statusCode)
    {
        RequireErrorStatus(statusCode, 500);
        return new(EmulatorFaultKind.StatusAfterApply) { StatusCode = statusCode };
    }

    /// <summary>
    /// Processes the request (a write is applied), then holds the answer for <paramref name="holdFor"/> and
    /// resets the connection. Give a hold longer than the client's timeout to make the client time out;
    /// the hold ends early when the client disconnects.
    /// </summary>
    /// <param name="holdFor">How long to hold the answer, more than zero.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="holdFor"/> is zero or negative.</exception>
    public static EmulatorFault HoldAnswerAfterApply(TimeSpan holdFor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(holdFor, TimeSpan.Zero, nameof(holdFor));
        return new(EmulatorFaultKind.HoldAnswerAfterApply) { HoldAnswerFor = holdFor };
    }

    /// <summary>
    /// Reads the request, answers nothing (holds the connection for <paramref name="holdAnswerFor"/>, then resets it),
    /// and applies the request <paramref name="applyAfter"/> after it arrived, as if the server committed it after the
    /// client gave up: a lookup right after the failure finds nothing, a later one finds the change. Any request that
    /// arrives once the commit is due (on <see cref="VstsEmulatorOptions.TimeProvider"/>) waits for it to be applied
    /// first, so the order on the emulator's clock holds however late a busy machine runs the timer. The late
    /// processing's answer is discarded; <see cref="EmulatedRequest.ProcessedStatusCode"/> records it, and
    /// <see cref="VstsEmulator.WaitForLateCommitsAsync"/> waits for it.
    /// </summary>
    /// <param name="applyAfter">How long after arrival the request is applied, zero or more.</param>
    /// <param name="holdAnswerFor">How long to hold the connection before the reset; zero resets at once.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A duration is negative.</exception>
    public static EmulatorFault LateCommit(TimeSpan applyAfter, TimeSpan holdAnswerFor = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(applyAfter, TimeSpan.Zero, nameof(applyAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(holdAnswerFor, TimeSpan.Zero, nameof(holdAnswerFor));
        return new(EmulatorFaultKind.LateCommit) { Delay = applyAfter, HoldAnswerFor = holdAnswerFor };
    }

    /// <summary>Waits <paramref name="delay"/> before processing the request, then answers it as usual.</summary>
    /// <param name="delay">The added latency, more than zero.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is zero or negative.</exception>
    public static EmulatorFault Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero, nameof(delay));
        return new(EmulatorFaultKind.Latency) { Delay = delay };
    }

    /// <summary>
    /// Answers the request as usual, with <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers added: Azure
    /// DevOps' warning, on a success, that the caller is being throttled and should slow down.
    /// </summary>
    /// <param name="retryAfter">The <c>Retry-After</c> to send in whole seconds (rounded up), zero or more.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public static EmulatorFault ThrottlingWarning(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero, nameof(retryAfter));
        return new(EmulatorFaultKind.ThrottlingWarning) { RetryAfter = retryAfter };
    }

    /// <summary>
    /// Processes the request (a write is applied), then answers 200 with the first half of its JSON body,
    /// which no JSON reader accepts.
    /// </summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault MalformedBody() => new(EmulatorFaultKind.MalformedBody);

    private static void RequireErrorStatus(int statusCode, int lowest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
    }
}
