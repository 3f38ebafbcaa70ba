namespace IssueSync.Sdk.Client.Models;

/// <summary>The Git models, for hosts that fake <see cref="IGitClient"/> answers in their tests.</summary>
public static partial class VstsModelFactory
{
    /// <summary>A Git repository.</summary>
    /// <param name="id">The repository id.</param>
    /// <param name="name">The repository name.</param>
    /// <param name="projectId">The project id.</param>
    /// <param name="projectName">The project name.</param>
    /// <param name="defaultBranch">The default branch as a full ref, e.g. <c>refs/heads/main</c>.</param>
    /// <param name="webUrl">The web page.</param>
    /// <returns>The repository.</returns>
    public static GitRepository GitRepository(string id, string name, string? projectId = null, string? projectName = null, string? defaultBranch = "refs/heads/main", string? webUrl = null) => new()
    {
        Id = id,
        Name = name,
        Project = projectId is null && projectName is null ? null : new TeamProject { Id = projectId ?? string.Empty, Name = projectName ?? string.Empty },
        DefaultBranch = defaultBranch,
        WebUrl = webUrl,
        RemoteUrl = webUrl,
    };

    /// <summary>A commit as lists and the single-commit read return it.</summary>
    /// <param name="commitId">The commit id.</param>
    /// <param name="comment">The message (cut short when <paramref name="commentTruncated"/>).</param>
    /// <param name="commentTruncated">Whether the message was cut short.</param>
    /// <param name="authorName">The author name.</param>
    /// <param name="authorEmail">The author email.</param>
    /// <param name="authorDate">The author date.</param>
    /// <param name="parents">The parent commit ids.</param>
    /// <returns>The commit.</returns>
    public static GitCommitRef GitCommitRef(string commitId, string? comment = null, bool commentTruncated = false, string? authorName = null, string? authorEmail = null, DateTimeOffset? authorDate = null, IReadOnlyList<string>? parents = null) => new()
    {
        CommitId = commitId,
        Comment = comment,
        CommentTruncated = commentTruncated,
        Author = new GitUserDate { Name = authorName, Email = authorEmail, Date = authorDate },
        Committer = new GitUserDate { Name = authorName, Email = authorEmail, Date = authorDate },
        Parents = parents ?? [],
    };

    /// <summary>One change of a commit.</summary>
    /// <param name="changeType">The change type as Azure DevOps writes it, e.g. <c>edit</c> or <c>edit, rename</c>.</param>
    /// <param name="path">The item path (after the change).</param>
    /// <param name="gitObjectType"><c>blob</c>, <c>tree</c> or <c>commit</c>.</param>
    /// <param name="sourceServerItem">For a rename, the path before.</param>
    /// <returns>The change.</returns>
    public static GitChange GitChange(string changeType, string path, string gitObjectType = "blob", string? sourceServerItem = null) => new()
    {
        ChangeType = changeType,
        Item = new GitItem { Path = path, GitObjectType = gitObjectType, IsFolder = gitObjectType == "tree" },
        SourceServerItem = sourceServerItem,
    };

    /// <summary>One page of a commit's changes.</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="changeCounts">The counts by kind.</param>
    /// <returns>The page.</returns>
    public static GitCommitChanges GitCommitChanges(IReadOnlyList<GitChange> changes, IReadOnlyDictionary<string, int>? changeCounts = null) => new()
    {
        Changes = changes,
        ChangeCounts = changeCounts,
    };

    /// <summary>A file, folder or submodule at a version.</summary>
    /// <param name="path">The path.</param>
    /// <param name="gitObjectType"><c>blob</c>, <c>tree</c> or <c>commit</c>.</param>
    /// <param name="content">The content, when read.</param>
    /// <param name="commitId">The commit it was read at.</param>
    /// <returns>The item.</returns>
    public static GitItem GitItem(string path, string gitObjectType = "blob", string? content = null, string? commitId = null) => new()
    {
        Path = path,
        GitObjectType = gitObjectType,
        IsFolder = gitObjectType == "tree",
        Content = content,
        CommitId = commitId,
    };
}
