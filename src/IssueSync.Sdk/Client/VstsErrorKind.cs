namespace IssueSync.Sdk.Client;

/// <summary>
/// What went wrong with an Azure DevOps call, in terms a caller can act on. Every
/// <see cref="VstsApiException"/> carries exactly one kind.
/// </summary>
public enum VstsErrorKind
{
    /// <summary>The failure could not be classified (only for exceptions built without a kind).</summary>
    Unknown = 0,

    /// <summary>
    /// The credential was missing, expired or rejected (401), or Azure DevOps answered with an HTML
    /// sign-in page or a redirect instead of data. Re-authenticate; retrying as is will not help.
    /// </summary>
    Unauthorized,

    /// <summary>The identity is authenticated but lacks permission (403).</summary>
    Forbidden,

    /// <summary>The resource does not exist or is not visible to the identity (404, 410).</summary>
    NotFound,

    /// <summary>
    /// The write lost a race: 409, 412 (a failed <c>test /rev</c>), or <c>TF26071</c> ("changed by
    /// someone else"). Re-read, re-decide and retry.
    /// </summary>
    Conflict,

    /// <summary>Azure DevOps blocked the request for exceeding its rate limits (429, <c>TF400733</c>).</summary>
    RateLimited,

    /// <summary>The request was rejected as invalid (400 and other 4xx), e.g. a rule error <c>TF401320</c>.</summary>
    Validation,

    /// <summary>Azure DevOps failed while handling the request (500 and other 5xx not listed under <see cref="Unavailable"/>).</summary>
    Server,

    /// <summary>The service is temporarily unavailable (502, 503, 504).</summary>
    Unavailable,

    /// <summary>No answer arrived in time (a client timeout, or 408 from the server).</summary>
    Timeout,

    /// <summary>The request never got an HTTP answer: DNS, connection or TLS failure.</summary>
    Network,

    /// <summary>Azure DevOps answered with success, but the body was not the JSON the operation expects.</summary>
    InvalidResponse,
}
