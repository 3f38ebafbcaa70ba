namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// State port: how far each installation's reconciliation has applied the organization's reporting revisions
/// feed (<see cref="ReconciliationWatermark"/>). The default, <see cref="Sync.InMemoryReconciliationStateStore"/>,
/// serves one process; hosts running several instances register a shared implementation (Redis, their database).
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="TrySaveAsync"/> is a compare-and-set on the version the store assigned:
/// it saves only when the stored watermark's <see cref="ReconciliationWatermark.Version"/> is still
/// <c>expectedVersion</c> (0: nothing stored), and then assigns a greater version. Continuation tokens are
/// opaque, so "only forward" cannot be checked on them; the version makes a run that read an older watermark
/// (a run whose lease expired while another took over) fail its save instead of moving the watermark back.</para>
/// <para><b>Retention:</b> as long as the installation exists. A lost watermark is not a loss of data: the next
/// run starts again from now minus the lookback and applies nothing twice (the per-field watermarks of
/// <see cref="ISyncWatermarkStore"/> hold), but changes older than the lookback are no longer looked at.</para>
/// <para>Keys are the organization id (compared case-insensitively, as the SDK stores it for the installation)
/// and the integration id (ordinal).</para>
/// </remarks>
public interface IReconciliationStateStore
{
    /// <summary>Reads an installation's watermark.</summary>
    /// <param name="organizationId">The Azure DevOps organization (collection) id.</param>
    /// <param name="integrationId">The installation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The watermark, or <see langword="null"/> when none was saved.</returns>
    Task<ReconciliationWatermark?> GetAsync(string organizationId, string integrationId, CancellationToken cancellationToken = default);

    /// <summary>Saves an installation's watermark if the stored one is still the one read (compare-and-set).</summary>
    /// <param name="organizationId">The Azure DevOps organization (collection) id.</param>
    /// <param name="integrationId">The installation.</param>
    /// <param name="expectedVersion">The <see cref="ReconciliationWatermark.Version"/> read; 0 when none was stored.</param>
    /// <param name="continuationToken">The feed's continuation token after the last batch applied; not empty.</param>
    /// <param name="changedDate">The change date of the newest revision applied (for the lag), or of the previous watermark when the batch had none.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The watermark as saved, with its new version; <see langword="null"/> when the stored version was not <paramref name="expectedVersion"/>.</returns>
    Task<ReconciliationWatermark?> TrySaveAsync(string organizationId, string integrationId, long expectedVersion, string continuationToken, DateTimeOffset? changedDate, CancellationToken cancellationToken = default);
}
