using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The result of a flat WIQL query: ids only (fetch fields with a batch get).</summary>
public sealed record WiqlResult
{
    private IReadOnlyList<WorkItemReference>? _workItems;

    [JsonConstructor]
    internal WiqlResult()
    {
    }

    /// <summary>The query type, e.g. <c>flat</c>.</summary>
    [JsonInclude]
    public string? QueryType { get; internal init; }

    /// <summary>The time the query was evaluated at.</summary>
    [JsonInclude]
    public DateTimeOffset? AsOf { get; internal init; }

    /// <summary>The matching work items, in query order.</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemReference> WorkItems
    {
        get => _workItems ?? [];
        internal init => _workItems = value;
    }
}
