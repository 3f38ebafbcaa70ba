using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// <c>workitem.deleted</c>, handled only when the host registered <see cref="IWorkItemDeletionStore"/>
/// (the subscription manager subscribes to it then): every linked group is told, once per delivery, and once per
/// deletion through <see cref="WorkItemDeletions"/> (reconciliation that told it first leaves nothing to do). A singleton.
/// </summary>
internal sealed class WorkItemDeletedHandler(IGroupStore groups, IWorkItemDeletionStore deletions, WorkItemDeletions once, DeliveryClaims claims, ILogger logger)
{
    public async ValueTask<VstsWebhookResult> HandleAsync(VerifiedDelivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        if (delivery.Item is not { } item)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "the event names no work item.");
        }

        var changed = new List<string>();
        try
        {
            var claim = await claims.ClaimAsync(delivery, options.DeliveryRetention, cancellationToken).ConfigureAwait(false);
            await using var claimScope = claim.ConfigureAwait(false);
            if (claim.IsDuplicate)
            {
                InboundLog.Duplicate(logger, delivery.EventType, item.WorkItemId);
                return InboundAnswers.Duplicate(item);
            }

            await once.TellOnceAsync(
                delivery.OrganizationId,
                item.WorkItemId,
                item.Revision,
                ct => LinkedGroups.TellEachAsync(
                    groups, delivery, item.WorkItemId, nameof(IWorkItemDeletionStore), (group, source, c) => deletions.WorkItemDeletedAsync(group, item.WorkItemId, source, c), changed, ct),
                cancellationToken).ConfigureAwait(false);

            claim.Commit();
            InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
            return InboundAnswers.Applied(item, changed, "Applied; no group is linked to the work item.");
        }
        catch (HostStoreException failure)
        {
            InboundLog.StoreFailed(logger, failure.Store, delivery.Installation.IntegrationId, failure.InnerException!);
            return InboundAnswers.StoreFailed(item, options, changed);
        }
    }
}
