namespace IssueSync.Sdk.Client;

/// <summary>One Azure DevOps call as an area client describes it, before it becomes an <see cref="HttpRequestMessage"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Uri">The absolute request URI, query included.</param>
/// <param name="ApiVersion">The pinned api-version, sent in the <c>Accept</c> header.</param>
/// <param name="Operation">The SDK operation name, e.g. <c>WorkItems.Get</c>.</param>
/// <param name="IsIdempotent">Whether resending cannot apply a change twice.</param>
/// <param name="Content">The body, already serialized (so it can be replayed), or <see langword="null"/>.</param>
/// <param name="AttemptState">Receives what the retry layer saw of earlier attempts, when the caller needs it.</param>
/// <param name="WorkItemId">The work item the call is about, when there is one (a span tag).</param>
/// <param name="InOperation">
/// <see langword="true"/> for one request of a public operation of several requests, which opens
/// the operation's span, metric and failure log itself (see <see cref="Diagnostics.VstsOperationScope"/>);
/// <see langword="false"/> when the request is the whole operation.
/// </param>
internal readonly record struct VstsRequest(
    HttpMethod Method,
    Uri Uri,
    string ApiVersion,
    string Operation,
    bool IsIdempotent,
    HttpContent? Content = null,
    VstsAttemptState? AttemptState = null,
    int? WorkItemId = null,
    bool InOperation = false)
{
    /// <summary>
    /// Whether the request may change what Azure DevOps holds: every method but GET, except the POSTs
    /// that only read (WIQL, batch, search, subscription queries), which are the idempotent POSTs. A
    /// change whose answer is lost has an unknown outcome (<see cref="VstsApiException.IsOutcomeUnknown"/>).
    /// </summary>
    public bool ChangesState => Method != HttpMethod.Get && !(Method == HttpMethod.Post && IsIdempotent);
}
