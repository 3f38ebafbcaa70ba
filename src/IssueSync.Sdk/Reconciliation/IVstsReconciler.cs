using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Reconciliation;

/// <summary>
/// Recovers changes whose webhooks were lost (a subscription on probation drops every event for up to about
/// 36 hours; a delivery that fails past its retries is dropped too): reads the organization's reporting revisions
/// feed since the installation's stored watermark and applies the changes of work items linked to host groups
/// through exactly the inbound rules a webhook goes through, so a change seen both ways is applied once.
/// </summary>
public interface IVstsReconciler
{
    /// <summary>
    /// Reads the revisions since the installation's reconciliation watermark (none stored: since now minus
    /// <see cref="VstsReconciliationOptions.Lookback"/>) up to the last batch, keeps those of work items linked to
    /// host groups (one <see cref="IGroupStore"/> batch lookup per batch), and applies their assignee and state
    /// changes: per field only the newest revision of a batch reaches the host, each through the resolve decision
    /// from the state last applied, the assignee mapping, the echo guard and the per-field watermarks. The watermark
    /// is advanced after each batch is applied, never before.
    /// </summary>
    /// <remarks>
    /// Runs of one organization should not overlap across host instances; the hosted reconciliation service takes
    /// the organization's lease. Two runs that do overlap apply nothing twice (the per-field watermarks), and the
    /// later watermark save of the two fails instead of moving the watermark back.
    /// </remarks>
    /// <param name="installation">The installation to reconcile.</param>
    /// <param name="cancellationToken">Cancels the run; the watermark stays at the last batch applied.</param>
    /// <returns>What the run read and what became of each change.</returns>
    /// <exception cref="Client.VstsApiException">Azure DevOps failed (after the client's retries); the watermark stays at the last batch applied.</exception>
    /// <remarks>
    /// A host or state store's own exception propagates as it was thrown, the watermark at the last batch applied.
    /// Another instance that holds a work item's lease past the wait (<c>Webhook:WorkItemLeaseWait</c>), takes it over,
    /// or saves one of its fields first stops the run without an exception: <see cref="VstsReconcileResult.ReachedEnd"/>
    /// is <see langword="false"/> and the watermark stays before that batch, so the next run does it again.
    /// </remarks>
    Task<VstsReconcileResult> ReconcileAsync(VstsInstallation installation, CancellationToken cancellationToken = default);
}
