using System.Net;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The Git area over one connection.</summary>
internal sealed class GitClient(VstsRequestSender sender) : IGitClient
{
    public async Task<IReadOnlyList<GitRepository>> ListRepositoriesAsync(string? project = null, CancellationToken cancellationToken = default)
    {
        var request = Get(VstsApiPaths.GitRepositories(NullIfEmpty(project)), default, "Git.ListRepositories");
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseGitRepository, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    public Task<GitRepository> GetRepositoryAsync(string repository, string? project = null, CancellationToken cancellationToken = default)
    {
        var request = Get(VstsApiPaths.GitRepository(NullIfEmpty(project), repository), default, "Git.GetRepository");
        return sender.SendAsync(request, VstsJsonContext.Default.GitRepository, cancellationToken);
    }

    public async Task<IReadOnlyList<GitCommitRef>> GetCommitsAsync(string repository, GitCommitsQuery query, string? project = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ItemVersion is not null)
        {
            GitVersionDescriptor.Check(query.ItemVersion, nameof(query));
        }

        CheckPaging(query.Top, query.Skip, nameof(query));
        var path = VstsApiPaths.GitCommits(NullIfEmpty(project), repository);
        var parameters = new VstsQuery()
            .Add("searchCriteria.itemVersion.version", query.ItemVersion?.Version)
            .Add("searchCriteria.itemVersion.versionType", query.ItemVersion?.WireType)
            .Add("searchCriteria.$top", query.Top)
            .Add("searchCriteria.$skip", query.Skip);
        var list = await sender.SendAsync(Get(path, parameters, "Git.GetCommits"), VstsJsonContext.Default.VstsListResponseGitCommitRef, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    public async Task<IReadOnlyList<GitCommitRef>> GetCommitsBetweenAsync(string repository, GitVersionDescriptor fromVersion, GitVersionDescriptor toVersion, int? top = null, int? skip = null, string? project = null, CancellationToken cancellationToken = default)
    {
        GitVersionDescriptor.Check(fromVersion, nameof(fromVersion));
        GitVersionDescriptor.Check(toVersion, nameof(toVersion));
        CheckPaging(top, skip, nameof(top));
        var uri = sender.OrganizationUri(VstsApiPaths.GitCommitsBatch(NullIfEmpty(project), repository), new VstsQuery().Add("$top", top).Add("$skip", skip));
        var body = new GitCommitsBatchBody { ItemVersion = GitVersionBody.From(fromVersion), CompareVersion = GitVersionBody.From(toVersion) };
        // A read: resending it cannot change anything.
        var request = new VstsRequest(HttpMethod.Post, uri, VstsApiVersions.Git, "Git.GetCommitsBatch", IsIdempotent: true, Content: VstsContent.Json(body, VstsJsonContext.Default.GitCommitsBatchBody));
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseGitCommitRef, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    public Task<GitCommitRef> GetCommitAsync(string repository, string commitId, string? project = null, CancellationToken cancellationToken = default)
    {
        var request = Get(VstsApiPaths.GitCommit(NullIfEmpty(project), repository, commitId), default, "Git.GetCommit");
        return sender.SendAsync(request, VstsJsonContext.Default.GitCommitRef, cancellationToken);
    }

    public Task<GitCommitChanges> GetCommitChangesAsync(string repository, string commitId, int? top = null, int? skip = null, string? project = null, CancellationToken cancellationToken = default)
    {
        CheckPaging(top, skip, nameof(top));
        var path = VstsApiPaths.GitCommitChanges(NullIfEmpty(project), repository, commitId);
        var request = Get(path, new VstsQuery().Add("top", top).Add("skip", skip), "Git.GetCommitChanges");
        return sender.SendAsync(request, VstsJsonContext.Default.GitCommitChanges, cancellationToken);
    }

    public Task<GitItem?> GetItemAsync(string repository, string path, GitVersionDescriptor version, bool includeContent = false, string? project = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        GitVersionDescriptor.Check(version, nameof(version));
        const string Operation = "Git.GetItem";
        var parameters = new VstsQuery()
            .Add("path", path.StartsWith('/') ? path : "/" + path)
            .Add("versionDescriptor.version", version.Version)
            .Add("versionDescriptor.versionType", version.WireType)
            .AddFlag("includeContent", includeContent);
        var uri = sender.OrganizationUri(VstsApiPaths.GitItems(NullIfEmpty(project), repository), parameters);
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.Git, Operation, IsIdempotent: true, InOperation: true);

        // One operation scope around the request, so an answered 404 ("no such file at that version") is a
        // successful "no" rather than a failed call in the logs and metrics.
        return sender.RunOperationAsync<GitItem?>(Operation, null, async () =>
        {
            try
            {
                return await sender.SendAsync(request, VstsJsonContext.Default.GitItem, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        });
    }

    private VstsRequest Get(string path, VstsQuery query, string operation) =>
        new(HttpMethod.Get, sender.OrganizationUri(path, query), VstsApiVersions.Git, operation, IsIdempotent: true);

    private static string? NullIfEmpty(string? project) => string.IsNullOrEmpty(project) ? null : project;

    private static void CheckPaging(int? top, int? skip, string parameterName)
    {
        if (top is <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, top, "top must be positive.");
        }

        if (skip is < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, skip, "skip must not be negative.");
        }
    }
}
