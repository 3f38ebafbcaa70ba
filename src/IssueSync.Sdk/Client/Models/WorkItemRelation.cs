using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A relation of a work item (returned with <c>$expand=relations</c> or <c>all</c>).</summary>
public sealed record WorkItemRelation
{
    // Missing or null in the JSON reads as empty. The source-generated reader sets init-only
    // properties in an object initializer, so one absent from the JSON gets null and overrides
    // a property initializer; the getter is what keeps the non-nullable promise.
    private string? _url;
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
    public string Url
    {
        get => _url ?? string.Empty;
        internal init => _url = value;
    }

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
