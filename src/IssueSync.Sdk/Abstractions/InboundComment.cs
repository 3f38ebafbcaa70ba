namespace IssueSync.Sdk.Abstractions;

/// <summary>A comment a person added to a work item in Azure DevOps.</summary>
/// <param name="WorkItemId">The work item.</param>
/// <param name="CommentId">The comment id when the payload carries it; otherwise <see langword="null"/>.</param>
/// <param name="Text">The comment as Azure DevOps sends it (HTML).</param>
/// <param name="AuthorDisplayName">Who wrote it, when known.</param>
/// <param name="AuthorEmail">The author's email or principal name, when known.</param>
/// <param name="CreatedAt">When it was written, when known.</param>
public sealed record InboundComment(
    int WorkItemId,
    int? CommentId,
    string Text,
    string? AuthorDisplayName = null,
    string? AuthorEmail = null,
    DateTimeOffset? CreatedAt = null);
