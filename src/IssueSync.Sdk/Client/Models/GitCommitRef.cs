using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A commit as the commit list, the commits batch and the single-commit read return it. In a list the
/// <see cref="Comment"/> may be cut short (<see cref="CommentTruncated"/>); reading the one commit gives it whole.
/// </summary>
public sealed record GitCommitRef
{
    private string? _commitId;

    private IReadOnlyList<string>? _parents;

    [JsonConstructor]
    internal GitCommitRef()
    {
    }

    /// <summary>The commit id (the full SHA-1).</summary>
    [JsonInclude]
    public string CommitId
    {
        get => _commitId ?? string.Empty;
        internal init => _commitId = value;
    }

    /// <summary>The commit message (cut short in lists when <see cref="CommentTruncated"/> is set).</summary>
    [JsonInclude]
    public string? Comment { get; internal init; }

    /// <summary>Whether <see cref="Comment"/> was cut short; read the commit for the whole message.</summary>
    [JsonInclude]
    public bool CommentTruncated { get; internal init; }

    /// <summary>The author.</summary>
    [JsonInclude]
    public GitUserDate? Author { get; internal init; }

    /// <summary>The committer.</summary>
    [JsonInclude]
    public GitUserDate? Committer { get; internal init; }

    /// <summary>The parent commit ids (none for a root commit, two or more for a merge).</summary>
    [JsonInclude]
    public IReadOnlyList<string> Parents
    {
        get => _parents ?? [];
        internal init => _parents = value;
    }

    /// <summary>The number of changes by kind (<c>Add</c>, <c>Edit</c>, <c>Delete</c>), when Azure DevOps sends them.</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, int>? ChangeCounts { get; internal init; }

    /// <summary>The REST URL.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary>The web page of the commit.</summary>
    [JsonInclude]
    public string? RemoteUrl { get; internal init; }
}
