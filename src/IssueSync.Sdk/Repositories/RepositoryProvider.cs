using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Repositories;

/// <summary>The default <see cref="IRepositoryProvider"/> over one organization's client.</summary>
internal sealed class RepositoryProvider : IRepositoryProvider
{
    /// <summary>Commits per <c>commitsbatch</c> page.</summary>
    internal const int RangePageSize = 100;

    /// <summary>Changes per <c>changes</c> page.</summary>
    internal const int ChangesPageSize = 1000;

    private readonly IVstsClient _client;
    private readonly int _maxConcurrency;
    private readonly int _maxDetails;
    private readonly VstsSourceLinks _links;

    public RepositoryProvider(IVstsClient client, VstsRepositoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems("VstsRepositoryOptions.").ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _client = client;
        _maxConcurrency = options.MaxConcurrentDetailRequests;
        _maxDetails = options.MaxCommitDetails;
        _links = new VstsSourceLinks(client.Target.OrganizationUrl);
    }

    public Uri OrganizationUrl => _links.OrganizationUrl;

    public async Task<IReadOnlyList<RepositoryChoice>> ListRepositoriesAsync(string? query = null, CancellationToken cancellationToken = default)
    {
        var repositories = await _client.Git.ListRepositoriesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return repositories
            .Select(Choice)
            .Where(c => string.IsNullOrEmpty(query) || c.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<CommitRange> GetCommitsAsync(string repositoryId, string? fromCommit, string toCommit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryId);
        ArgumentException.ThrowIfNullOrWhiteSpace(toCommit);
        if (fromCommit is not null && string.IsNullOrWhiteSpace(fromCommit))
        {
            throw new ArgumentException("The start commit must be null (a first release) or a commit id.", nameof(fromCommit));
        }

        var repository = await _client.Git.GetRepositoryAsync(repositoryId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = Choice(repository).Name;
        var listed = fromCommit is null
            ? await _client.Git.GetCommitsAsync(
                repository.Id,
                new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Commit(toCommit), Top = IRepositoryProvider.LatestCommitsWithoutStart },
                cancellationToken: cancellationToken).ConfigureAwait(false)
            : await ReadRangeAsync(repository.Id, fromCommit, toCommit, cancellationToken).ConfigureAwait(false);

        var commits = new RepositoryCommit[listed.Count];
        var detailed = Math.Min(listed.Count, _maxDetails);
        for (var i = detailed; i < listed.Count; i++)
        {
            commits[i] = Commit(listed[i], name, listed[i].Comment ?? string.Empty, [], hasDetails: false);
        }

        // One commit's requests run one after another, so at most this many requests are in flight.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, detailed),
            new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken },
            async (index, ct) => commits[index] = await ReadDetailsAsync(repository.Id, name, listed[index], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new CommitRange(commits, Truncated: listed.Count > detailed);
    }

    public Uri FormatSourceUrl(string project, string repository, string path, string branch) => _links.Format(project, repository, path, branch);

    public async Task<Uri?> GetSourceUrlAsync(string project, string repository, string path, string branch, CancellationToken cancellationToken = default)
    {
        var link = _links.Format(project, repository, path, branch);
        var item = await _client.Git.GetItemAsync(repository, path, GitVersionDescriptor.Branch(VstsSourceLinks.StripHeads(branch)), project: project, cancellationToken: cancellationToken).ConfigureAwait(false);
        return item is null ? null : link;
    }

    public bool SourceUrlMatches(string url) => !string.IsNullOrWhiteSpace(url) && _links.Matches(url);

    public SourceLocation? ParseSourceUrl(string url) => string.IsNullOrWhiteSpace(url) ? null : _links.Parse(url);

    /// <summary>Maps Azure DevOps' change type flags to the patch set letter; null for a change that is not about a file.</summary>
    internal static CommitFileChange? FileChange(GitChange change)
    {
        if (change.Item is not { } item || !string.Equals(item.GitObjectType, "blob", StringComparison.OrdinalIgnoreCase) || item.IsFolder)
        {
            return null;
        }

        var flags = change.ChangeType.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Has(string flag) => flags.Contains(flag, StringComparer.OrdinalIgnoreCase);
        var path = item.Path.TrimStart('/');
        if (Has("rename") || Has("sourceRename"))
        {
            var before = change.SourceServerItem ?? change.OriginalPath;
            return new CommitFileChange(path, CommitFileChange.Renamed, before?.TrimStart('/'));
        }

        if (Has("delete"))
        {
            return new CommitFileChange(path, CommitFileChange.Deleted);
        }

        if (Has("add") || Has("undelete") || Has("branch"))
        {
            return new CommitFileChange(path, CommitFileChange.Added);
        }

        return flags.Length == 0 || Has("none") ? null : new CommitFileChange(path, CommitFileChange.Modified);
    }

    private static RepositoryChoice Choice(GitRepository repository)
    {
        var project = repository.Project?.Name ?? string.Empty;
        var branch = repository.DefaultBranch is { } full && full.StartsWith("refs/heads/", StringComparison.Ordinal) ? full["refs/heads/".Length..] : repository.DefaultBranch;
        return new RepositoryChoice(repository.Id, project.Length == 0 ? repository.Name : project + "/" + repository.Name, project, repository.Name, branch);
    }

    private static RepositoryCommit Commit(GitCommitRef commit, string repository, string message, IReadOnlyList<CommitFileChange> patchSet, bool hasDetails) =>
        new(commit.CommitId, repository, commit.Author?.Name, commit.Author?.Email, message, commit.Author?.Date, patchSet, hasDetails);

    /// <summary>Every page of the range: Azure DevOps answers at most <see cref="RangePageSize"/> commits per call.</summary>
    private async Task<IReadOnlyList<GitCommitRef>> ReadRangeAsync(string repositoryId, string fromCommit, string toCommit, CancellationToken cancellationToken)
    {
        var all = new List<GitCommitRef>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var page = await _client.Git.GetCommitsBetweenAsync(repositoryId, GitVersionDescriptor.Commit(fromCommit), GitVersionDescriptor.Commit(toCommit), RangePageSize, all.Count, cancellationToken: cancellationToken).ConfigureAwait(false);

            // A page that repeats a commit means $skip was not applied: stop instead of reading forever.
            if (page.Any(c => !seen.Add(c.CommitId)))
            {
                throw new VstsApiException(
                    "Azure DevOps returned a commit twice while paging a commit range; stopped instead of looping.",
                    VstsErrorKind.InvalidResponse,
                    operation: "Git.GetCommitsBatch");
            }

            all.AddRange(page);
            if (page.Count < RangePageSize)
            {
                return all;
            }
        }
    }

    private async Task<RepositoryCommit> ReadDetailsAsync(string repositoryId, string repository, GitCommitRef listed, CancellationToken cancellationToken)
    {
        // Issue references can be anywhere in the message: read the commit when the list cut it.
        var message = listed.Comment ?? string.Empty;
        if (listed.CommentTruncated)
        {
            var whole = await _client.Git.GetCommitAsync(repositoryId, listed.CommitId, cancellationToken: cancellationToken).ConfigureAwait(false);
            message = whole.Comment ?? message;
        }

        var patchSet = new List<CommitFileChange>();
        for (var skip = 0; ; skip += ChangesPageSize)
        {
            var page = await _client.Git.GetCommitChangesAsync(repositoryId, listed.CommitId, ChangesPageSize, skip == 0 ? null : skip, cancellationToken: cancellationToken).ConfigureAwait(false);
            patchSet.AddRange(page.Changes.Select(FileChange).OfType<CommitFileChange>());
            if (page.Changes.Count < ChangesPageSize)
            {
                break;
            }
        }

        return Commit(listed, repository, message, patchSet, hasDetails: true);
    }
}
