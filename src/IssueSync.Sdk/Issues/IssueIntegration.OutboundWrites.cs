using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What every outbound write shares: the read-decide-write loop guarded by <c>test /rev</c>, its
/// bounded retries on conflicts, and the write ledger the inbound side reads to skip echoes (a
/// pending entry recorded before the write is sent, confirmed with the revision it produced).
/// </summary>
internal sealed partial class IssueIntegration
{
    /// <summary>The fields an outbound decision reads: nothing else is fetched.</summary>
    private static readonly string[] SyncReadFields =
        [WorkItemFields.State, WorkItemFields.WorkItemType, WorkItemFields.TeamProject, WorkItemFields.AssignedTo];

    /// <summary>
    /// Reads the work item, lets <paramref name="change"/> decide (skip, or which fields to write), and
    /// writes guarded by the revision read. One loop: a write that loses to a concurrent edit
    /// (<see cref="VstsErrorKind.Conflict"/>: 412 or <c>TF26071</c>) is read and decided again, so a change
    /// that meanwhile happened anyway ends as a skip, and after
    /// <see cref="VstsOutboundSyncOptions.MaxConflictRetries"/> retries it is a typed conflict; a
    /// rejection the change learns from (<see cref="IOutboundChange.LearnFrom"/>) is decided again too.
    /// </summary>
    private async Task<OutboundSyncResult> ReadDecideWriteAsync(int id, IOutboundChange change, CancellationToken cancellationToken)
    {
        var maxRetries = Math.Max(0, _services.Outbound.MaxConflictRetries);
        var conflicts = 0;
        while (true)
        {
            var item = await ReadForSyncAsync(id, cancellationToken).ConfigureAwait(false);
            var plan = await change.DecideAsync(item, cancellationToken).ConfigureAwait(false);
            if (plan.Skip is { } skip)
            {
                return skip;
            }

            var patch = WorkItemPatch.ForUpdate(plan.Fields!).WithRevisionTest(item.Revision);
            try
            {
                var written = await WriteOwnAsync(id, plan.Written, item.Revision + 1, patch, cancellationToken).ConfigureAwait(false);
                return change.Result(written);
            }
            catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.Conflict)
            {
                if (++conflicts > maxRetries)
                {
                    IssueSyncLog.WriteConflictPersisted(_services.Logger, id, conflicts);
                    throw new IssueIntegrationException(
                        $"Work item {Key(id)} kept changing while it was synced: {conflicts} writes lost to concurrent edits. Try again later.",
                        IssueIntegrationErrorKind.Conflict,
                        innerException: ex);
                }

                IssueSyncLog.WriteConflict(_services.Logger, id, item.Revision, conflicts);
            }
            catch (VstsApiException ex) when (change.LearnFrom(ex))
            {
                // The change learned something from the rejection: decide again on a fresh read.
            }
        }
    }

    /// <summary>
    /// Sends one update of the SDK's own: recorded in the ledger as pending before it is sent (so its
    /// webhook, wherever it lands, is recognised even before the answer), confirmed with the revision
    /// it produced, removed when it failed.
    /// </summary>
    /// <param name="id">The work item.</param>
    /// <param name="written">The fields set, with the values written.</param>
    /// <param name="expectedRevision">The revision a guarded write produces; <see langword="null"/> when unguarded.</param>
    /// <param name="patch">The patch.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The work item as written.</returns>
    private async Task<WorkItem> WriteOwnAsync(int id, IReadOnlyDictionary<string, string?> written, int? expectedRevision, WorkItemPatch patch, CancellationToken cancellationToken)
    {
        var pending = await _ownWrites.BeginAsync(_installation.OrganizationId, id, written, expectedRevision, cancellationToken).ConfigureAwait(false);
        await using var pendingScope = pending.ConfigureAwait(false);
        var item = await KeepPendingWhenUnknown(pending, () => Translate(() => _client.WorkItems.UpdateAsync(id, patch, cancellationToken: cancellationToken))).ConfigureAwait(false);
        await pending.ConfirmAsync(item.Revision, cancellationToken).ConfigureAwait(false);
        return item;
    }

    /// <summary>
    /// Sends a write covered by a pending ledger entry; when its outcome is unknown the entry stays, so
    /// the webhook of a write that landed after all is still the SDK's own, not a person's change.
    /// </summary>
    private static async Task<T> KeepPendingWhenUnknown<T>(PendingOwnWrite pending, Func<Task<T>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (ex.IsOutcomeUnknown)
        {
            pending.KeepPending();
            throw;
        }
    }

    private Task<WorkItem> ReadForSyncAsync(int id, CancellationToken cancellationToken) =>
        Translate(() => _client.WorkItems.GetAsync(id, new GetWorkItemOptions { Fields = SyncReadFields }, cancellationToken));

    private static OutboundSyncResult Skipped(OutboundSyncOutcome outcome, int id, string reason, int? revision = null) =>
        new() { Outcome = outcome, WorkItemId = id, Reason = reason, Revision = revision };

    private static OutboundSyncResult Disabled(int id, string setting) =>
        Skipped(OutboundSyncOutcome.Disabled, id, $"The installation's sync settings have {setting} switched off.");

    /// <summary>
    /// One outbound change as the read-decide-write loop drives it. Its state across loop turns (what it
    /// looked up, what Azure DevOps rejected) lives in the implementation's fields.
    /// </summary>
    private interface IOutboundChange
    {
        /// <summary>Decides on a fresh read: a result without a write, or the fields to write.</summary>
        ValueTask<OutboundPlan> DecideAsync(WorkItem item, CancellationToken cancellationToken);

        /// <summary>The result of the written work item.</summary>
        OutboundSyncResult Result(WorkItem written);

        /// <summary>Tells whether a rejected write is worth deciding again (e.g. a rejected state with a fallback left).</summary>
        bool LearnFrom(VstsApiException rejection);
    }

    /// <summary>What a decision chose: a result without a write, or the fields to write.</summary>
    private sealed record OutboundPlan
    {
        /// <summary>The result when nothing is written.</summary>
        public OutboundSyncResult? Skip { get; init; }

        /// <summary>The fields to write (the loop adds <c>test /rev</c>).</summary>
        public WorkItemUpdateFields? Fields { get; init; }

        /// <summary>The reference names the write sets, with the values written, for the ledger.</summary>
        public IReadOnlyDictionary<string, string?> Written { get; init; } = EmptyWritten;

        public static OutboundPlan Done(OutboundSyncResult result) => new() { Skip = result };

        public static OutboundPlan Write(WorkItemUpdateFields fields, string field, string? value) =>
            new() { Fields = fields, Written = new Dictionary<string, string?>(1, StringComparer.Ordinal) { [field] = value } };

        private static readonly IReadOnlyDictionary<string, string?> EmptyWritten = new Dictionary<string, string?>(StringComparer.Ordinal);
    }
}
