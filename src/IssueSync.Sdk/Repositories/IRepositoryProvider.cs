namespace IssueSync.Sdk.Repositories;

/// <summary>
/// Azure Repos for a host, for one installation: repositories to link, the commits between two releases with
/// their patch sets (suspect commits, "Fixes GRP-1" references), and links from a stack frame to the file at a
/// branch. Get one from <see cref="IRepositoryProviderFactory"/>. Thread-safe.
/// </summary>
public interface IRepositoryProvider
{
    /// <summary>The organization URL the provider talks to, with a trailing slash.</summary>
    Uri OrganizationUrl { get; }

    /// <summary>Lists the organization's repositories as <c>Project/Repo</c> with their ids, sorted by that name.</summary>
    /// <param name="query">Keeps the repositories whose <c>Project/Repo</c> name contains it (ignoring case); all when null or empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The repositories.</returns>
    Task<IReadOnlyList<RepositoryChoice>> ListRepositoriesAsync(string? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The commits after <paramref name="fromCommit"/> up to and including <paramref name="toCommit"/>, newest first,
    /// every page of them. Without a start, the latest <see cref="LatestCommitsWithoutStart"/> commits up to the end.
    /// The newest <see cref="VstsRepositoryOptions.MaxCommitDetails"/> get their details (the whole message when the
    /// list cut it, and the patch set), with at most <see cref="VstsRepositoryOptions.MaxConcurrentDetailRequests"/>
    /// requests in flight; past the cap the result says <see cref="CommitRange.Truncated"/>.
    /// </summary>
    /// <param name="repositoryId">The repository id.</param>
    /// <param name="fromCommit">The previous release's commit (excluded); null for a first release.</param>
    /// <param name="toCommit">The release's commit (included).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The commits.</returns>
    /// <exception cref="Client.VstsApiException">A call failed (e.g. <see cref="Client.VstsErrorKind.NotFound"/> for an unknown repository or commit).</exception>
    Task<CommitRange> GetCommitsAsync(string repositoryId, string? fromCommit, string toCommit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The link to a file at a branch: <c>{organization}{project}/_git/{repo}?path=%2F{path}&amp;version=GB{branch}</c>,
    /// every part escaped once (a space is <c>%20</c>, never <c>%2520</c>). No call is made.
    /// </summary>
    /// <param name="project">The project name.</param>
    /// <param name="repository">The repository name.</param>
    /// <param name="path">The file path from the repository root (a leading <c>/</c> is optional).</param>
    /// <param name="branch">The branch name (without <c>refs/heads/</c>).</param>
    /// <returns>The link.</returns>
    Uri FormatSourceUrl(string project, string repository, string path, string branch);

    /// <summary>
    /// The link to a file at a branch, only when the file exists there (one <c>items</c> read): a path or branch
    /// Azure DevOps does not know (404) is <see langword="null"/>, not an error.
    /// </summary>
    /// <param name="project">The project name.</param>
    /// <param name="repository">The repository name.</param>
    /// <param name="path">The file path from the repository root.</param>
    /// <param name="branch">The branch name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link, or null.</returns>
    /// <exception cref="Client.VstsApiException">A failure other than 404 (no access, Azure DevOps unavailable).</exception>
    Task<Uri?> GetSourceUrlAsync(string project, string repository, string path, string branch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a URL belongs to this organization: <c>https://dev.azure.com/{org}/…</c> and the legacy
    /// <c>https://{org}.visualstudio.com/…</c> (with or without <c>DefaultCollection/</c>) both count, whichever
    /// form the installation stores.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>True when it is this organization's.</returns>
    bool SourceUrlMatches(string url);

    /// <summary>Reads project, repository, path and branch back out of a link to a file; null when it is not a <c>_git</c> link of this organization.</summary>
    /// <param name="url">The link.</param>
    /// <returns>Where it points, or null.</returns>
    SourceLocation? ParseSourceUrl(string url);

    /// <summary>How many of the latest commits <see cref="GetCommitsAsync"/> reads when there is no start (10, as the reference integration).</summary>
    static int LatestCommitsWithoutStart => 10;
}
