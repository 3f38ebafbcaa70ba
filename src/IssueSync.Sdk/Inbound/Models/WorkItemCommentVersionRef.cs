using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// Which comment a <c>workitem.commented</c> event is about (<c>commentVersionRef</c>): the id the
/// Comments REST API knows it by, and its version.
/// </summary>
public sealed record WorkItemCommentVersionRef
{
    [JsonConstructor]
    internal WorkItemCommentVersionRef()
    {
    }

    /// <summary>The comment id, unique within its work item (what <see cref="Client.Models.WorkItemComment.Id"/> holds).</summary>
    [JsonInclude]
    public int CommentId { get; internal init; }

    /// <summary>The comment's version: 1 when added, one more with each edit.</summary>
    [JsonInclude]
    public int Version { get; internal init; }

    /// <summary>The REST URL of that comment version.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }
}
