namespace IssueSync.Sdk.Issues;

/// <summary>A comment a host user wrote on a linked issue, to copy to the work item.</summary>
/// <param name="Text">The comment in Markdown. Converted to HTML with raw HTML disabled (HTML in the text is escaped, never passed through).</param>
/// <param name="AuthorName">
/// Who wrote it, for the attribution line <c>{AuthorName} wrote:</c> above the quoted text;
/// <see langword="null"/> writes the text without attribution.
/// </param>
/// <param name="Id">
/// The host's id of the comment: the idempotency key of <see cref="IIssueIntegration.AddCommentAsync"/>.
/// With it, a comment whose answer was lost is found where it landed instead of being posted again,
/// and adding the same host comment twice gives the same work item comment. Unique per work item;
/// <see langword="null"/> adds the comment without that guarantee.
/// </param>
public sealed record HostComment(string Text, string? AuthorName = null, string? Id = null);
