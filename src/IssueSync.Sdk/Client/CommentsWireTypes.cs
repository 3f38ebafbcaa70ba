using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>One page of <c>GET {project}/_apis/wit/workItems/{id}/comments</c>: the next page's token is in the body.</summary>
internal sealed class CommentList
{
    /// <summary>How many comments the work item has in all.</summary>
    public int TotalCount { get; set; }

    /// <summary>How many comments this page holds.</summary>
    public int Count { get; set; }

    public List<WorkItemComment?>? Comments { get; set; }

    /// <summary>The token for the next page; absent on the last page.</summary>
    public string? ContinuationToken { get; set; }

    /// <summary>The URL of the next page (the token is followed instead, so the query stays ours).</summary>
    public string? NextPage { get; set; }

    [JsonIgnore]
    public IReadOnlyList<WorkItemComment> Items => Comments is null ? [] : Comments.Where(static c => c is not null).Select(static c => c!).ToList();
}

/// <summary>Body of a comment add (POST) or edit (PATCH): <c>{"text":"…"}</c>.</summary>
internal sealed class CommentTextRequest
{
    public required string Text { get; init; }
}
