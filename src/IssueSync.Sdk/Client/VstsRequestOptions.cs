namespace IssueSync.Sdk.Client;

/// <summary>
/// Keys of what each request carries in <see cref="HttpRequestMessage.Options"/> for the handlers
/// of the shared pipeline: the connection (for authentication), the SDK operation name (for
/// errors, logs and metrics) and whether the request is safe to resend (for the retry policy).
/// Hosts read the operation and the idempotency mark through <see cref="VstsHttpRequestMessageExtensions"/>;
/// the keys stay internal so no handler outside the SDK can set them or read the connection's credential.
/// </summary>
internal static class VstsRequestOptions
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

    private static readonly object True = true;
    private static readonly object False = false;
    private static readonly object[] SmallNumbers = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    /// <summary>Sets a flag without boxing it anew (<see cref="HttpRequestOptions.Set{TValue}"/> boxes every call).</summary>
    internal static void SetFlag(HttpRequestOptions options, HttpRequestOptionsKey<bool> key, bool value) =>
        ((IDictionary<string, object?>)options)[key.Key] = value ? True : False;

    /// <summary>Sets a small count (an attempt number) from a cache of boxes; larger ones are boxed as usual.</summary>
    internal static void SetCount(HttpRequestOptions options, HttpRequestOptionsKey<int> key, int value) =>
        ((IDictionary<string, object?>)options)[key.Key] = (uint)value < (uint)SmallNumbers.Length ? SmallNumbers[value] : value;
}
