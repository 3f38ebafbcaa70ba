namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// State port: leases, so one holder at a time does a piece of work across every host instance:
/// the inbound handling of one work item (check, apply to the host, advance the watermark), the
/// refresh of one OAuth identity's tokens, one organization's background jobs (subscription
/// monitor, reconciliation). The default, <see cref="Sync.InMemorySyncLeaseStore"/>, serves one
/// process; hosts running several instances register a shared implementation (Redis).
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TryAcquireAsync"/> is a set-if-absent: of any number of callers,
/// on any number of instances, trying to take a free (or expired) lease at once, exactly one gets it.
/// <see cref="TryExtendAsync"/> and <see cref="ReleaseAsync"/> act only when the lease is still held
/// under the same <see cref="SyncLease.FencingToken"/>, so a holder whose lease expired and was taken by
/// another can neither extend nor release the new holder's lease.</para>
/// <para><b>Fencing:</b> every acquisition of a resource gets a fencing token greater than any earlier
/// one of that resource (within the store's lifetime), so work done under a lease that was lost can be
/// told from work done under the lease that replaced it.</para>
/// <para><b>Expiry:</b> a lease is held at most for the lease time given when it was taken or last
/// extended: a holder that crashed blocks others no longer than that.</para>
/// <para>Resources compare ordinally; the SDK builds them as <c>{kind}:{organization or identity}[:{id}]</c>.</para>
/// </remarks>
public interface ISyncLeaseStore
{
    /// <summary>Takes the lease on <paramref name="resource"/> if nobody holds it; does not wait.</summary>
    /// <param name="resource">What the lease covers, e.g. <c>workitem:{organization}:{id}</c>.</param>
    /// <param name="leaseTime">How long the lease holds unless extended or released; positive.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The lease, or <see langword="null"/> while another holder's lease stands.</returns>
    Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease that is still held under its fencing token (the fence check before work is committed).</summary>
    /// <param name="lease">The lease as acquired.</param>
    /// <param name="leaseTime">The new lease time, counted from now; positive.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns><see langword="true"/> when still held (now until <paramref name="leaseTime"/> from now); <see langword="false"/> when it was lost.</returns>
    Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease back if it is still held under its fencing token; releasing a lost lease does nothing.</summary>
    /// <param name="lease">The lease as acquired.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns><see langword="true"/> when this call released it; <see langword="false"/> when it had expired or been taken by another.</returns>
    Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default);
}
