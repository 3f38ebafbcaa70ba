using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// Azure Repos Git: <c>[{project}/]_apis/git/repositories[/{repositoryId}]</c> and, below a repository,
/// <c>commits</c> (criteria <c>searchCriteria.itemVersion.*</c>, <c>searchCriteria.$top</c>, <c>searchCriteria.$skip</c>;
/// other parameters ignored, as Azure DevOps ignores them), <c>commits/{id}</c>, <c>commits/{id}/changes</c>
/// (<c>top</c>, <c>skip</c>), <c>commitsbatch</c> (POST, <c>$top</c>, <c>$skip</c>) and <c>items</c>.
/// </summary>
internal static class GitEndpoints
{
    /// <summary>Comments longer than this are cut in commit lists and flagged <c>commentTruncated</c>; a single-commit read has them whole.</summary>
    public const int ListCommentLength = 100;

    private const int DefaultTop = 100;

    public static readonly IReadOnlyList<EmulatorRoute> Routes =
    [
        new("GET", "git/repositories", RouteScope.OptionalProject, PreviewOnly: false, ListRepositories),
        new("GET", "git/repositories/{repositoryId}", RouteScope.OptionalProject, PreviewOnly: false, GetRepository),
        new("GET", "git/repositories/{repositoryId}/commits", RouteScope.OptionalProject, PreviewOnly: false, GetCommits),
        new("GET", "git/repositories/{repositoryId}/commits/{commitId}", RouteScope.OptionalProject, PreviewOnly: false, GetCommit),
        new("GET", "git/repositories/{repositoryId}/commits/{commitId}/changes", RouteScope.OptionalProject, PreviewOnly: false, GetChanges),
        new("POST", "git/repositories/{repositoryId}/commitsbatch", RouteScope.OptionalProject, PreviewOnly: false, GetCommitsBatch),
        new("GET", "git/repositories/{repositoryId}/items", RouteScope.OptionalProject, PreviewOnly: false, GetItem),
    ];

    private static Task<EmulatorAnswer> ListRepositories(EmulatorCall call) =>
        Done(EmulatorAnswer.List(call.Organization.FindRepositories(call.Project).Select(r => (JsonNode)Repository(call, r))));

    private static Task<EmulatorAnswer> GetRepository(EmulatorCall call) =>
        Done(EmulatorAnswer.Ok(Repository(call, Find(call))));

    private static Task<EmulatorAnswer> GetCommits(EmulatorCall call)
    {
        var repository = Find(call);
        var tip = call.Organization.ResolveVersion(repository, call.Query("searchCriteria.itemVersion.version"), call.Query("searchCriteria.itemVersion.versionType"));
        var skip = call.QueryInt("searchCriteria.$skip") ?? 0;
        var top = call.QueryInt("searchCriteria.$top", min: 1) ?? DefaultTop;
        var commits = call.Organization.CommitHistory(repository, tip).Skip(skip).Take(top);
        return Done(EmulatorAnswer.List(commits.Select(c => (JsonNode)Commit(call, c, whole: false))));
    }

    private static async Task<EmulatorAnswer> GetCommitsBatch(EmulatorCall call)
    {
        var repository = Find(call);
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var item = body["itemVersion"] as JsonObject;
        var compare = body["compareVersion"] as JsonObject;
        if (compare is not null && item is null)
        {
            throw EmulatorError.BadRequest("compareVersion is only applicable when itemVersion is specified.");
        }

        var skip = call.QueryInt("$skip") ?? 0;
        var top = call.QueryInt("$top", min: 1) ?? DefaultTop;
        if (top > 50_000 || skip > 3_000_000)
        {
            throw EmulatorError.BadRequest("$top cannot exceed 50,000 and $skip cannot exceed 3,000,000.");
        }

        // The walk starts at compareVersion and stops at what itemVersion reaches; with itemVersion alone it starts there.
        IReadOnlyList<EmulatedCommit> commits;
        if (compare is null)
        {
            var tip = call.Organization.ResolveVersion(repository, item is null ? null : EmulatorJson.String(item, "version"), item is null ? null : EmulatorJson.String(item, "versionType"));
            commits = call.Organization.CommitHistory(repository, tip);
        }
        else
        {
            var stop = call.Organization.ResolveVersion(repository, EmulatorJson.String(item!, "version"), EmulatorJson.String(item!, "versionType"));
            var tip = call.Organization.ResolveVersion(repository, EmulatorJson.String(compare, "version"), EmulatorJson.String(compare, "versionType"));
            commits = call.Organization.CommitHistory(repository, tip, stop);
        }

        return EmulatorAnswer.List(commits.Skip(skip).Take(top).Select(c => (JsonNode)Commit(call, c, whole: false)));
    }

    private static Task<EmulatorAnswer> GetCommit(EmulatorCall call)
    {
        var repository = Find(call);
        var commit = call.Organization.FindCommit(repository, call.Values["commitId"]);
        return Done(EmulatorAnswer.Ok(Commit(call, commit, whole: true)));
    }

