namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// What the inbound sync must remember between webhook deliveries: which deliveries it has seen
/// (dedupe), the newest applied revision per work item (watermark), and the SDK's own writes (so
/// their echoes are not applied). The default, <see cref="InMemoryDeliveryStore"/>, is for a single
/// host instance; hosts running several instances implement this over shared storage.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Records a delivery id once, atomically.
    /// </summary>
    /// <param name="deliveryId">E.g. <c>{subscriptionId}:{notificationId}</c> or the event id.</param>
    /// <param name="retention">How long to remember it (Azure DevOps retries for up to about 36 hours).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> the first time; <see langword="false"/> when it was already recorded.</returns>
    Task<bool> TryRecordDeliveryAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Forgets a delivery whose processing failed, so its redelivery is processed.</summary>
    /// <param name="deliveryId">The id given to <see cref="TryRecordDeliveryAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when forgotten.</returns>
    Task ForgetDeliveryAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Reads the newest applied revision of a work item.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The watermark, or <see langword="null"/> when nothing was applied yet.</returns>
    Task<int?> GetRevisionWatermarkAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a work item's watermark to <paramref name="revision"/> only if that is higher than the
    /// stored one, atomically (never downward, even under concurrent calls).
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="revision">The revision just applied.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the watermark moved; <see langword="false"/> when it was already at or above.</returns>
    Task<bool> TryAdvanceRevisionWatermarkAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default);

    /// <summary>Records a revision the SDK produced (the write ledger).</summary>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    Task RecordOwnWriteAsync(OwnWrite write, CancellationToken cancellationToken = default);

    /// <summary>Finds the ledger entry for a revision, if the SDK produced it.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="revision">The revision from the webhook.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/> when the revision is not the SDK's.</returns>
    Task<OwnWrite?> FindOwnWriteAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default);

    /// <summary>Records a comment the SDK created.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="commentId">The comment id Azure DevOps returned.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default);

    /// <summary>Tells whether the SDK created a comment.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="commentId">The comment id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when the comment is the SDK's own.</returns>
    Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default);
}
