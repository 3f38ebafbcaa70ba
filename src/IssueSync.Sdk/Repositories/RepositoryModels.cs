namespace IssueSync.Sdk.Repositories;

/// <summary>A repository a host can link: <c>Project/Repo</c> with its id.</summary>
/// <param name="Id">The repository id (a GUID): what the host stores.</param>
/// <param name="Name">The <c>Project/Repo</c> name to show.</param>
/// <param name="Project">The project name.</param>
/// <param name="Repository">The repository name.</param>
/// <param name="DefaultBranch">The default branch name without <c>refs/heads/</c>; null for an empty repository.</param>
public sealed record RepositoryChoice(string Id, string Name, string Project, string Repository, string? DefaultBranch);

/// <summary>One file of a commit's patch set.</summary>
/// <param name="Path">The path from the repository root, without a leading <c>/</c> (the new path of a rename).</param>
/// <param name="Type"><c>A</c> added, <c>M</c> modified, <c>D</c> deleted, <c>R</c> renamed.</param>
/// <param name="PreviousPath">For a rename, the path before, without a leading <c>/</c>.</param>
public sealed record CommitFileChange(string Path, string Type, string? PreviousPath = null)
{
    /// <summary>Added.</summary>
    public const string Added = "A";

    /// <summary>Modified.</summary>
    public const string Modified = "M";

    /// <summary>Deleted.</summary>
    public const string Deleted = "D";

    /// <summary>Renamed (possibly also modified).</summary>
    public const string Renamed = "R";
}

/// <summary>A commit of a range, with its details when they were read.</summary>
/// <param name="Id">The commit id.</param>
/// <param name="Repository">The <c>Project/Repo</c> name.</param>
/// <param name="AuthorName">The author name.</param>
/// <param name="AuthorEmail">The author email.</param>
/// <param name="Message">The message: whole when <see cref="HasDetails"/>; otherwise as the list gave it (maybe cut short).</param>
/// <param name="Timestamp">The author date.</param>
/// <param name="PatchSet">The files the commit changed (files only: folders and submodule pointers are left out); empty without details.</param>
/// <param name="HasDetails">Whether the full message and the patch set were read (false past <see cref="VstsRepositoryOptions.MaxCommitDetails"/>).</param>
public sealed record RepositoryCommit(
    string Id,
    string Repository,
    string? AuthorName,
    string? AuthorEmail,
    string Message,
    DateTimeOffset? Timestamp,
    IReadOnlyList<CommitFileChange> PatchSet,
    bool HasDetails);

/// <summary>The commits of a range, newest first.</summary>
/// <param name="Commits">The commits.</param>
/// <param name="Truncated">True when some commits came without details because of <see cref="VstsRepositoryOptions.MaxCommitDetails"/>.</param>
public sealed record CommitRange(IReadOnlyList<RepositoryCommit> Commits, bool Truncated);

/// <summary>Where a source link points.</summary>
/// <param name="Project">The project name.</param>
/// <param name="Repository">The repository name.</param>
/// <param name="Path">The file path without a leading <c>/</c>; null when the link names none.</param>
/// <param name="Branch">The branch (from <c>version=GB…</c>); null when the link names a commit or tag, or no version.</param>
public sealed record SourceLocation(string Project, string Repository, string? Path, string? Branch);
