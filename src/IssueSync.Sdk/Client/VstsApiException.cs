using System.Net;
using IssueSync.Sdk.Diagnostics;

namespace IssueSync.Sdk.Client;

/// <summary>
/// The one exception the SDK throws for a failed Azure DevOps call. HTTP, transport and retry
/// library exceptions never leak: they are wrapped here with a <see cref="Kind"/>.
/// </summary>
/// <remarks>
/// The message names the operation, the HTTP status and Azure DevOps' own message. It never
/// contains a token, a personal access token or a secret.
/// </remarks>
public class VstsApiException : Exception, IErrorKindSource
{
    /// <summary>Creates an exception of kind <see cref="VstsErrorKind.Unknown"/>.</summary>
    public VstsApiException()
        : this("The Azure DevOps call failed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="VstsErrorKind.Unknown"/> with a message.</summary>
    /// <param name="message">What failed.</param>
    public VstsApiException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception of kind <see cref="VstsErrorKind.Unknown"/> with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public VstsApiException(string message, Exception? innerException)
        : this(message, VstsErrorKind.Unknown, statusCode: null, innerException: innerException)
    {
    }

    /// <summary>Creates a fully described exception; hosts can use it to fake failures in their tests.</summary>
    /// <param name="message">What failed, for people.</param>
    /// <param name="kind">The classification callers branch on.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no HTTP answer arrived.</param>
    /// <param name="errorCode">The <c>TFnnnnnn</c>/<c>VSnnnnnn</c> code at the start of Azure DevOps' message.</param>
    /// <param name="typeKey">Azure DevOps' exception class name (<c>typeKey</c>).</param>
    /// <param name="serviceMessage">Azure DevOps' own <c>message</c> text.</param>
    /// <param name="activityId">The <c>ActivityId</c> Azure DevOps logged the request under.</param>
    /// <param name="retryAfter">How long the server asked the caller to wait, when it said so.</param>
    /// <param name="operation">The SDK operation that failed, e.g. <c>WorkItems.Get</c>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public VstsApiException(
        string message,
        VstsErrorKind kind,
        HttpStatusCode? statusCode = null,
        string? errorCode = null,
        string? typeKey = null,
        string? serviceMessage = null,
        string? activityId = null,
        TimeSpan? retryAfter = null,
        string? operation = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        TypeKey = typeKey;
        ServiceMessage = serviceMessage;
        ActivityId = activityId;
        RetryAfter = retryAfter;
        Operation = operation;
    }

    /// <summary>The classification callers branch on.</summary>
    public VstsErrorKind Kind { get; }

    /// <inheritdoc />
    string IErrorKindSource.ErrorKind => Kind.ToString();

    /// <summary>The HTTP status code; <see langword="null"/> for timeouts and network failures.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>TFnnnnnn</c> or <c>VSnnnnnn</c> code at the start of Azure DevOps' message (e.g. <c>TF401320</c>), if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>Azure DevOps' exception class name (the <c>typeKey</c> of the error body), e.g. <c>WorkItemNotFoundException</c>.</summary>
    public string? TypeKey { get; }

    /// <summary>Azure DevOps' own <c>message</c> text, when the error body carried one.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The <c>ActivityId</c> response header: quote it to Microsoft support to find the request.</summary>
    public string? ActivityId { get; }

    /// <summary>How long the server asked the caller to wait (<c>Retry-After</c>), when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The SDK operation that failed, e.g. <c>WorkItems.Get</c>.</summary>
    public string? Operation { get; }

    /// <summary>
    /// <see langword="true"/> when the request may have been applied although it failed: it changes
    /// state (a create, an update, a comment, a delete), and an attempt got no answer (a timeout, a
    /// connection lost after it was sent), a server error (5xx, 408) or a success whose body could not
    /// be read. Azure DevOps may hold the change or not; resending it blindly can apply it twice.
    /// Independent of <see cref="IsTransient"/>, which says whether trying again may succeed. Reads and
    /// requests that never left (the connection could not be made) are never unknown.
    /// </summary>
    public bool IsOutcomeUnknown { get; internal set; }

    /// <summary>
    /// <see langword="true"/> when retrying the same request later may succeed: rate limiting,
    /// unavailability, timeouts, network failures and server errors.
    /// </summary>
    public bool IsTransient => Kind is VstsErrorKind.RateLimited or VstsErrorKind.Unavailable
        or VstsErrorKind.Timeout or VstsErrorKind.Network or VstsErrorKind.Server;
}
