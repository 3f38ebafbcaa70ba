using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>An Azure DevOps project.</summary>
public sealed record TeamProject
{
    // Missing or null in the JSON reads as empty. The source-generated reader sets init-only
    // properties in an object initializer, so one absent from the JSON gets null and overrides
    // a property initializer; the getter is what keeps the non-nullable promise.
    private string? _id;
    private string? _name;

    [JsonConstructor]
    internal TeamProject()
    {
    }

    /// <summary>The project id (a GUID).</summary>
    [JsonInclude]
    public string Id
    {
        get => _id ?? string.Empty;
        internal init => _id = value;
    }

    /// <summary>The project name (can be renamed; key links on <see cref="Id"/>).</summary>
    [JsonInclude]
    public string Name
    {
        get => _name ?? string.Empty;
        internal init => _name = value;
    }

    /// <summary>The description.</summary>
    [JsonInclude]
    public string? Description { get; internal init; }

    /// <summary>The REST URL.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary>The project state, e.g. <c>wellFormed</c>.</summary>
    [JsonInclude]
    public string? State { get; internal init; }

    /// <summary>The project revision.</summary>
    [JsonInclude]
    public long Revision { get; internal init; }

    /// <summary><c>private</c> or <c>public</c>.</summary>
    [JsonInclude]
    public string? Visibility { get; internal init; }

    /// <summary>When the project last changed.</summary>
    [JsonInclude]
    public DateTimeOffset? LastUpdateTime { get; internal init; }
}
