using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// <c>workitem.updated</c> and <c>workitem.created</c>: the assignee and state changes of a delivery
/// applied to the linked groups, field by field, through the inbound rules reconciliation shares
/// (<see cref="WorkItemChangeApplier"/>): claimed once, under the work item's gate (with a shared lease store, the
/// work item lease: busy or lost is answered 503). A singleton.
/// </summary>
internal sealed class WorkItemChangeHandler(
    IGroupStore groups,
    DeliveryClaims claims,
    WorkItemChangeApplier applier,
    WorkItemGate gate,
    ILogger logger)
{
    private readonly InboundOffNotice _offNotice = new(logger);

    public async ValueTask<VstsWebhookResult> HandleAsync(VerifiedDelivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        var settings = delivery.Installation.SyncSettings;
        _offNotice.Check(delivery, settings);
        if (!settings.AssigneeInbound && !settings.StatusInbound)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "inbound sync is off for this installation.");
        }

        if (WorkItemChangeReader.Read(delivery, settings) is not { } change)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "the event names no work item.");
        }

        if (change.Listed == OwnFields.None)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "no field the sync follows changed.");
        }

        var changed = new List<string>();
        try
        {
            var claim = await claims.ClaimAsync(delivery, options.DeliveryRetention, cancellationToken).ConfigureAwait(false);
            await using var claimScope = claim.ConfigureAwait(false);
            if (claim.IsDuplicate)
            {
                InboundLog.Duplicate(logger, delivery.EventType, change.Item.WorkItemId);
                return InboundAnswers.Duplicate(change.Item);
            }

            // Check, apply and record of one item's revisions never interleave: within this process, and across
            // instances when a shared lease store is registered (each watermark write then checks the fence first).
            var entry = await gate.EnterAsync(delivery.OrganizationId, change.Item.WorkItemId, options.WorkItemLeaseTime, options.WorkItemLeaseWait, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await ApplyAsync(delivery, change, entry, changed, cancellationToken).ConfigureAwait(false);
                claim.Commit();
                return result;
            }
            finally
            {
                // Not a using: the entry is a struct, and the hot path boxes nothing.
                await entry.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (HostStoreException failure)
        {
            // The claim was given back and only applied fields' watermarks moved: the redelivery applies what is missing.
            InboundLog.StoreFailed(logger, failure.Store, delivery.Installation.IntegrationId, failure.InnerException!);
            return InboundAnswers.StoreFailed(change.Item, options, changed);
        }
        catch (ContendedException)
        {
            // Another delivery of the item came first (another instance saved the field, held or took over the
            // item's lease): this one is delivered again later.
            return InboundAnswers.StoreFailed(change.Item, options, changed);
        }
    }

    /// <summary>Applies the delivery's change through the shared inbound rules and answers for it.</summary>
    private async ValueTask<VstsWebhookResult> ApplyAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, List<string> changed, CancellationToken cancellationToken)
    {
        var item = change.Item;
        var linked = new LinkedGroupsOnce(groups, delivery.Installation.IntegrationId, item.WorkItemId);
        var applied = await applier.ApplyAsync(delivery.Installation, change, entry, linked, changed, applyOthers: true, cancellationToken).ConfigureAwait(false);
        switch (applied.Outcome)
        {
            case ChangeOutcome.Stale:
                InboundLog.Stale(logger, item.WorkItemId, item.Revision ?? 0, applied.NewestApplied);
                return InboundAnswers.Answer(200, VstsWebhookOutcome.Stale, "A newer revision of every changed field was applied already.", item, changed: changed);
            case ChangeOutcome.Echo:
                InboundLog.Echo(logger, item.WorkItemId, item.Revision);
                return InboundAnswers.Echo(item, "The change is the SDK's own write.");
            case ChangeOutcome.FinishedPending:
                InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
                return InboundAnswers.Applied(item, changed, "Applied what an earlier delivery of the work item left pending.");
            default:
                InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
                return InboundAnswers.Applied(item, changed, "Applied; no group needed a change.");
        }
    }
}
