namespace IssueSync.Sdk.Client;

/// <summary>
/// What the SDK marks on each request it sends, read-only, for handlers a host adds to the SDK's
/// client (through <see cref="IVstsIssueSyncBuilder.UseResilience"/> or
/// <see cref="IVstsIssueSyncBuilder.HttpClientBuilder"/>): whether the request is safe to resend,
/// and the SDK operation it belongs to.
/// </summary>
public static class VstsHttpRequestMessageExtensions
{
    /// <summary>
    /// <see langword="true"/> when resending the request cannot apply a change twice: reads
    /// (including WIQL, batch and search POSTs), deletes and updates guarded by <c>test /rev</c>.
    /// A replacement retry policy should resend other requests (a create, a comment, an unguarded
    /// update) only when the answer says they were not processed (429, or 503 with <c>Retry-After</c>),
    /// as the SDK's own policy does. <see langword="false"/> for a request the SDK did not send.
    /// </summary>
    /// <param name="request">A request passing through the SDK's client.</param>
    /// <returns>Whether the request is safe to resend.</returns>
    public static bool IsVstsIdempotent(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) && idempotent;
    }

    /// <summary>
    /// The SDK operation the request belongs to, e.g. <c>WorkItems.Get</c> or <c>WorkItems.Create</c>
    /// (the names of the SDK's spans and metrics); <see langword="null"/> for a request the SDK did not send.
    /// </summary>
    /// <param name="request">A request passing through the SDK's client.</param>
    /// <returns>The operation name, or <see langword="null"/>.</returns>
    public static string? GetVstsOperation(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : null;
    }
}
