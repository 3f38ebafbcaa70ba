using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="IDeliveryDedupeStore"/>: claims held in process memory, exact under
/// concurrency within <b>one process</b> and forgotten on restart. A host running several instances
/// behind a load balancer registers a shared implementation instead (Redis, a database table), or
/// each instance would take on its own copy of a redelivered event.
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TryClaimAsync"/> is a set-if-absent: of any number of concurrent
/// claims of one id, exactly one returns <see langword="true"/>; an expired claim counts as absent, and
/// of the callers claiming it again exactly one wins.</para>
/// <para><b>Retention:</b> a claim is kept for exactly the retention given with it, counted from the
/// claim on the <see cref="TimeProvider"/>'s clock, and counts as absent from then on. Its memory is
/// reclaimed a few claims at a time by later calls (a write looks at no more than four of the oldest
/// claims), never by a sweep: a claim does the same work with ten million ids held as with none (its
/// time grows only as any hash table's does once it outgrows the processor's caches), and the memory
/// held is bounded by the claims made within the longest retention in use: about 100 bytes a claim
/// besides the id string the caller passed (224 bytes for the SDK's 93-character ids).</para>
/// <para>Delivery ids compare ordinally (case-sensitively).</para>
/// </remarks>
public sealed class InMemoryDeliveryDedupeStore : IDeliveryDedupeStore
{
    private readonly ExpiringMap<string, bool> _claims;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemoryDeliveryDedupeStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock claims expire by.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public InMemoryDeliveryDedupeStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _claims = new ExpiringMap<string, bool>(timeProvider, StringComparer.Ordinal);
    }

    /// <summary>Claims held in memory, expired ones not reclaimed yet included (tests and diagnostics).</summary>
    internal int Count => _claims.Count;

    /// <summary>
    /// Claims <paramref name="deliveryId"/> for <paramref name="retention"/>: atomic within this process
    /// (exactly one of any number of concurrent claims of one id succeeds), completes synchronously.
    /// </summary>
    /// <param name="deliveryId">The id, scoped by the caller.</param>
    /// <param name="retention">How long the claim is kept; positive.</param>
    /// <param name="cancellationToken">Checked before the claim is made: a cancelled call claims nothing.</param>
    /// <returns><see langword="true"/> for the first claim; <see langword="false"/> while an earlier, unexpired claim holds.</returns>
    /// <exception cref="ArgumentException"><paramref name="deliveryId"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="deliveryId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is zero or negative.</exception>
    public Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        return Task.FromResult(_claims.TryAdd(deliveryId, true, retention));
    }

    /// <summary>
    /// Removes the claim on <paramref name="deliveryId"/>, so the next claim of it succeeds; releasing
    /// an id nobody holds does nothing. The removal is immediate and atomic.
    /// </summary>
    /// <param name="deliveryId">The id given to <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">
    /// Not observed: a release typically follows a cancelled request and must still happen, and the
    /// in-memory removal cannot be left half done.
    /// </param>
    /// <returns>A completed task.</returns>
    /// <exception cref="ArgumentException"><paramref name="deliveryId"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="deliveryId"/> is <see langword="null"/>.</exception>
    public Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        _claims.TryRemove(deliveryId);
        return Task.CompletedTask;
    }
}
