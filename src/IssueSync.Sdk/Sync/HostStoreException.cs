namespace IssueSync.Sdk.Sync;

/// <summary>
/// A host or state store failed while a change was applied (from a delivery: answered 503 so Azure DevOps
/// sends it again; from reconciliation: the run stops before its watermark moves). Names the store, so the
/// log says which one; thrown where the store is called.
/// </summary>
/// <param name="store">The port that failed, e.g. <c>IGroupStore</c>.</param>
/// <param name="innerException">The store's exception.</param>
internal sealed class HostStoreException(string store, Exception innerException)
    : Exception($"The host's {store} failed.", innerException)
{
    public string Store { get; } = store;

    /// <summary>Whether an exception is the store's failure rather than this request's cancellation.</summary>
    public static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not HostStoreException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}

/// <summary>
/// Another delivery or reconciliation of the same work item came first: it saved a field's watermark first, or (with a
/// shared lease store) another instance held the work item's lease for longer than the wait, or took it over after this
/// one's lapsed. A delivery is answered 503 and delivered again later, when it is decided on what that one applied; a
/// reconciliation run stops before its watermark moves past the item, so the next run does it again.
/// </summary>
/// <param name="reason">What came first.</param>
internal sealed class ContendedException(string reason = "Another delivery of the work item saved the field first.") : Exception(reason);
