namespace IssueSync.Sdk.Client;

/// <summary>
/// What the retry layer learned while sending one request, for the area client that sent it:
/// whether an earlier attempt got no usable answer and so may have been applied by the server.
/// </summary>
internal sealed class VstsAttemptState
{
    /// <summary>
    /// <see langword="true"/> once an attempt ended without an answer (timeout, network failure) or
    /// with a server error, and the request was sent again.
    /// </summary>
    public bool EarlierAttemptMayHaveLanded { get; set; }

    /// <summary>
    /// Whether a failure without an HTTP answer happened before the request could be sent: the
    /// connection (or its TLS handshake, or the name lookup) failed, so the server never saw it.
    /// </summary>
    public static bool NeverSent(Exception? failure)
    {
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the last attempt's failure, or an earlier one, may have been applied: no answer after the
    /// request may have left, a server error (5xx or 408; not a 503 with <c>Retry-After</c>, Azure
    /// DevOps' "not processed, come back later"), or a success whose body could not be read.
    /// </summary>
    public bool MayHaveLanded(VstsApiException failure) =>
        EarlierAttemptMayHaveLanded
        || failure.Kind is VstsErrorKind.InvalidResponse
        || (failure.StatusCode is { } status
            ? IsServerFailure((int)status, failure.RetryAfter is not null)
            : !NeverSent(failure.InnerException));

    /// <summary>Whether an answer of <paramref name="status"/> may follow an applied request.</summary>
    public static bool IsServerFailure(int status, bool hasRetryAfter) =>
        status is 408 || (status >= 500 && !(status == 503 && hasRetryAfter));
}
