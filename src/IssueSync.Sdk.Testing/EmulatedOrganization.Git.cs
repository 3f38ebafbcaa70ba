using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>Azure Repos Git: repositories with branches, tags and linear commit histories, seeded by tests.</summary>
public sealed partial class EmulatedOrganization
{
    private readonly Lock _gitGate = new();
    private readonly List<EmulatedRepository> _repositories = [];
    private readonly Dictionary<string, GitRepositoryState> _gitStates = new(StringComparer.OrdinalIgnoreCase);
    private long _commitSequence;

    /// <summary>The Git repositories, in creation order.</summary>
    public IReadOnlyList<EmulatedRepository> Repositories
    {
        get
        {
            lock (_gitGate)
            {
                return [.. _repositories];
            }
        }
    }

    /// <summary>Adds an empty Git repository to a project.</summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="name">The repository name (unique within the project, ignoring case).</param>
    /// <param name="defaultBranch">The default branch name (without <c>refs/heads/</c>).</param>
    /// <returns>The repository.</returns>
    public EmulatedRepository AddRepository(string project, string name, string defaultBranch = "main")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultBranch);
        var owner = AsTestAction(() => FindProject(project));
        lock (_gitGate)
        {
            if (_repositories.Exists(r => r.Project.Id == owner.Id && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Project '{owner.Name}' already has a repository named '{name}'.", nameof(name));
            }

            var repository = new EmulatedRepository(Guid.NewGuid().ToString("D"), name, owner, defaultBranch);
            _repositories.Add(repository);
            _gitStates[repository.Id] = new GitRepositoryState();
            return repository;
        }
    }

    /// <summary>
    /// Adds a commit on top of a branch (the default branch when null; a new branch starts from the default
    /// branch's head). Adding a file that exists, or editing, deleting or renaming one that does not, is refused.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="message">The whole commit message.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="branch">The branch; the default branch when null.</param>
    /// <param name="author">The author; the authenticated user when null.</param>
    /// <param name="date">The author date; now when null.</param>
    /// <returns>The commit.</returns>
    public EmulatedCommit AddCommit(EmulatedRepository repository, string message, IReadOnlyList<EmulatedChange> changes, string? branch = null, EmulatedUser? author = null, DateTimeOffset? date = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(changes);
        var who = author ?? AuthenticatedUser;
        lock (_gitGate)
        {
            var state = StateLocked(repository.Id) ?? throw new ArgumentException($"Repository '{repository.FullName}' is not part of this organization.", nameof(repository));
            branch ??= repository.DefaultBranch;
            var parentId = state.Branches.GetValueOrDefault(branch) ?? state.Branches.GetValueOrDefault(repository.DefaultBranch);
            var tree = parentId is null ? new Dictionary<string, GitTreeEntry>(StringComparer.Ordinal) : new Dictionary<string, GitTreeEntry>(state.Commits[parentId].Tree, StringComparer.Ordinal);
            var sequence = ++_commitSequence;
            var commitId = Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{repository.Id}\n{parentId}\n{message}\n{sequence.ToString(CultureInfo.InvariantCulture)}")));
            var wire = new List<GitChangeEntry>();
            foreach (var change in changes)
            {
                wire.AddRange(ApplyChange(tree, change ?? throw new ArgumentException("A change is null.", nameof(changes)), commitId));
            }

            var commit = new EmulatedCommit(commitId, repository, branch, message, who.DisplayName, who.MailAddress.Length > 0 ? who.MailAddress : who.PrincipalName, date ?? _time.GetUtcNow(), parentId, [.. changes]);
            state.Commits[commitId] = new GitCommitNode(commit, tree, FolderEntries(wire, parentId is null ? null : state.Commits[parentId].Tree, commitId).Concat(wire).ToList());
            state.Branches[branch] = commitId;
            return commit;
        }
    }

    /// <summary>Points a tag at a commit.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="tag">The tag name.</param>
    /// <param name="commitId">The commit.</param>
    public void AddTag(EmulatedRepository repository, string tag, string commitId)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        lock (_gitGate)
        {
            var state = StateLocked(repository.Id) ?? throw new ArgumentException($"Repository '{repository.FullName}' is not part of this organization.", nameof(repository));
            state.Tags[tag] = state.Commits.ContainsKey(commitId) ? commitId : throw new ArgumentException($"Commit '{commitId}' is not in '{repository.FullName}'.", nameof(commitId));
        }
    }

    /// <summary>The history of a branch (the default branch when null), newest first.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="branch">The branch.</param>
    /// <returns>The commits.</returns>
    public IReadOnlyList<EmulatedCommit> GetCommits(EmulatedRepository repository, string? branch = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        lock (_gitGate)
        {
            var state = StateLocked(repository.Id) ?? throw new ArgumentException($"Repository '{repository.FullName}' is not part of this organization.", nameof(repository));
            var head = state.Branches.GetValueOrDefault(branch ?? repository.DefaultBranch);
            return head is null ? [] : [.. HistoryLocked(state, head).Select(n => n.Commit)];
        }
    }

    internal IReadOnlyList<EmulatedRepository> FindRepositories(string? project)
    {
        var owner = project is null ? null : FindProject(project);
        lock (_gitGate)
        {
            return [.. _repositories.Where(r => owner is null || r.Project.Id == owner.Id)];
        }
    }

    /// <summary>By id anywhere (within the project when given), or by name within the project.</summary>
    internal EmulatedRepository FindRepository(string? project, string idOrName)
    {
        var owner = project is null ? null : FindProject(project);
        lock (_gitGate)
        {
            return _repositories.Find(r => string.Equals(r.Id, idOrName, StringComparison.OrdinalIgnoreCase) && (owner is null || r.Project.Id == owner.Id))
                ?? (owner is null ? null : _repositories.Find(r => r.Project.Id == owner.Id && string.Equals(r.Name, idOrName, StringComparison.OrdinalIgnoreCase)))
                ?? throw new EmulatorError(404, $"TF401019: The Git repository with name or identifier {idOrName} does not exist or you do not have permissions for the operation you are attempting.", "GitRepositoryNotFoundException");
        }
    }

    /// <summary>The commit a version names; Azure DevOps' 404 when it names none.</summary>
    internal string ResolveVersion(EmulatedRepository repository, string? version, string? versionType)
    {
        lock (_gitGate)
        {
            var state = _gitStates[repository.Id];
            var type = string.IsNullOrEmpty(versionType) ? "branch" : versionType.ToLowerInvariant();
            var name = string.IsNullOrEmpty(version) ? repository.DefaultBranch : version;
            var commit = type switch
            {
                "branch" => state.Branches.GetValueOrDefault(name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : name),
                "tag" => state.Tags.GetValueOrDefault(name),
                "commit" => state.Commits.ContainsKey(name) ? name : null,
                _ => throw EmulatorError.BadRequest($"The version type '{versionType}' is not valid; use branch, tag or commit."),
            };
            return commit ?? throw new EmulatorError(
                404,
                $"TF401175: The version descriptor <{char.ToUpperInvariant(type[0])}{type[1..]}: {name}> could not be resolved to a version in the repository {repository.Name}",
                "GitUnresolvableToCommitException");
        }
    }

    /// <summary>The commits reachable from <paramref name="tip"/> and not from <paramref name="stop"/>, newest first.</summary>
    internal IReadOnlyList<EmulatedCommit> CommitHistory(EmulatedRepository repository, string tip, string? stop = null)
    {
        lock (_gitGate)
        {
            var state = _gitStates[repository.Id];
            var excluded = stop is null ? [] : HistoryLocked(state, stop).Select(n => n.Commit.CommitId).ToHashSet(StringComparer.Ordinal);
            return [.. HistoryLocked(state, tip).Where(n => !excluded.Contains(n.Commit.CommitId)).Select(n => n.Commit)];
        }
    }

    internal EmulatedCommit FindCommit(EmulatedRepository repository, string commitId)
    {
        lock (_gitGate)
        {
            return _gitStates[repository.Id].Commits.GetValueOrDefault(commitId)?.Commit ?? throw UnknownCommit(repository, commitId);
        }
    }

    internal IReadOnlyList<GitChangeEntry> ChangesOf(EmulatedRepository repository, string commitId)
    {
        lock (_gitGate)
        {
            return _gitStates[repository.Id].Commits.GetValueOrDefault(commitId)?.Changes ?? throw UnknownCommit(repository, commitId);
        }
    }

    /// <summary>The file, folder or submodule at a path in a commit's tree; null when there is none.</summary>
    internal GitTreeEntry? ItemAt(EmulatedRepository repository, string commitId, string path)
    {
        lock (_gitGate)
        {
            var tree = _gitStates[repository.Id].Commits[commitId].Tree;
            var normalized = NormalizePath(path);
            if (normalized == "/")
            {
                return new GitTreeEntry("/", EmulatedObjectKind.Folder, null, ObjectId("tree:/" + commitId));
            }

            return tree.GetValueOrDefault(normalized)
                ?? (tree.Keys.Any(k => k.StartsWith(normalized + "/", StringComparison.Ordinal)) ? new GitTreeEntry(normalized, EmulatedObjectKind.Folder, null, ObjectId("tree:" + normalized + commitId)) : null);
        }
    }

    internal static string NormalizePath(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim();
        trimmed = "/" + trimmed.Trim('/');
        return trimmed;
    }

    private static EmulatorError UnknownCommit(EmulatedRepository repository, string commitId) =>
        new(404, $"TF401175: The version descriptor <Commit: {commitId}> could not be resolved to a version in the repository {repository.Name}", "GitUnresolvableToCommitException");

    private GitRepositoryState? StateLocked(string repositoryId) => _gitStates.GetValueOrDefault(repositoryId);

    private static IEnumerable<GitCommitNode> HistoryLocked(GitRepositoryState state, string tip)
    {
        for (var id = tip; id is not null; id = state.Commits[id].Commit.ParentId)
        {
            yield return state.Commits[id];
        }
    }

    private static IEnumerable<GitChangeEntry> ApplyChange(Dictionary<string, GitTreeEntry> tree, EmulatedChange change, string commitId)
    {
        var path = NormalizePath(change.Path);
        if (path == "/")
        {
            throw new ArgumentException("A change needs a path below the repository root.", nameof(change));
        }

        var objectType = change.ObjectKind switch
        {
            EmulatedObjectKind.Folder => "tree",
            EmulatedObjectKind.Submodule => "commit",
            _ => "blob",
        };
        var existing = tree.GetValueOrDefault(path);
        switch (change.Kind)
        {
            case EmulatedChangeKind.Add:
                if (existing is not null)
                {
                    throw new ArgumentException($"'{path}' already exists; edit it instead.", nameof(change));
                }

                var added = new GitTreeEntry(path, change.ObjectKind, change.Content ?? string.Empty, ObjectId(change.ObjectKind + ":" + path + ":" + change.Content + ":" + commitId));
                tree[path] = added;
                yield return new GitChangeEntry("add", added, objectType, null, null);
                break;
            case EmulatedChangeKind.Edit:
                if (existing is null)
                {
                    throw new ArgumentException($"'{path}' does not exist; add it first.", nameof(change));
                }

                var edited = existing with { Content = change.Content ?? existing.Content, ObjectId = ObjectId(change.ObjectKind + ":" + path + ":" + change.Content + ":" + commitId) };
                tree[path] = edited;
                yield return new GitChangeEntry("edit", edited, objectType, existing.ObjectId, null);
                break;
            case EmulatedChangeKind.Delete:
                if (existing is null || !tree.Remove(path))
                {
                    throw new ArgumentException($"'{path}' does not exist, so it cannot be deleted.", nameof(change));
                }

                yield return new GitChangeEntry("delete", existing with { ObjectId = string.Empty }, ObjectTypeOf(existing.Kind), existing.ObjectId, null);
                break;
            case EmulatedChangeKind.Rename:
                var from = NormalizePath(change.OriginalPath ?? throw new ArgumentException("A rename needs the original path.", nameof(change)));
                if (!tree.Remove(from, out var source))
                {
                    throw new ArgumentException($"'{from}' does not exist, so it cannot be renamed.", nameof(change));
                }

                if (tree.ContainsKey(path))
                {
                    throw new ArgumentException($"'{path}' already exists; a rename cannot overwrite it.", nameof(change));
                }

                var changed = change.Content is not null && change.Content != source.Content;
                var moved = source with { Path = path, Content = changed ? change.Content : source.Content, ObjectId = changed ? ObjectId("blob:" + path + ":" + change.Content + ":" + commitId) : source.ObjectId };
                tree[path] = moved;
                yield return new GitChangeEntry(changed ? "edit, rename" : "rename", moved, ObjectTypeOf(source.Kind), source.ObjectId, from);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Not a change kind.");
        }
    }

    /// <summary>
    /// The folders above the changed items, as Azure DevOps lists them among a commit's changes: <c>edit</c> of a
    /// <c>tree</c> for a folder that existed before, <c>add</c> for a new one (explicitly added folders excepted).
    /// </summary>
    private static IEnumerable<GitChangeEntry> FolderEntries(List<GitChangeEntry> changes, IReadOnlyDictionary<string, GitTreeEntry>? before, string commitId)
    {
        var explicitFolders = changes.Where(c => c.ObjectType == "tree").Select(c => c.Item.Path).ToHashSet(StringComparer.Ordinal);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            foreach (var path in new[] { change.Item.Path, change.SourcePath })
            {
                for (var slash = path?.LastIndexOf('/') ?? -1; slash > 0; slash = path!.LastIndexOf('/', slash - 1))
                {
                    folders.Add(path![..slash]);
                }
            }
        }

        foreach (var folder in folders.Where(f => !explicitFolders.Contains(f)))
        {
            var existed = before is not null && before.Keys.Any(k => k.StartsWith(folder + "/", StringComparison.Ordinal));
            yield return new GitChangeEntry(existed ? "edit" : "add", new GitTreeEntry(folder, EmulatedObjectKind.Folder, null, ObjectId("tree:" + folder + commitId)), "tree", null, null);
        }
    }

    private static string ObjectTypeOf(EmulatedObjectKind kind) => kind switch
    {
        EmulatedObjectKind.Folder => "tree",
        EmulatedObjectKind.Submodule => "commit",
        _ => "blob",
    };

    private static string ObjectId(string seed) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    // Git ids are 40 hex digits: the first 20 bytes of a SHA-256 stand in for SHA-1.
    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash, 0, 20);

    private sealed class GitRepositoryState
    {
        public Dictionary<string, GitCommitNode> Commits { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    }

    private sealed record GitCommitNode(EmulatedCommit Commit, IReadOnlyDictionary<string, GitTreeEntry> Tree, IReadOnlyList<GitChangeEntry> Changes);
}

/// <summary>A file, folder or submodule in a commit's tree.</summary>
internal sealed record GitTreeEntry(string Path, EmulatedObjectKind Kind, string? Content, string ObjectId);

/// <summary>One change of a commit as the changes endpoint lists it.</summary>
internal sealed record GitChangeEntry(string ChangeType, GitTreeEntry Item, string ObjectType, string? OriginalObjectId, string? SourcePath);
