using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A work item id and URL, as a WIQL query returns them.</summary>
public sealed record WorkItemReference
{
    [JsonConstructor]
    internal WorkItemReference()
    {
    }

    /// <summary>The work item number.</summary>
    [JsonInclude]
    public int Id { get; internal init; }

    /// <summary>The REST URL.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }
}