    private static Task<EmulatorAnswer> GetChanges(EmulatorCall call)
    {
        var repository = Find(call);
        var commitId = call.Organization.FindCommit(repository, call.Values["commitId"]).CommitId;
        var all = call.Organization.ChangesOf(repository, commitId);
        var skip = call.QueryInt("skip") ?? 0;
        var top = call.QueryInt("top", min: 1) ?? int.MaxValue;
        var counts = new JsonObject();
        foreach (var group in all.Where(c => c.ObjectType != "tree").GroupBy(c => CountName(c.ChangeType)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts[group.Key] = group.Count();
        }

        var body = new JsonObject
        {
            ["changeCounts"] = counts,
            ["changes"] = new JsonArray([.. all.Skip(skip).Take(top).Select(c => (JsonNode)Change(call, repository, commitId, c))]),
        };
        return Done(EmulatorAnswer.Ok(body));
    }

    private static Task<EmulatorAnswer> GetItem(EmulatorCall call)
    {
        var repository = Find(call);
        var path = call.Query("path");
        if (string.IsNullOrWhiteSpace(path))
        {
            throw EmulatorError.BadRequest("The path of the item is required.");
        }

        var version = call.Query("versionDescriptor.version");
        var versionType = call.Query("versionDescriptor.versionType");
        var commitId = call.Organization.ResolveVersion(repository, version, versionType);
        var item = call.Organization.ItemAt(repository, commitId, path) ?? throw new EmulatorError(
            404,
            $"TF401174: The item '{EmulatedOrganization.NormalizePath(path)}' could not be found in the repository '{repository.Name}' at the version specified by '<{(string.IsNullOrEmpty(versionType) ? "Branch" : versionType)}: {version ?? repository.DefaultBranch}>' (resolved to commit '{commitId}').",
            "GitItemNotFoundException");
        var body = new JsonObject
        {
            ["objectId"] = item.ObjectId,
            ["gitObjectType"] = item.Kind switch { EmulatedObjectKind.Folder => "tree", EmulatedObjectKind.Submodule => "commit", _ => "blob" },
            ["commitId"] = commitId,
            ["path"] = item.Path,
        };
        if (item.Kind == EmulatedObjectKind.Folder)
        {
            body["isFolder"] = true;
        }

        if (call.QueryFlag("includeContent") && item.Kind == EmulatedObjectKind.File)
        {
            body["content"] = item.Content ?? string.Empty;
        }

        body["url"] = $"{RepositoryUrl(call, repository)}/items?path={Uri.EscapeDataString(item.Path)}&versionType=Branch&versionOptions=None";
        return Done(EmulatorAnswer.Ok(body));
    }

    private static EmulatedRepository Find(EmulatorCall call) => call.Organization.FindRepository(call.Project, call.Values["repositoryId"]);

    private static string RepositoryUrl(EmulatorCall call, EmulatedRepository repository) =>
        $"{call.Organization.Url}{repository.Project.Id}/_apis/git/repositories/{repository.Id}";

    private static JsonObject Repository(EmulatorCall call, EmulatedRepository repository)
    {
        var web = $"{call.Organization.Url}{Uri.EscapeDataString(repository.Project.Name)}/_git/{Uri.EscapeDataString(repository.Name)}";
        return new JsonObject
        {
            ["id"] = repository.Id,
            ["name"] = repository.Name,
            ["url"] = RepositoryUrl(call, repository),
            ["project"] = new JsonObject
            {
                ["id"] = repository.Project.Id,
                ["name"] = repository.Project.Name,
                ["url"] = $"{call.Organization.Url}_apis/projects/{repository.Project.Id}",
                ["state"] = "wellFormed",
                ["visibility"] = "private",
            },
            ["defaultBranch"] = "refs/heads/" + repository.DefaultBranch,
            ["remoteUrl"] = web,
            ["webUrl"] = web,
            ["isDisabled"] = false,
        };
    }

    private static JsonObject Commit(EmulatorCall call, EmulatedCommit commit, bool whole)
    {
        var truncated = !whole && commit.Message.Length > ListCommentLength;
        JsonObject Person() => new()
        {
            ["name"] = commit.AuthorName,
            ["email"] = commit.AuthorEmail,
            ["date"] = commit.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        var body = new JsonObject
        {
            ["commitId"] = commit.CommitId,
            ["author"] = Person(),
            ["committer"] = Person(),
            ["comment"] = truncated ? commit.Message[..ListCommentLength] : commit.Message,
        };
        if (truncated)
        {
            body["commentTruncated"] = true;
        }

        if (whole)
        {
            body["parents"] = commit.ParentId is null ? new JsonArray() : new JsonArray(commit.ParentId);
        }

        body["url"] = $"{RepositoryUrl(call, commit.Repository)}/commits/{commit.CommitId}";
        body["remoteUrl"] = $"{call.Organization.Url}{Uri.EscapeDataString(commit.Repository.Project.Name)}/_git/{Uri.EscapeDataString(commit.Repository.Name)}/commit/{commit.CommitId}";
        return body;
    }

    private static JsonObject Change(EmulatorCall call, EmulatedRepository repository, string commitId, GitChangeEntry change)
    {
        var item = new JsonObject
        {
            ["objectId"] = change.Item.ObjectId.Length > 0 ? change.Item.ObjectId : null,
            ["originalObjectId"] = change.OriginalObjectId,
            ["gitObjectType"] = change.ObjectType,
            ["commitId"] = commitId,
            ["path"] = change.Item.Path,
        };
        if (change.ObjectType == "tree")
        {
            item["isFolder"] = true;
        }

        item["url"] = $"{RepositoryUrl(call, repository)}/items{Uri.EscapeDataString(change.Item.Path).Replace("%2F", "/", StringComparison.Ordinal)}?versionType=Commit&version={commitId}";
        var body = new JsonObject { ["item"] = item, ["changeType"] = change.ChangeType };
        if (change.SourcePath is not null)
        {
            body["sourceServerItem"] = change.SourcePath;
        }

        return body;
    }

    private static string CountName(string changeType) => changeType switch
    {
        "add" => "Add",
        "delete" => "Delete",
        "edit" => "Edit",
        _ => "Rename",
    };

    private static Task<EmulatorAnswer> Done(EmulatorAnswer answer) => Task.FromResult(answer);
}
