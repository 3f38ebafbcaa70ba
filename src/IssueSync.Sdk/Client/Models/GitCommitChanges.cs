using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The changes of one commit (one page of them, see <see cref="IGitClient.GetCommitChangesAsync"/>).</summary>
public sealed record GitCommitChanges
{
    private IReadOnlyList<GitChange>? _changes;

    [JsonConstructor]
    internal GitCommitChanges()
    {
    }

    /// <summary>The number of changes by kind (<c>Add</c>, <c>Edit</c>, <c>Delete</c>) over the whole commit.</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, int>? ChangeCounts { get; internal init; }

    /// <summary>The changes of this page; files, folders and submodules alike.</summary>
    [JsonInclude]
    public IReadOnlyList<GitChange> Changes
    {
        get => _changes ?? [];
        internal init => _changes = value;
    }
}
