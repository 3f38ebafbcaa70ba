using System.Globalization;
using System.Net;

namespace IssueSync.Sdk.Resilience;

/// <summary>Why a request to Azure DevOps is waiting (see <see cref="VstsRequestWait"/>).</summary>
public enum VstsWaitReason
{
    /// <summary>
    /// Azure DevOps asked the SDK to slow down: it answered 429, or another failure with a
    /// <c>Retry-After</c>. The SDK waits the time it asked for (capped at
    /// <see cref="VstsResilienceOptions.MaxRetryAfter"/>), then sends the request again.
    /// </summary>
    Throttled,

    /// <summary>
    /// The attempt failed in a way that may pass (a 5xx or 408 answer, a network failure, or no
    /// answer within <see cref="VstsResilienceOptions.AttemptTimeout"/>): the SDK backs off, then
    /// sends the request again.
    /// </summary>
    Retrying,

    /// <summary>
    /// An earlier successful answer carried a <c>Retry-After</c> for this organization: the SDK holds
    /// this request until that time before sending it.
    /// </summary>
    Paced,

    /// <summary>
    /// The attempt was sent and has had no answer for <see cref="VstsRequestWait.Delay"/> so far; the
    /// SDK keeps waiting (up to <see cref="VstsResilienceOptions.AttemptTimeout"/>). Raised every
    /// <see cref="VstsResilienceOptions.NoAnswerNotice"/>.
    /// </summary>
    NoAnswerYet,
}

/// <summary>
/// One wait of one request to Azure DevOps, given to <see cref="VstsResilienceOptions.OnWait"/> just
/// before the SDK waits (or, for <see cref="VstsWaitReason.NoAnswerYet"/>, while it waits). It carries
/// no header, token or query string: safe to print or log as is.
/// </summary>
public sealed class VstsRequestWait
{
    /// <summary>Creates a notification (the SDK makes them; public for hosts' tests).</summary>
    /// <param name="reason">Why the request waits.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="requestUri">The request URI; its query, fragment and user info are dropped.</param>
    /// <param name="attempt">See <see cref="Attempt"/>; at least 1.</param>
    /// <param name="delay">See <see cref="Delay"/>; not negative.</param>
    /// <param name="operation">The SDK operation, e.g. <c>Projects.List</c>, when known.</param>
    /// <param name="statusCode">The status of the answer that caused the wait, when there was one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1 or <paramref name="delay"/> is negative.</exception>
    public VstsRequestWait(VstsWaitReason reason, HttpMethod method, Uri? requestUri, int attempt, TimeSpan delay, string? operation = null, HttpStatusCode? statusCode = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Reason = reason;
        Method = method;
        RequestUri = WithoutQuery(requestUri);
        Attempt = attempt;
        Delay = delay;
        Operation = operation;
        StatusCode = statusCode;
    }

    /// <summary>Why the request waits.</summary>
    public VstsWaitReason Reason { get; }

    /// <summary>The SDK operation, e.g. <c>Projects.List</c> or <c>WorkItems.Create</c>, when known.</summary>
    public string? Operation { get; }

    /// <summary>The HTTP method of the request.</summary>
    public HttpMethod Method { get; }

    /// <summary>
    /// Scheme, host, port and path of the request, e.g. <c>https://dev.azure.com/fabrikam/_apis/projects</c>:
    /// never a query string or user info.
    /// </summary>
    public Uri? RequestUri { get; }

    /// <summary>
    /// The attempt the wait is about (1-based): for <see cref="VstsWaitReason.Throttled"/> and
    /// <see cref="VstsWaitReason.Retrying"/> the attempt that failed (attempt <c>Attempt + 1</c> follows
    /// the wait); for <see cref="VstsWaitReason.Paced"/> the attempt about to be sent; for
    /// <see cref="VstsWaitReason.NoAnswerYet"/> the attempt waiting for its answer.
    /// </summary>
    public int Attempt { get; }

    /// <summary>
    /// How long the SDK is about to wait; for <see cref="VstsWaitReason.NoAnswerYet"/>, how long the
    /// attempt has waited for its answer so far. A retry may wait zero when
    /// <see cref="VstsResilienceOptions.BaseDelay"/> is zero.
    /// </summary>
    public TimeSpan Delay { get; }

    /// <summary>
    /// The status of the answer that caused the wait (429, 503...); <see langword="null"/> when there
    /// was none (network failure, attempt timeout, pacing, no answer yet).
    /// </summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// A one-line description, e.g. <c>throttled by Azure DevOps (429), waiting 12 s before retrying
    /// Projects.List</c> or <c>no answer yet from https://dev.azure.com/fabrikam/_apis/projects (Projects.List, 10 s)</c>.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var what = Operation ?? $"{Method.Method} {RequestUri}";
        var seconds = FormatSeconds(Delay);
        var status = StatusCode is { } code ? $" ({(int)code})" : string.Empty;
        return Reason switch
        {
            VstsWaitReason.Throttled => $"throttled by Azure DevOps{status}, waiting {seconds} before retrying {what}",
            VstsWaitReason.Retrying => $"{what} failed ({(StatusCode is { } failed ? ((int)failed).ToString(CultureInfo.InvariantCulture) + ", " : string.Empty)}attempt {Attempt.ToString(CultureInfo.InvariantCulture)}), retrying in {seconds}",
            VstsWaitReason.Paced => $"Azure DevOps asked to slow down, holding {what} for {seconds}",
            _ => $"no answer yet from {RequestUri} ({(Operation is null ? string.Empty : Operation + ", ")}{seconds})",
        };
    }

    /// <summary><c>12 s</c>, <c>1.5 s</c>, <c>0.25 s</c>: seconds with at most two decimals.</summary>
    internal static string FormatSeconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    private static Uri? WithoutQuery(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            ? new Uri(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped))
            : uri is { IsAbsoluteUri: true } ? uri : null;
}
