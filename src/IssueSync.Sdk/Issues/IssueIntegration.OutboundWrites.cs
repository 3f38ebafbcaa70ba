using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What every outbound write shares: the read-decide-write loop guarded by <c>test /rev</c>, its
/// bounded retries on conflicts, and the write ledger the inbound side reads to skip echoes.
/// </summary>
internal sealed partial class IssueIntegration
{
    /// <summary>The fields an outbound decision reads: nothing else is fetched.</summary>
    private static readonly string[] SyncReadFields =
        [WorkItemFields.State, WorkItemFields.WorkItemType, WorkItemFields.TeamProject, WorkItemFields.AssignedTo];

    /// <summary>
    /// Reads the work item, lets <paramref name="decide"/> choose (skip, or which fields to write),
    /// and writes guarded by the revision read. A write that loses to a concurrent edit
    /// (<see cref="VstsErrorKind.Conflict"/>: 412 or <c>TF26071</c>) is re-read and re-decided, so a
    /// change that meanwhile happened anyway ends as a skip; after
    /// <see cref="VstsOutboundSyncOptions.MaxConflictRetries"/> retries it is a typed conflict.
    /// </summary>
    private async Task<OutboundSyncResult> ReadDecideWriteAsync(int id, Func<WorkItem, CancellationToken, ValueTask<OutboundPlan>> decide, CancellationToken cancellationToken)
    {
        var maxRetries = Math.Max(0, _services.Outbound.MaxConflictRetries);
        for (var attempt = 1; ; attempt++)
        {
            var item = await ReadForSyncAsync(id, cancellationToken).ConfigureAwait(false);
            var plan = await decide(item, cancellationToken).ConfigureAwait(false);
            if (plan.Skip is { } skip)
            {
                return skip;
            }

            var patch = WorkItemPatch.ForUpdate(plan.Fields!).WithRevisionTest(item.Revision);
            WorkItem written;
            using (BeginOwnWrite(id))
            {
                try
                {
                    written = await Translate(() => _client.WorkItems.UpdateAsync(id, patch, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
                catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.Conflict)
                {
                    if (attempt > maxRetries)
                    {
                        IssueSyncLog.WriteConflictPersisted(_services.Logger, id, attempt);
                        throw new IssueIntegrationException(
                            $"Work item {Key(id)} kept changing while it was synced: {attempt} writes lost to concurrent edits. Try again later.",
                            IssueIntegrationErrorKind.Conflict,
                            innerException: ex);
                    }

                    IssueSyncLog.WriteConflict(_services.Logger, id, item.Revision, attempt);
                    continue;
                }
                catch (VstsApiException ex) when (plan.RetryAfterRejection?.Invoke(ex) == true)
                {
                    continue; // the plan learned something from the rejection: decide again on a fresh read
                }

                await RecordOwnWriteAsync(id, written.Revision, plan.ChangedFields, cancellationToken).ConfigureAwait(false);
            }

            return plan.Written!(written);
        }
    }

    private Task<WorkItem> ReadForSyncAsync(int id, CancellationToken cancellationToken) =>
        Translate(() => _client.WorkItems.GetAsync(id, new GetWorkItemOptions { Fields = SyncReadFields }, cancellationToken));

    /// <summary>
    /// Marks a write to the item as in flight until its ledger entry is recorded: the webhook of the
    /// write can arrive first, and the inbound side waits for this before it looks for the entry.
    /// </summary>
    private InFlightWrites.Scope BeginOwnWrite(int id) => _services.InFlightWrites.Begin(_installation.OrganizationId, id);

    /// <summary>Records a revision the SDK produced, so the inbound side recognises its webhook as an echo.</summary>
    private Task RecordOwnWriteAsync(int id, int revision, IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        _deliveryStore.RecordOwnWriteAsync(new OwnWrite(_installation.OrganizationId, id, revision, fields), cancellationToken);

    private static OutboundSyncResult Skipped(OutboundSyncOutcome outcome, int id, string reason, int? revision = null) =>
        new() { Outcome = outcome, WorkItemId = id, Reason = reason, Revision = revision };

    private static OutboundSyncResult Disabled(int id, string setting) =>
        Skipped(OutboundSyncOutcome.Disabled, id, $"The installation's sync settings have {setting} switched off.");

    /// <summary>What a decision chose: a result without a write, or the fields to write and how to report them.</summary>
    private sealed record OutboundPlan
    {
        /// <summary>The result when nothing is written.</summary>
        public OutboundSyncResult? Skip { get; init; }

        /// <summary>The fields to write (the loop adds <c>test /rev</c>).</summary>
        public WorkItemUpdateFields? Fields { get; init; }

        /// <summary>The reference names the write changes, for the ledger.</summary>
        public IReadOnlyCollection<string> ChangedFields { get; init; } = [];

        /// <summary>Builds the result from the written work item.</summary>
        public Func<WorkItem, OutboundSyncResult>? Written { get; init; }

        /// <summary>Tells whether a failed write is worth deciding again (e.g. a rejected state with a fallback left).</summary>
        public Func<VstsApiException, bool>? RetryAfterRejection { get; init; }

        public static OutboundPlan Done(OutboundSyncResult result) => new() { Skip = result };
    }
}
