using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The work item comments area over one connection.</summary>
internal sealed class CommentsClient(VstsRequestSender sender) : ICommentsClient
{
    public Task<WorkItemComment> AddAsync(string project, int workItemId, string text, CommentFormat format = CommentFormat.Html, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.Comments(project, workItemId), FormatQuery(format));
        // A comment whose answer is lost may have been posted: never resend it blindly.
        var request = new VstsRequest(HttpMethod.Post, uri, VstsApiVersions.Comments, "Comments.Add", IsIdempotent: false, TextBody(text), WorkItemId: workItemId);
        return sender.SendAsync(request, VstsJsonContext.Default.WorkItemComment, cancellationToken);
    }

    public IAsyncEnumerable<WorkItemComment> ListAsync(string project, int workItemId, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        // Checked here, not on first MoveNextAsync, so a bad argument fails at the call.
        var path = VstsApiPaths.Comments(project, workItemId);
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be positive.");
        }

        // One span over all pages, not one per page.
        return sender.RunOperationAsync(
            "Comments.List",
            workItemId,
            cancellation => VstsRequestSender.PageAsync(
                async (token, ct) =>
                {
                    var query = new VstsQuery().Add("$top", pageSize).Add("continuationToken", token);
                    var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(path, query), VstsApiVersions.Comments, "Comments.List", IsIdempotent: true, InOperation: true);
                    var page = await sender.SendAsync(request, VstsJsonContext.Default.CommentList, ct).ConfigureAwait(false);
                    // The Comments API carries the token in the body, not in x-ms-continuationtoken.
                    return new VstsPage<WorkItemComment>(page.Items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
                },
                "Comments.List",
                cancellation),
            cancellationToken);
    }

    public Task<WorkItemComment> UpdateAsync(string project, int workItemId, int commentId, string text, CommentFormat format = CommentFormat.Html, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.Comment(project, workItemId, commentId), FormatQuery(format));
        // Setting the same text again leaves the same comment: safe to resend.
        var request = new VstsRequest(HttpMethod.Patch, uri, VstsApiVersions.Comments, "Comments.Update", IsIdempotent: true, TextBody(text), WorkItemId: workItemId);
        return sender.SendAsync(request, VstsJsonContext.Default.WorkItemComment, cancellationToken);
    }

    public Task DeleteAsync(string project, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.Comment(project, workItemId, commentId));
        var request = new VstsRequest(HttpMethod.Delete, uri, VstsApiVersions.Comments, "Comments.Delete", IsIdempotent: true, WorkItemId: workItemId);
        return sender.SendAsync(request, cancellationToken);
    }

    private static VstsQuery FormatQuery(CommentFormat format) => new VstsQuery().Add("format", CommentFormats.ToWire(format));

    private static ByteArrayContent TextBody(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return VstsContent.Json(new CommentTextRequest { Text = text }, VstsJsonContext.Default.CommentTextRequest);
    }
}
