using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// One state of a work item type, as <c>{project}/_apis/wit/workitemtypes/{type}/states</c> returns
/// it. Decide "done" from <see cref="Category"/>, not from <see cref="Name"/>: processes rename states.
/// </summary>
public sealed record WorkItemTypeState
{
    [JsonConstructor]
    internal WorkItemTypeState()
    {
    }

    /// <summary>The state name, e.g. <c>Active</c>, <c>Done</c> or a custom name.</summary>
    [JsonInclude]
    public WorkItemState Name { get; internal init; }

    /// <summary>The board color as hex without <c>#</c>, e.g. <c>b2b2b2</c>.</summary>
    [JsonInclude]
    public string? Color { get; internal init; }

    /// <summary>The state category, e.g. <c>Proposed</c>, <c>InProgress</c>, <c>Resolved</c>, <c>Completed</c>.</summary>
    [JsonInclude]
    public WorkItemStateCategory Category { get; internal init; }
}
