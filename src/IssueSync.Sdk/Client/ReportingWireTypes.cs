using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>One batch of <c>GET _apis/wit/reporting/workitemrevisions</c>.</summary>
internal sealed class ReportingRevisionsBatch
{
    public List<WorkItem?>? Values { get; set; }

    /// <summary>The watermark after this batch: where the next read continues.</summary>
    public string? ContinuationToken { get; set; }

    /// <summary>Whether every revision available now was read.</summary>
    public bool IsLastBatch { get; set; }

    /// <summary>The next batch's URL (the token is followed instead, so the query stays ours).</summary>
    public string? NextLink { get; set; }

    [JsonIgnore]
    public IReadOnlyList<WorkItem> Items => Values is null ? [] : Values.Where(static v => v is not null).Select(static v => v!).ToList();
}
