using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A file, folder or submodule in a repository at some version, or the item of one change of a commit.</summary>
public sealed record GitItem
{
    private string? _path;

    [JsonConstructor]
    internal GitItem()
    {
    }

    /// <summary>The path from the repository root, starting with <c>/</c>.</summary>
    [JsonInclude]
    public string Path
    {
        get => _path ?? string.Empty;
        internal init => _path = value;
    }

    /// <summary><c>blob</c> (a file), <c>tree</c> (a folder) or <c>commit</c> (a submodule).</summary>
    [JsonInclude]
    public string? GitObjectType { get; internal init; }

    /// <summary>Whether the item is a folder.</summary>
    [JsonInclude]
    public bool IsFolder { get; internal init; }

    /// <summary>The object id at this version.</summary>
    [JsonInclude]
    public string? ObjectId { get; internal init; }

    /// <summary>The object id before the change (for the item of a change).</summary>
    [JsonInclude]
    public string? OriginalObjectId { get; internal init; }

    /// <summary>The commit the item was read at or last changed in.</summary>
    [JsonInclude]
    public string? CommitId { get; internal init; }

    /// <summary>The content, when it was asked for (<c>includeContent=true</c>).</summary>
    [JsonInclude]
    public string? Content { get; internal init; }

    /// <summary>The REST URL.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }
}
