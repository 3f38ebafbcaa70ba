namespace IssueSync.Sdk.Client;

/// <summary>
/// Keys of what each request carries in <see cref="HttpRequestMessage.Options"/> for the handlers
/// of the shared pipeline: the connection (for authentication), the SDK operation name (for
/// errors, logs and metrics) and whether the request is safe to resend (for the retry policy).
/// </summary>
public static class VstsRequestOptions
{
    /// <summary>The <see cref="VstsConnection"/> the request belongs to.</summary>
    public static readonly HttpRequestOptionsKey<VstsConnection> Connection = new("IssueSync.Sdk.Connection");

    /// <summary>The SDK operation, e.g. <c>WorkItems.Get</c>.</summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("IssueSync.Sdk.Operation");

    /// <summary>
    /// <see langword="true"/> when resending the request cannot apply a change twice: reads
    /// (including WIQL, batch and search POSTs) and updates guarded by <c>test /rev</c>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> IsIdempotent = new("IssueSync.Sdk.IsIdempotent");

    /// <summary>Where the retry layer records what happened to earlier attempts (only on requests that ask for it).</summary>
    internal static readonly HttpRequestOptionsKey<VstsAttemptState> AttemptState = new("IssueSync.Sdk.AttemptState");

    /// <summary>The 1-based attempt number, set by the SDK's per-attempt handler.</summary>
    internal static readonly HttpRequestOptionsKey<int> Attempt = new("IssueSync.Sdk.Attempt");
}
