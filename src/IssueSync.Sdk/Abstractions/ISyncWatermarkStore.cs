namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// State port: per Azure DevOps work item and synced field, the newest revision the inbound sync
/// applied to the host and the value it applied. A delivery changes a field only when its revision
/// is newer than that field's watermark, so deliveries that arrive late, twice or out of order
/// cannot move the host back, and an older revision that changed another field is still applied.
/// The default, <see cref="Sync.InMemorySyncWatermarkStore"/>, serves one process; hosts running
/// several instances register a shared implementation.
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TrySaveAsync"/> is a compare-and-set on
/// <see cref="SyncWatermark.Version"/>, per (organization, work item, field): of any number of
/// concurrent saves that read the same version, exactly one succeeds. The SDK builds "advance only
/// upward" on it (read, compare revisions, save; read again on a lost race).</para>
/// <para><b>Retention:</b> keep a work item's watermarks at least as long as Azure DevOps may redeliver
/// an event of it (about 36 hours) and as long as the reconciliation lookback (<c>VstsReconciliationOptions.Lookback</c>, 48 hours by default); the in-memory default
/// keeps them for 7 days after the item's last save. A forgotten watermark makes the next delivery
/// of that field count as the first one.</para>
/// <para>Organization ids are GUIDs whose case varies between payloads: compare them case-insensitively.</para>
/// </remarks>
public interface ISyncWatermarkStore
{
    /// <summary>Reads every field watermark of a work item.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The watermarks, one per field that has one; empty when nothing was applied yet.</returns>
    Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves one field's watermark if the stored one still has <paramref name="expectedVersion"/>
    /// (0: none is stored), as it is given but for <see cref="SyncWatermark.Version"/>, which the store
    /// sets: a value the field never had before (e.g. from a counter), so a version read before an item
    /// was forgotten never matches a later record.
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="watermark">The new watermark of <see cref="SyncWatermark.Field"/>.</param>
    /// <param name="expectedVersion">The version read, or 0 when none was stored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The saved record's new version (positive); 0 when another save came first.</returns>
    Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default);
}
