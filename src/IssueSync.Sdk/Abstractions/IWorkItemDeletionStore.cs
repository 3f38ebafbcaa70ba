namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// Optional port: told when a linked work item is deleted in Azure DevOps (<c>workitem.deleted</c>).
/// Register one and the SDK subscribes to that event too; without one the event is not subscribed.
/// </summary>
public interface IWorkItemDeletionStore
{
    /// <summary>A work item linked to <paramref name="group"/> was deleted (moved to the recycle bin or destroyed).</summary>
    /// <param name="group">A group linked to the item.</param>
    /// <param name="workItemId">The deleted work item.</param>
    /// <param name="source">Where the change came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the host recorded it; a failure makes the webhook answer 503 so Azure DevOps redelivers.</returns>
    Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default);
}
