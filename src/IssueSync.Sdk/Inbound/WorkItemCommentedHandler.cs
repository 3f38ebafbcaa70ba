using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// <c>workitem.commented</c>, handled only when the host registered <see cref="ICommentStore"/>: the
/// comment is added to every linked group once. The SDK's own comments (by comment id, by a pending or
/// confirmed <c>System.History</c> write of that revision, or by a dedicated identity) are skipped; a
/// comment already applied (keyed by its comment id) is not applied again. A singleton.
/// </summary>
internal sealed class WorkItemCommentedHandler(
    IGroupStore groups,
    ICommentStore comments,
    DeliveryClaims claims,
    FieldWatermarks watermarks,
    OwnWriteTracker ownWrites,
    WorkItemGate gate,
    ILogger logger)
{
    public async ValueTask<VstsWebhookResult> HandleAsync(VerifiedDelivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        if (delivery.Item is not { } item || ReadComment(delivery, item) is not { } comment)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "the event names no work item or carries no comment text.");
        }

        var changed = new List<string>();
        try
        {
            if (await IsOwnCommentAsync(delivery, item, comment, cancellationToken).ConfigureAwait(false))
            {
                InboundLog.Echo(logger, item.WorkItemId, item.Revision);
                return InboundAnswers.Echo(item, "The comment is the SDK's own.");
            }

            var claim = await claims.ClaimAsync(delivery, options.DeliveryRetention, cancellationToken).ConfigureAwait(false);
            await using var claimScope = claim.ConfigureAwait(false);
            if (claim.IsDuplicate)
            {
                InboundLog.Duplicate(logger, delivery.EventType, item.WorkItemId);
                return InboundAnswers.Duplicate(item);
            }

            var entry = await gate.EnterAsync(delivery.OrganizationId, item.WorkItemId, options.WorkItemLeaseTime, options.WorkItemLeaseWait, cancellationToken).ConfigureAwait(false);
            await using var entryScope = entry.ConfigureAwait(false);
            var key = comment.CommentId is { } commentId ? WorkItemFields.History + "#" + commentId.ToString(CultureInfo.InvariantCulture) : null;
            var applied = key is null ? null : FieldWatermarks.Find(await ReadWatermarksAsync(delivery, item, cancellationToken).ConfigureAwait(false), key);
            if (applied is not null)
            {
                // Another event of the same comment (e.g. through a second subscription) was applied.
                claim.Commit();
                InboundLog.Duplicate(logger, delivery.EventType, item.WorkItemId);
                return InboundAnswers.Duplicate(item);
            }

            await LinkedGroups.TellEachAsync(
                groups, delivery, item.WorkItemId, nameof(ICommentStore), (group, source, ct) => comments.AddCommentAsync(group, comment, source, ct), changed, cancellationToken).ConfigureAwait(false);

            if (key is not null)
            {
                // Under a work item lease: a lease that lapsed records nothing, and the redelivery decides again.
                await entry.CheckFenceAsync(item.WorkItemId, cancellationToken).ConfigureAwait(false);
                await RecordAsync(delivery, item, key, cancellationToken).ConfigureAwait(false);
            }

            claim.Commit();
            InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
            return InboundAnswers.Applied(item, changed, "Applied; no group is linked to the work item.");
        }
        catch (HostStoreException failure)
        {
            InboundLog.StoreFailed(logger, failure.Store, delivery.Installation.IntegrationId, failure.InnerException!);
            return InboundAnswers.StoreFailed(item, options, changed);
        }
        catch (ContendedException)
        {
            // Another instance held or took over the work item's lease: the comment is delivered again later.
            return InboundAnswers.StoreFailed(item, options, changed);
        }
    }

    /// <summary>
    /// The comment is the SDK's when a dedicated app identity wrote it, when the ledger has its id
    /// (Comments API), or when the ledger has the revision as a <c>System.History</c> write.
    /// </summary>
    private async ValueTask<bool> IsOwnCommentAsync(VerifiedDelivery delivery, WorkItemRevision item, InboundComment comment, CancellationToken cancellationToken)
    {
        var installation = delivery.Installation;
        var byOwnIdentity = installation.SdkIdentityId is { Length: > 0 } sdk && string.Equals(sdk, item.RevisedById, StringComparison.OrdinalIgnoreCase);
        if (byOwnIdentity && installation.SdkIdentityIsDedicated)
        {
            return true;
        }

        try
        {
            if (comment.CommentId is { } commentId
                && await ownWrites.Ledger.IsOwnCommentAsync(delivery.OrganizationId, item.WorkItemId, commentId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (item.Revision is not { } revision)
            {
                return false;
            }

            var own = await ownWrites.FindOwnFieldsAsync(
                new DeliveredRevision(delivery.OrganizationId, item.WorkItemId, revision, byOwnIdentity, OwnFields.History, null, null, null),
                cancellationToken).ConfigureAwait(false);
            if ((own & OwnFields.History) != 0)
            {
                return true;
            }

            // A comment the SDK posted through the Comments API whose answer came while this delivery waited.
            return comment.CommentId is { } id
                && await ownWrites.Ledger.IsOwnCommentAsync(delivery.OrganizationId, item.WorkItemId, id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(IOwnWriteLedger), ex);
        }
    }

    private async ValueTask<IReadOnlyList<SyncWatermark>> ReadWatermarksAsync(VerifiedDelivery delivery, WorkItemRevision item, CancellationToken cancellationToken)
    {
        try
        {
            return await watermarks.ReadAsync(delivery.OrganizationId, item.WorkItemId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }
    }

    private async ValueTask RecordAsync(VerifiedDelivery delivery, WorkItemRevision item, string key, CancellationToken cancellationToken)
    {
        try
        {
            // A save lost to another delivery of the same comment leaves that one's record: the comment is recorded either way.
            await watermarks.TryRecordAsync(delivery.OrganizationId, item.WorkItemId, null, key, item.Revision ?? 1, null, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }
    }

    /// <summary>The comment: <c>System.History</c>, its author and date, and the comment id when sent.</summary>
    private static InboundComment? ReadComment(VerifiedDelivery delivery, WorkItemRevision item)
    {
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
        return new InboundComment(item.WorkItemId, delivery.Envelope.CommentId.GetInt32(body), text, author?.DisplayName, author?.Email ?? author?.UniqueName, createdAt);
    }
}
