using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The answer to a work item search: the total match count and one page of hits.</summary>
public sealed record WorkItemSearchResults
{
    private IReadOnlyList<WorkItemSearchHit>? _results;

    [JsonConstructor]
    internal WorkItemSearchResults()
    {
    }

    /// <summary>How many work items match in total (can exceed <see cref="Results"/>: page with <c>Skip</c>).</summary>
    [JsonInclude]
    public int Count { get; internal init; }

    /// <summary>The hits of this page, best first.</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemSearchHit> Results
    {
        get => _results ?? [];
        internal init => _results = value;
    }
}
