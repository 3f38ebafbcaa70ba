using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>One change of a commit: what happened to which item.</summary>
public sealed record GitChange
{
    private string? _changeType;

    [JsonConstructor]
    internal GitChange()
    {
    }

    /// <summary>
    /// The change type as Azure DevOps writes it: one flag (<c>add</c>, <c>edit</c>, <c>delete</c>, <c>rename</c>)
    /// or several joined by commas (<c>edit, rename</c> for a file moved and changed).
    /// </summary>
    [JsonInclude]
    public string ChangeType
    {
        get => _changeType ?? string.Empty;
        internal init => _changeType = value;
    }

    /// <summary>The item after the change (its path before the change for a delete).</summary>
    [JsonInclude]
    public GitItem? Item { get; internal init; }

    /// <summary>For a rename, the path the item had before.</summary>
    [JsonInclude]
    public string? SourceServerItem { get; internal init; }

    /// <summary>For a rename, the original path (Azure DevOps sends this or <see cref="SourceServerItem"/>).</summary>
    [JsonInclude]
    public string? OriginalPath { get; internal init; }
}
