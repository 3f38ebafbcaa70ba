using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// <c>workitem.deleted</c> and <c>workitem.commented</c>, handled only when the host registered the
/// optional port (the subscription manager subscribes to them then). Their resource is the work item.
/// </summary>
internal sealed partial class InboundSyncHandler
{
    private async Task<VstsWebhookResult> HandleDeletedAsync(Delivery delivery, IWorkItemDeletionStore deletions, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        if (ReadWorkItem(delivery) is not { } workItemId)
        {
            return Ignored(delivery, "the event names no work item.");
        }

        return await ApplyToGroupsAsync(delivery, options, nameof(IWorkItemDeletionStore), (group, source, ct) => deletions.WorkItemDeletedAsync(group, workItemId, source, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<VstsWebhookResult> HandleCommentedAsync(Delivery delivery, ICommentStore comments, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        if (ReadComment(delivery) is not { } comment)
        {
            return Ignored(delivery, "the event names no work item or carries no comment text.");
        }

        var installation = delivery.Installation!;
        bool own;
        try
        {
            own = await IsOwnCommentAsync(delivery, comment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return StoreFailed(nameof(IDeliveryStore), installation.IntegrationId, ex, options);
        }

        if (own)
        {
            InboundLog.Echo(_logger, comment.WorkItemId, delivery.Revision);
            return Answer(200, VstsWebhookOutcome.Echo, "The comment is the SDK's own.");
        }

        return await ApplyToGroupsAsync(delivery, options, nameof(ICommentStore), (group, source, ct) => comments.AddCommentAsync(group, comment, source, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The comment is the SDK's when the ledger has its id (Comments API), when the ledger has the
    /// revision as a <c>System.History</c> write, or when a dedicated app identity wrote it.
    /// </summary>
    private async Task<bool> IsOwnCommentAsync(Delivery delivery, InboundComment comment, CancellationToken cancellationToken)
    {
        if (IsDedicatedIdentity(delivery.Installation!, delivery.RevisedById))
        {
            return true;
        }

        await WaitForOwnWritesAsync(delivery, comment.WorkItemId, cancellationToken).ConfigureAwait(false);

        if (comment.CommentId is { } commentId
            && await _deliveries.IsOwnCommentAsync(delivery.OrganizationId, comment.WorkItemId, commentId, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return delivery.Revision is { } revision
            && await _deliveries.FindOwnWriteAsync(delivery.OrganizationId, comment.WorkItemId, revision, cancellationToken).ConfigureAwait(false) is { } write
            && write.Fields.Contains(WorkItemFields.History);
    }

    /// <summary>Dedupes the delivery, then tells every linked group; a store failure answers 503 and gives the delivery back.</summary>
    private async Task<VstsWebhookResult> ApplyToGroupsAsync(
        Delivery delivery,
        VstsWebhookOptions options,
        string storeName,
        Func<LinkedGroup, ChangeSource, CancellationToken, Task> apply,
        CancellationToken cancellationToken)
    {
        var installation = delivery.Installation!;
        var workItemId = delivery.WorkItemId!.Value;
        var store = nameof(IDeliveryStore);
        DeliveryClaim? claim = null;
        var committed = false;
        var changed = new List<string>();
        try
        {
            claim = await ClaimAsync(delivery, options, cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                committed = true;
                InboundLog.Duplicate(_logger, delivery.EventType, workItemId);
                return Answer(200, VstsWebhookOutcome.Duplicate, "This delivery was handled before.");
            }

            store = nameof(IGroupStore);
            var groups = await _groups.FindLinkedGroupsAsync(installation.IntegrationId, workItemId, cancellationToken).ConfigureAwait(false);
            store = storeName;
            var source = ChangeSource.FromIntegration(installation.IntegrationId);
            foreach (var group in groups)
            {
                await apply(group, source, cancellationToken).ConfigureAwait(false);
                AddOnce(changed, group.GroupId);
            }

            committed = true;
            InboundLog.Applied(_logger, delivery.EventType, workItemId, delivery.Revision, changed.Count);
            return Answer(200, VstsWebhookOutcome.Applied, changed.Count == 0 ? "Applied; no group is linked to the work item." : "Applied.", changed: changed);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return StoreFailed(store, installation.IntegrationId, ex, options, changed);
        }
        finally
        {
            if (!committed)
            {
                await ReleaseAsync(claim).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The comment of a <c>workitem.commented</c> event: <c>System.History</c>, its author and date, and the comment id when sent.</summary>
    private static InboundComment? ReadComment(Delivery delivery)
    {
        if (ReadWorkItem(delivery) is not { } workItemId)
        {
            return null;
        }

        var body = delivery.Body.Span;
        ref readonly var fields = ref delivery.Envelope.Fields;
        if (fields.History.Current.GetString(body) is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var author = fields.ChangedBy.Current.GetIdentity(body);
        var createdAt = DateTimeOffset.TryParse(fields.ChangedDate.Current.GetString(body), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : (DateTimeOffset?)null;
        return new InboundComment(workItemId, delivery.Envelope.CommentId.GetInt32(body), text, author?.DisplayName, author?.Email ?? author?.UniqueName, createdAt);
    }
}
