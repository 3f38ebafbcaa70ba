namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// Optional port: receives comments people add to linked work items (<c>workitem.commented</c>).
/// Register one and the SDK subscribes to that event too; comments the SDK wrote itself are skipped.
/// </summary>
public interface ICommentStore
{
    /// <summary>Adds a comment from Azure DevOps to a group.</summary>
    /// <param name="group">A group linked to the work item.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="source">Where the change came from; the host must not sync it back out.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored; a failure makes the webhook answer 503 so Azure DevOps redelivers.</returns>
    Task AddCommentAsync(LinkedGroup group, InboundComment comment, ChangeSource source, CancellationToken cancellationToken = default);
}
