using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>The Comments API: add (a revision that fires <c>workitem.updated</c> and <c>workitem.commented</c>), list, edit, delete.</summary>
public sealed partial class EmulatedOrganization
{
    internal CommentRecord AddCommentCore(int workItemId, string? projectScope, string text, string format, EmulatedUser by)
    {
        lock (_gate)
        {
            FindWorkItemLocked(workItemId, projectScope);
            var value = new JsonObject { ["format"] = format, ["text"] = text };
            var result = UpdateWorkItem(workItemId, projectScope, [new PatchOperation("add", "/fields/" + History, value, true)], by, WriteFlags.None);
            return result.Comment ?? throw new InvalidOperationException("A comment with text always makes a revision.");
        }
    }

    internal List<CommentRecord> ListComments(int workItemId, string? projectScope, bool includeDeleted)
    {
        lock (_gate)
        {
            FindWorkItemLocked(workItemId, projectScope);
            return _comments.TryGetValue(workItemId, out var list) ? list.Where(c => includeDeleted || !c.IsDeleted).ToList() : [];
        }
    }

    internal CommentRecord FindComment(int workItemId, string? projectScope, int commentId)
    {
        lock (_gate)
        {
            return FindCommentLocked(workItemId, projectScope, commentId);
        }
    }

    /// <summary>Edits a comment: a new version, no work item revision.</summary>
    internal CommentRecord UpdateComment(int workItemId, string? projectScope, int commentId, string text, string format, EmulatedUser by)
    {
        lock (_gate)
        {
            var comment = FindCommentLocked(workItemId, projectScope, commentId);
            comment.Text = StoredCommentText(text, format);
            comment.Format = format;
            comment.Version++;
            comment.ModifiedBy = by;
            comment.ModifiedDate = NextChangeDate();
            return comment;
        }
    }

    internal void DeleteComment(int workItemId, string? projectScope, int commentId, EmulatedUser by)
    {
        lock (_gate)
        {
            var comment = FindCommentLocked(workItemId, projectScope, commentId);
            comment.IsDeleted = true;
            comment.ModifiedBy = by;
            comment.ModifiedDate = NextChangeDate();
        }
    }

    /// <summary>
    /// The text Azure DevOps keeps of a comment: HTML sanitised (<see cref="CommentHtmlSanitizer"/>), Markdown as written.
    /// Every comment passes here: the Comments API, <c>System.History</c>, and <see cref="AddComment"/>.
    /// </summary>
    private static string StoredCommentText(string text, string format) =>
        string.Equals(format, "html", StringComparison.Ordinal) ? CommentHtmlSanitizer.Sanitize(text) : text;

    private CommentRecord FindCommentLocked(int workItemId, string? projectScope, int commentId)
    {
        FindWorkItemLocked(workItemId, projectScope);
        return _comments.TryGetValue(workItemId, out var list) && list.Find(c => c.Id == commentId && !c.IsDeleted) is { } comment
            ? comment
            : throw new EmulatorError(404, $"Comment {commentId} of work item {workItemId} does not exist.");
    }

    private CommentRecord NewComment(int workItemId, string text, string format, EmulatedUser by, DateTimeOffset date) => new()
    {
        Id = _lastCommentId + 1,
        WorkItemId = workItemId,
        Text = text,
        Format = format,
        CreatedBy = by,
        CreatedDate = date,
        ModifiedBy = by,
        ModifiedDate = date,
    };

    private void StoreComment(CommentRecord comment)
    {
        _lastCommentId = comment.Id;
        if (!_comments.TryGetValue(comment.WorkItemId, out var list))
        {
            _comments[comment.WorkItemId] = list = [];
        }

        list.Add(comment);
    }
}
