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
}
