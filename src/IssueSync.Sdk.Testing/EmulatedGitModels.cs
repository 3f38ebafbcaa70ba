namespace IssueSync.Sdk.Testing;

/// <summary>A Git repository of the emulated organization.</summary>
/// <param name="Id">The repository id (a GUID).</param>
/// <param name="Name">The name, unique within its project.</param>
/// <param name="Project">The project it belongs to.</param>
/// <param name="DefaultBranch">The default branch name (without <c>refs/heads/</c>).</param>
public sealed record EmulatedRepository(string Id, string Name, EmulatedProject Project, string DefaultBranch)
{
    /// <summary>The <c>Project/Repo</c> name hosts show.</summary>
    public string FullName => Project.Name + "/" + Name;
}

/// <summary>What a change does to its path, as Azure DevOps' commit changes name it.</summary>
public enum EmulatedChangeKind
{
    /// <summary>A new file, folder or submodule (<c>add</c>).</summary>
    Add,

    /// <summary>A changed file or submodule pointer (<c>edit</c>).</summary>
    Edit,

    /// <summary>A removed file (<c>delete</c>).</summary>
    Delete,

    /// <summary>A file moved from <see cref="EmulatedChange.OriginalPath"/> (<c>rename</c>, or <c>edit, rename</c> with new content).</summary>
    Rename,
}

/// <summary>What kind of Git object a change is about.</summary>
public enum EmulatedObjectKind
{
    /// <summary>A file (<c>blob</c>).</summary>
    File,

    /// <summary>A folder (<c>tree</c>).</summary>
    Folder,

    /// <summary>A submodule (<c>commit</c>).</summary>
    Submodule,
}

/// <summary>One change of a seeded commit. Paths are from the repository root; a leading <c>/</c> is optional.</summary>
/// <param name="Path">The path after the change.</param>
/// <param name="Kind">What the change does.</param>
/// <param name="ObjectKind">What kind of object it is about.</param>
/// <param name="Content">The file content after the change (files only); for a rename, null keeps the old content.</param>
/// <param name="OriginalPath">For a rename, the path before.</param>
public sealed record EmulatedChange(string Path, EmulatedChangeKind Kind, EmulatedObjectKind ObjectKind = EmulatedObjectKind.File, string? Content = null, string? OriginalPath = null)
{
    /// <summary>A new file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="content">The content.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange AddFile(string path, string content = "") => new(path, EmulatedChangeKind.Add, Content: content);

    /// <summary>A changed file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="content">The new content.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange EditFile(string path, string content) => new(path, EmulatedChangeKind.Edit, Content: content);

    /// <summary>A removed file.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange DeleteFile(string path) => new(path, EmulatedChangeKind.Delete);

    /// <summary>A moved file, with new content or (null) the same content.</summary>
    /// <param name="from">The path before.</param>
    /// <param name="to">The path after.</param>
    /// <param name="content">The new content, or null for a pure rename.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange RenameFile(string from, string to, string? content = null) => new(to, EmulatedChangeKind.Rename, Content: content, OriginalPath: from);

    /// <summary>A new (empty) folder entry.</summary>
    /// <param name="path">The folder path.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange AddFolder(string path) => new(path, EmulatedChangeKind.Add, EmulatedObjectKind.Folder);

    /// <summary>A new or moved submodule pointer.</summary>
    /// <param name="path">The submodule path.</param>
    /// <param name="kind"><see cref="EmulatedChangeKind.Add"/> or <see cref="EmulatedChangeKind.Edit"/>.</param>
    /// <returns>The change.</returns>
    public static EmulatedChange Submodule(string path, EmulatedChangeKind kind = EmulatedChangeKind.Add) => new(path, kind, EmulatedObjectKind.Submodule);
}

/// <summary>A seeded commit.</summary>
/// <param name="CommitId">The commit id (40 hex digits).</param>
/// <param name="Repository">The repository.</param>
/// <param name="Branch">The branch it was added to.</param>
/// <param name="Message">The whole message.</param>
/// <param name="AuthorName">The author name.</param>
/// <param name="AuthorEmail">The author email.</param>
/// <param name="Date">The author and commit date.</param>
/// <param name="ParentId">The parent commit id; null for the first commit of the repository.</param>
/// <param name="Changes">The changes, as seeded.</param>
public sealed record EmulatedCommit(
    string CommitId,
    EmulatedRepository Repository,
    string Branch,
    string Message,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset Date,
    string? ParentId,
    IReadOnlyList<EmulatedChange> Changes);
