using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>An Azure Repos Git repository, as <c>_apis/git/repositories</c> returns it.</summary>
public sealed record GitRepository
{
    private string? _id;
    private string? _name;

    [JsonConstructor]
    internal GitRepository()
    {
    }

    /// <summary>The repository id (a GUID); stable across renames.</summary>
    [JsonInclude]
    public string Id
    {
        get => _id ?? string.Empty;
        internal init => _id = value;
    }

    /// <summary>The repository name (unique within its project).</summary>
    [JsonInclude]
    public string Name
    {
        get => _name ?? string.Empty;
        internal init => _name = value;
    }

    /// <summary>The project the repository belongs to (id and name).</summary>
    [JsonInclude]
    public TeamProject? Project { get; internal init; }

    /// <summary>The default branch as a full ref, e.g. <c>refs/heads/main</c>; null for an empty repository.</summary>
    [JsonInclude]
    public string? DefaultBranch { get; internal init; }

    /// <summary>The REST URL.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary>The clone URL.</summary>
    [JsonInclude]
    public string? RemoteUrl { get; internal init; }

    /// <summary>The web page of the repository (<c>{organization}{project}/_git/{name}</c>).</summary>
    [JsonInclude]
    public string? WebUrl { get; internal init; }

    /// <summary>Whether the repository is disabled (its content cannot be read).</summary>
    [JsonInclude]
    public bool IsDisabled { get; internal init; }
}
