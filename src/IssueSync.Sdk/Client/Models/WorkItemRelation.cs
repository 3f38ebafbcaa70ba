using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A relation of a work item (returned with <c>$expand=relations</c> or <c>all</c>).</summary>
public sealed record WorkItemRelation
{
    private IReadOnlyDictionary<string, JsonElement>? _attributes;

    [JsonConstructor]
    internal WorkItemRelation()
    {
    }

    /// <summary>The relation type.</summary>
    [JsonInclude]
    public WorkItemRelationType Rel { get; internal init; }

    /// <summary>The target URL or URI.</summary>
    [JsonInclude]
    public string Url { get; internal init; } = string.Empty;

    /// <summary>The relation's attributes (e.g. <c>comment</c>, <c>isLocked</c>, <c>name</c>).</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, JsonElement> Attributes
    {
        get => _attributes ?? VstsModelDefaults.EmptyElements;
        internal init => _attributes = value;
    }

    /// <summary>The link comment, if any.</summary>
    [JsonIgnore]
    public string? Comment => Attributes.TryGetValue("comment", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}
