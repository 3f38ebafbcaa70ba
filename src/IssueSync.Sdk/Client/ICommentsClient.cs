using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Work item comments through the Comments REST API (<c>{project}/_apis/wit/workItems/{id}/comments</c>,
/// api-version 7.1-preview.4): add, list, edit and delete. Unlike a <c>System.History</c> patch, each
/// comment has an id, so the SDK can recognise its own comments and edit or delete them later.
/// </summary>
public interface ICommentsClient
{
    /// <summary>
    /// Adds a comment (<c>POST …/comments?format=</c>). Not retried on ambiguous failures: a lost
    /// answer may mean the comment landed, and a resend would post it twice.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="text">The comment text, in <paramref name="format"/>.</param>
    /// <param name="format">How Azure DevOps reads <paramref name="text"/>: HTML (the default) or Markdown.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new comment, with its id.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the work item does not exist.</exception>
    Task<WorkItemComment> AddAsync(string project, int workItemId, string text, CommentFormat format = CommentFormat.Html, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists a work item's comments (<c>GET …/comments</c>), following the body's
    /// <c>continuationToken</c> page by page until the last.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="pageSize">Comments per request (<c>$top</c>); Azure DevOps' default when <see langword="null"/>. It caps each page, not the total.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The comments, as pages arrive.</returns>
    IAsyncEnumerable<WorkItemComment> ListAsync(string project, int workItemId, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a comment's text (<c>PATCH …/comments/{commentId}?format=</c>). Safe to resend: the
    /// same text twice gives the same comment.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="commentId">The comment id.</param>
    /// <param name="text">The new text, in <paramref name="format"/>.</param>
    /// <param name="format">How Azure DevOps reads <paramref name="text"/>: HTML (the default) or Markdown.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The edited comment, with its new version.</returns>
    Task<WorkItemComment> UpdateAsync(string project, int workItemId, int commentId, string text, CommentFormat format = CommentFormat.Html, CancellationToken cancellationToken = default);

    /// <summary>Deletes a comment (<c>DELETE …/comments/{commentId}</c>).</summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="commentId">The comment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(string project, int workItemId, int commentId, CancellationToken cancellationToken = default);
}
