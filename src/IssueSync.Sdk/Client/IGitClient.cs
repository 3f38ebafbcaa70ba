using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Azure Repos Git (api-version 7.1): repositories, commits, a commit's changes, and items (files) at a version.
/// Every per-repository call takes the repository id (a GUID), or its name together with its project.
/// </summary>
public interface IGitClient
{
    /// <summary>Lists the repositories of the organization, or of one project (<c>GET [{project}/]_apis/git/repositories</c>; not paged by Azure DevOps).</summary>
    /// <param name="project">The project id or name; null for every project of the organization.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The repositories.</returns>
    Task<IReadOnlyList<GitRepository>> ListRepositoriesAsync(string? project = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one repository (<c>GET [{project}/]_apis/git/repositories/{repository}</c>).</summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="VstsApiException"><see cref="VstsErrorKind.NotFound"/> when there is no such repository.</exception>
    Task<GitRepository> GetRepositoryAsync(string repository, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists commits newest first (<c>GET .../commits</c>) with the documented criteria names
    /// (<c>searchCriteria.itemVersion.*</c>, <c>searchCriteria.$top</c>, <c>searchCriteria.$skip</c>). A parameter
    /// that is not a documented criterion (the reference integration's <c>commit=</c>) is silently ignored by Azure DevOps.
    /// </summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="query">Where to start and how many.</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commits; comments may be truncated (<see cref="GitCommitRef.CommentTruncated"/>).</returns>
    Task<IReadOnlyList<GitCommitRef>> GetCommitsAsync(string repository, GitCommitsQuery query, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the commits after <paramref name="fromVersion"/> up to and including <paramref name="toVersion"/>, newest first
    /// (<c>POST .../commitsbatch?$top=&amp;$skip=</c> with <c>itemVersion</c> = <paramref name="fromVersion"/> and
    /// <c>compareVersion</c> = <paramref name="toVersion"/>, where the history walk starts).
    /// </summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="fromVersion">The older version (excluded).</param>
    /// <param name="toVersion">The newer version (included).</param>
    /// <param name="top">At most this many commits (Azure DevOps' default is 100).</param>
    /// <param name="skip">Skip this many commits first (for paging).</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commits; comments may be truncated.</returns>
    Task<IReadOnlyList<GitCommitRef>> GetCommitsBetweenAsync(string repository, GitVersionDescriptor fromVersion, GitVersionDescriptor toVersion, int? top = null, int? skip = null, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one commit with its whole comment (<c>GET .../commits/{commitId}</c>).</summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="commitId">The commit id.</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commit.</returns>
    Task<GitCommitRef> GetCommitAsync(string repository, string commitId, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a commit's changes (<c>GET .../commits/{commitId}/changes?top=&amp;skip=</c>).</summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="commitId">The commit id.</param>
    /// <param name="top">At most this many changes.</param>
    /// <param name="skip">Skip this many changes first.</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changes of the page, with the commit's change counts.</returns>
    Task<GitCommitChanges> GetCommitChangesAsync(string repository, string commitId, int? top = null, int? skip = null, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a file (or folder) at a version (<c>GET .../items?path=&amp;versionDescriptor.version=&amp;versionDescriptor.versionType=</c>);
    /// its content too when <paramref name="includeContent"/> is set. A path or version that does not exist is
    /// <see langword="null"/>, not an error.
    /// </summary>
    /// <param name="repository">The repository id; or its name, with <paramref name="project"/>.</param>
    /// <param name="path">The path from the repository root (a leading <c>/</c> is optional).</param>
    /// <param name="version">The branch, tag or commit.</param>
    /// <param name="includeContent">Whether to read the content as well.</param>
    /// <param name="project">The project id or name; needed when <paramref name="repository"/> is a name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item, or <see langword="null"/> when Azure DevOps answers 404.</returns>
    Task<GitItem?> GetItemAsync(string repository, string path, GitVersionDescriptor version, bool includeContent = false, string? project = null, CancellationToken cancellationToken = default);
}
