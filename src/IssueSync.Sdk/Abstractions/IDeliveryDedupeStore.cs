namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// State port: which webhook deliveries the inbound sync has taken on, so a delivery Azure DevOps
/// sends again (a retry, a duplicate) is applied at most once. The default,
/// <see cref="Sync.InMemoryDeliveryDedupeStore"/>, serves one process; hosts running several
/// instances register a shared implementation (Redis, a database table).
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TryClaimAsync"/> is a set-if-absent: when any number of callers,
/// on any number of instances, claim the same id at once, exactly one gets <see langword="true"/>.</para>
/// <para><b>Retention:</b> a claim must be kept at least for the retention given with it (Azure DevOps
/// retries a delivery for about 36 hours); after that it may be forgotten. An expired claim counts
/// as absent.</para>
/// </remarks>
public interface IDeliveryDedupeStore
{
    /// <summary>Claims a delivery id, atomically, for <paramref name="retention"/>.</summary>
    /// <param name="deliveryId">The id, scoped by the caller: e.g. <c>{organization}:notification:{subscription}:{notification}</c>.</param>
    /// <param name="retention">How long the claim must be kept.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> for the first claim; <see langword="false"/> while an earlier claim holds.</returns>
    Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a claim back because the delivery was not applied (a host store failed, the request was
    /// cancelled), so Azure DevOps' redelivery is taken on again. Releasing an id nobody holds does nothing.
    /// </summary>
    /// <param name="deliveryId">The id given to <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the claim is gone.</returns>
    Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default);
}
