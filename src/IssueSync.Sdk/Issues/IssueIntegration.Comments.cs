using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>Comments outbound: copy a host comment to the linked work item, and update or delete it later.</summary>
internal sealed partial class IssueIntegration
{
    public Task<OutboundSyncResult> AddCommentAsync(LinkedWorkItem issue, HostComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Traced("Issues.AddComment", IdOf(issue.Key), () => AddCommentCoreAsync(issue, comment, cancellationToken));
    }

    private async Task<OutboundSyncResult> AddCommentCoreAsync(LinkedWorkItem issue, HostComment comment, CancellationToken cancellationToken)
    {
        var id = ValidateComment(issue, comment);
        if (!_installation.SyncSettings.Comments)
        {
            return Disabled(id, nameof(VstsSyncSettings.Comments));
        }

        var html = CommentHtml(comment);
        if (_services.Outbound.CommentMode is OutboundCommentMode.HistoryField)
        {
            // An addition to the discussion does not depend on what the item holds: no read, no revision test.
            var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Comment = html });
            var written = await WriteOwnAsync(id, HistoryWritten, expectedRevision: null, patch, cancellationToken).ConfigureAwait(false);
            return new OutboundSyncResult { Outcome = OutboundSyncOutcome.Updated, WorkItemId = id, Revision = written.Revision };
        }

        var project = await CommentProjectAsync(issue, id, cancellationToken).ConfigureAwait(false);
        if (NonBlank(comment.Id) is { } hostCommentId)
        {
            return await AddCommentOnceAsync(project, id, hostCommentId, html, cancellationToken).ConfigureAwait(false);
        }

        var added = await CommentOwnAsync(id, () => _client.Comments.AddAsync(project, id, html, CommentFormat.Html, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new OutboundSyncResult { Outcome = OutboundSyncOutcome.Updated, WorkItemId = id, CommentId = added.Id };
    }

    public Task<OutboundSyncResult> UpdateCommentAsync(LinkedWorkItem issue, int commentId, HostComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Traced("Issues.UpdateComment", IdOf(issue.Key), () => UpdateCommentCoreAsync(issue, commentId, comment, cancellationToken));
    }

    private async Task<OutboundSyncResult> UpdateCommentCoreAsync(LinkedWorkItem issue, int commentId, HostComment comment, CancellationToken cancellationToken)
    {
        var id = ValidateComment(issue, comment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(commentId);
        if (CommentEditBlocked(id) is { } blocked)
        {
            return blocked;
        }

        var project = await CommentProjectAsync(issue, id, cancellationToken).ConfigureAwait(false);
        try
        {
            // Recorded again (idempotent): a host whose ledger lost the entry still recognises the edit's echo.
            var updated = await CommentOwnAsync(id, () => _client.Comments.UpdateAsync(project, id, commentId, CommentHtml(comment), CommentFormat.Html, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new OutboundSyncResult { Outcome = OutboundSyncOutcome.Updated, WorkItemId = id, CommentId = updated.Id };
        }
        catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.NotFound)
        {
            return CommentNotFound(id, commentId);
        }
    }

    public Task<OutboundSyncResult> DeleteCommentAsync(LinkedWorkItem issue, int commentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Traced("Issues.DeleteComment", IdOf(issue.Key), () => DeleteCommentCoreAsync(issue, commentId, cancellationToken));
    }

    private async Task<OutboundSyncResult> DeleteCommentCoreAsync(LinkedWorkItem issue, int commentId, CancellationToken cancellationToken)
    {
        var id = ParseKey(issue.Key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(commentId);
        if (CommentEditBlocked(id) is { } blocked)
        {
            return blocked;
        }

        var project = await CommentProjectAsync(issue, id, cancellationToken).ConfigureAwait(false);
        try
        {
            await Translate(async () =>
            {
                await _client.Comments.DeleteAsync(project, id, commentId, cancellationToken).ConfigureAwait(false);
                return commentId;
            }).ConfigureAwait(false);
            return new OutboundSyncResult { Outcome = OutboundSyncOutcome.Updated, WorkItemId = id, CommentId = commentId };
        }
        catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.NotFound)
        {
            return CommentNotFound(id, commentId);
        }
    }

    /// <summary>What a comment write sets, for the ledger: <c>System.History</c> (its text is not compared).</summary>
    private static readonly IReadOnlyDictionary<string, string?> HistoryWritten =
        new Dictionary<string, string?>(StringComparer.Ordinal) { [WorkItemFields.History] = null };

    /// <summary>
    /// Posts a comment of the SDK's own through the Comments API: a pending <c>System.History</c> entry
    /// covers its webhook until the answer brings the comment id, which is recorded instead.
    /// </summary>
    private async Task<WorkItemComment> CommentOwnAsync(int id, Func<Task<WorkItemComment>> post, CancellationToken cancellationToken)
    {
        var pending = await _ownWrites.BeginAsync(_installation.OrganizationId, id, HistoryWritten, expectedRevision: null, cancellationToken).ConfigureAwait(false);
        await using var pendingScope = pending.ConfigureAwait(false);
        var comment = await KeepPendingWhenUnknown(pending, () => Translate(post)).ConfigureAwait(false);
        await _ownWrites.Ledger.RecordOwnCommentAsync(_installation.OrganizationId, id, comment.Id, cancellationToken).ConfigureAwait(false);
        return comment;
    }

    /// <summary>
    /// <c>{author} wrote:</c> above the quoted comment, as HTML. The Markdown is converted with raw
    /// HTML disabled (the reference put raw Markdown inside the quote); the author name is encoded.
    /// </summary>
    internal static string CommentHtml(HostComment comment)
    {
        var body = IssueMarkdown.ToHtml(comment.Text);
        return string.IsNullOrWhiteSpace(comment.AuthorName)
            ? body
            : $"<p>{WebUtility.HtmlEncode(comment.AuthorName.Trim())} wrote:</p>\n<blockquote>{body}</blockquote>";
    }

    private static int ValidateComment(LinkedWorkItem issue, HostComment comment)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(comment);
        var id = ParseKey(issue.Key);
        if (string.IsNullOrWhiteSpace(comment.Text))
        {
            throw new ArgumentException("The comment text is empty; Azure DevOps does not take empty comments.", nameof(comment));
        }

        return id;
    }

    private OutboundSyncResult? CommentEditBlocked(int id)
    {
        if (!_installation.SyncSettings.Comments)
        {
            return Disabled(id, nameof(VstsSyncSettings.Comments));
        }

        return _services.Outbound.CommentMode is OutboundCommentMode.HistoryField
            ? Skipped(OutboundSyncOutcome.NotSupported, id, "Comments are written to System.History, where they have no id: they cannot be updated or deleted.")
            : null;
    }

    /// <summary>The Comments API is scoped by project: the stored id, else the name the work item carries (one read).</summary>
    private async Task<string> CommentProjectAsync(LinkedWorkItem issue, int id, CancellationToken cancellationToken)
    {
        if (NonBlank(issue.ProjectId) is { } projectId)
        {
            return projectId;
        }

        var item = await Translate(() => _client.WorkItems.GetAsync(id, new GetWorkItemOptions { Fields = [WorkItemFields.TeamProject] }, cancellationToken)).ConfigureAwait(false);
        return NonBlank(item.TeamProject)
            ?? throw new VstsApiException($"Work item {Key(id)} came back without its project (System.TeamProject).", VstsErrorKind.Server);
    }

    private static OutboundSyncResult CommentNotFound(int id, int commentId) =>
        Skipped(OutboundSyncOutcome.TargetNotFound, id, $"Comment {commentId} of work item {Key(id)} does not exist (deleted, or the work item is gone).");
}
