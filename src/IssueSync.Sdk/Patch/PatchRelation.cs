using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Patch;

/// <summary>
/// The value of a relation added through <c>/relations/-</c>:
/// <c>{"rel":"Hyperlink","url":"…","attributes":{"comment":"…"}}</c>.
/// </summary>
public sealed record PatchRelation
{
    /// <summary>Creates a relation value.</summary>
    /// <param name="rel">The relation type.</param>
    /// <param name="url">The target: any URL for a hyperlink, a work item API URL or <c>vstfs:///</c> URI otherwise.</param>
    /// <param name="comment">The link comment, shown beside the link in Azure DevOps.</param>
    public PatchRelation(WorkItemRelationType rel, string url, string? comment = null)
    {
        if (string.IsNullOrEmpty(rel.Value))
        {
            throw new ArgumentException("A relation needs a type (rel).", nameof(rel));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        Rel = rel;
        Url = url;
        Comment = comment;
    }

    /// <summary>The relation type.</summary>
    public WorkItemRelationType Rel { get; }

    /// <summary>The target URL or URI.</summary>
    public string Url { get; }

    /// <summary>The link comment (the <c>attributes.comment</c> of the relation), if any.</summary>
    public string? Comment { get; }

    /// <summary>A <c>Hyperlink</c> relation, e.g. back to the host's issue page.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <param name="comment">The link comment.</param>
    /// <returns>The relation value.</returns>
    public static PatchRelation Hyperlink(string url, string? comment = null) =>
        new(WorkItemRelationType.Hyperlink, url, comment);
}
