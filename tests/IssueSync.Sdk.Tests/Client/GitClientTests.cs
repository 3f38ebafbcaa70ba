using System.Net;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Tests.Client;

public sealed class GitClientTests : IDisposable
{
    private const string ApiVersion = "7.1";
    private const string Org = "https://dev.azure.com/fabrikam/";
    private const string RepoId = "278d5cd2-584d-4b63-824a-2ba458937249";
    private const string Sha = "be67f8871a4d2c75f13a51c1d3c30ac0d74d4ef4";

    private readonly AreaTestHarnessB _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ListRepositoriesAsync_reads_the_organization_or_one_project_with_an_escaped_name()
    {
        var all = Org + "_apis/git/repositories";
        var inProject = Org + "Fabrikam%20Fiber/_apis/git/repositories";
        _harness.Expect(HttpMethod.Get, all, json: """{"count":1,"value":[{"id":"r1","name":"Web","project":{"id":"p1","name":"Fabrikam Fiber"},"defaultBranch":"refs/heads/main","webUrl":"https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web"}]}""");
        _harness.Expect(HttpMethod.Get, inProject, json: """{"count":0,"value":[]}""");

        var repositories = await _harness.Client.Git.ListRepositoriesAsync();
        var none = await _harness.Client.Git.ListRepositoriesAsync("Fabrikam Fiber");

        _harness.AssertSent(0, HttpMethod.Get, all, ApiVersion, "Git.ListRepositories", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, inProject, ApiVersion, "Git.ListRepositories", idempotent: true);
        _harness.VerifyAll(2);
        var repository = Assert.Single(repositories);
        Assert.Equal(("r1", "Web", "Fabrikam Fiber", "refs/heads/main"), (repository.Id, repository.Name, repository.Project?.Name, repository.DefaultBranch));
        Assert.Empty(none);
    }

    [Fact]
    public async Task GetRepositoryAsync_reads_by_id_at_the_organization_or_by_name_in_its_project()
    {
        var byId = Org + "_apis/git/repositories/" + RepoId;
        var byName = Org + "Fabrikam%20Fiber/_apis/git/repositories/My%20Repo";
        _harness.Expect(HttpMethod.Get, byId, json: $$"""{"id":"{{RepoId}}","name":"Web"}""");
        _harness.Expect(HttpMethod.Get, byName, json: """{"id":"r2","name":"My Repo"}""");

        var first = await _harness.Client.Git.GetRepositoryAsync(RepoId);
        var second = await _harness.Client.Git.GetRepositoryAsync("My Repo", "Fabrikam Fiber");

        _harness.AssertSent(0, HttpMethod.Get, byId, ApiVersion, "Git.GetRepository", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, byName, ApiVersion, "Git.GetRepository", idempotent: true);
        _harness.VerifyAll(2);
        Assert.Equal("Web", first.Name);
        Assert.Equal("r2", second.Id);
    }

    [Fact]
    public async Task GetCommitsAsync_sends_the_documented_search_criteria_names_and_no_bare_top()
    {
        var url = Org + "_apis/git/repositories/" + RepoId + "/commits?searchCriteria.itemVersion.version=" + Sha
            + "&searchCriteria.itemVersion.versionType=commit&searchCriteria.$top=10&searchCriteria.$skip=20";
        _harness.Expect(HttpMethod.Get, url, json: $$$"""{"count":1,"value":[{"commitId":"{{{Sha}}}","comment":"Fix GRP-1 in the ...","commentTruncated":true,"author":{"name":"Ada","email":"ada@example.com","date":"2026-11-30T10:00:00Z"},"parents":["p0"],"changeCounts":{"Add":1,"Edit":2}}]}""");

        var commits = await _harness.Client.Git.GetCommitsAsync(RepoId, new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Commit(Sha), Top = 10, Skip = 20 });

        _harness.AssertSent(0, HttpMethod.Get, url, ApiVersion, "Git.GetCommits", idempotent: true);
        _harness.VerifyAll(1);
        var commit = Assert.Single(commits);
        Assert.True(commit.CommentTruncated);
        Assert.Equal(("Ada", "ada@example.com"), (commit.Author?.Name, commit.Author?.Email));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), commit.Author?.Date);
        Assert.Equal(["p0"], commit.Parents);
        Assert.Equal(2, commit.ChangeCounts!["Edit"]);
    }

    [Fact]
    public async Task GetCommitsAsync_without_criteria_sends_no_query_and_a_branch_version_in_a_project()
    {
        var plain = Org + "_apis/git/repositories/" + RepoId + "/commits";
        var branch = Org + "P/_apis/git/repositories/Web/commits?searchCriteria.itemVersion.version=release%2F1.0&searchCriteria.itemVersion.versionType=branch";
        _harness.Expect(HttpMethod.Get, plain, json: """{"count":0,"value":[]}""");
        _harness.Expect(HttpMethod.Get, branch, json: """{"count":0,"value":[]}""");

        await _harness.Client.Git.GetCommitsAsync(RepoId, new GitCommitsQuery());
        await _harness.Client.Git.GetCommitsAsync("Web", new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Branch("release/1.0") }, "P");

        _harness.AssertSent(0, HttpMethod.Get, plain, ApiVersion, "Git.GetCommits", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, branch, ApiVersion, "Git.GetCommits", idempotent: true);
        _harness.VerifyAll(2);
    }

    [Fact]
    public async Task GetCommitsBetweenAsync_posts_the_two_versions_with_top_and_skip_as_an_idempotent_read()
    {
        var url = Org + "_apis/git/repositories/" + RepoId + "/commitsbatch?$top=100&$skip=200";
        _harness.Expect(HttpMethod.Post, url, json: """{"count":1,"value":[{"commitId":"c2","comment":"two"}]}""");

        var commits = await _harness.Client.Git.GetCommitsBetweenAsync(RepoId, GitVersionDescriptor.Commit("c0"), GitVersionDescriptor.Tag("v2"), top: 100, skip: 200);

        _harness.AssertSent(0, HttpMethod.Post, url, ApiVersion, "Git.GetCommitsBatch", idempotent: true,
            body: """{"itemVersion":{"version":"c0","versionType":"commit"},"compareVersion":{"version":"v2","versionType":"tag"}}""");
        _harness.VerifyAll(1);
        Assert.Equal("c2", Assert.Single(commits).CommitId);
    }

    [Fact]
    public async Task GetCommitAsync_and_GetCommitChangesAsync_read_the_commit_and_one_page_of_changes()
    {
        var commitUrl = Org + "_apis/git/repositories/" + RepoId + "/commits/" + Sha;
        var changesUrl = commitUrl + "/changes?top=2&skip=10";
        _harness.Expect(HttpMethod.Get, commitUrl, json: $$"""{"commitId":"{{Sha}}","comment":"the whole message\n\nFixes GRP-1","commentTruncated":false}""");
        _harness.Expect(HttpMethod.Get, changesUrl, json: """
            {"changeCounts":{"Add":1,"Rename":1},"changes":[
              {"item":{"gitObjectType":"blob","path":"/src/new name.cs","objectId":"o1"},"changeType":"edit, rename","sourceServerItem":"/src/old.cs"},
              {"item":{"gitObjectType":"tree","path":"/src","isFolder":true},"changeType":"edit"}]}
            """);

        var commit = await _harness.Client.Git.GetCommitAsync(RepoId, Sha);
        var changes = await _harness.Client.Git.GetCommitChangesAsync(RepoId, Sha, top: 2, skip: 10);

        _harness.AssertSent(0, HttpMethod.Get, commitUrl, ApiVersion, "Git.GetCommit", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, changesUrl, ApiVersion, "Git.GetCommitChanges", idempotent: true);
        _harness.VerifyAll(2);
        Assert.Equal("the whole message\n\nFixes GRP-1", commit.Comment);
        Assert.Equal(2, changes.Changes.Count);
        Assert.Equal(("edit, rename", "/src/new name.cs", "/src/old.cs", "blob"), (changes.Changes[0].ChangeType, changes.Changes[0].Item?.Path, changes.Changes[0].SourceServerItem, changes.Changes[0].Item?.GitObjectType));
        Assert.True(changes.Changes[1].Item?.IsFolder);
        Assert.Equal(1, changes.ChangeCounts!["Rename"]);
    }

    [Fact]
    public async Task GetItemAsync_reads_the_path_at_a_branch_and_a_404_is_null()
    {
        var found = Org + "My%20Project/_apis/git/repositories/My%20Repo/items?path=%2Fsrc%2Fa%20b%23c.cs&versionDescriptor.version=main&versionDescriptor.versionType=branch&includeContent=true";
        var missing = Org + "_apis/git/repositories/" + RepoId + "/items?path=%2Fgone.cs&versionDescriptor.version=main&versionDescriptor.versionType=branch";
        _harness.Expect(HttpMethod.Get, found, json: """{"objectId":"o1","gitObjectType":"blob","commitId":"c1","path":"/src/a b#c.cs","content":"class C {}"}""");
        _harness.Expect(HttpMethod.Get, missing, HttpStatusCode.NotFound, AreaTestHarnessB.ErrorJson("TF401174: The item '/gone.cs' could not be found in the repository 'Web' at the version specified by '<Branch: main >'.", "GitItemNotFoundException"));

        var item = await _harness.Client.Git.GetItemAsync("My Repo", "src/a b#c.cs", GitVersionDescriptor.Branch("main"), includeContent: true, project: "My Project");
        var none = await _harness.Client.Git.GetItemAsync(RepoId, "/gone.cs", GitVersionDescriptor.Branch("main"));

        _harness.AssertSent(0, HttpMethod.Get, found, ApiVersion, "Git.GetItem", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, missing, ApiVersion, "Git.GetItem", idempotent: true);
        _harness.VerifyAll(2);
        Assert.Equal(("/src/a b#c.cs", "class C {}"), (item?.Path, item?.Content));
        Assert.Null(none);
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessB.ErrorStatuses), MemberType = typeof(AreaTestHarnessB))]
    public async Task Every_read_surfaces_a_failure_with_its_kind(HttpStatusCode status, VstsErrorKind kind)
    {
        var url = Org + "_apis/git/repositories/" + RepoId + "/commits/" + Sha;
        _harness.Expect(HttpMethod.Get, url, status, AreaTestHarnessB.ErrorJson("TF401175: nope", "GitUnresolvableToCommitException"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Git.GetCommitAsync(RepoId, Sha));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task GetItemAsync_does_not_hide_a_failure_other_than_404()
    {
        var url = Org + "_apis/git/repositories/" + RepoId + "/items?path=%2Fa.cs&versionDescriptor.version=main&versionDescriptor.versionType=branch";
        _harness.Expect(HttpMethod.Get, url, HttpStatusCode.Forbidden, AreaTestHarnessB.ErrorJson("TF401019: no access", "GitRepositoryNotFoundException"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Git.GetItemAsync(RepoId, "a.cs", GitVersionDescriptor.Branch("main")));

        Assert.Equal(VstsErrorKind.Forbidden, ex.Kind);
    }

    [Fact]
    public async Task Bad_arguments_fail_before_any_request()
    {
        var git = _harness.Client.Git;
        await Assert.ThrowsAsync<ArgumentNullException>(() => git.GetCommitsAsync(RepoId, null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => git.GetCommitsAsync(RepoId, new GitCommitsQuery { Top = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => git.GetCommitsAsync(RepoId, new GitCommitsQuery { Skip = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => git.GetCommitsAsync(RepoId, new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Commit(" ") }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => git.GetCommitsBetweenAsync(RepoId, null!, GitVersionDescriptor.Commit("a")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => git.GetCommitsBetweenAsync(RepoId, GitVersionDescriptor.Commit("a"), new GitVersionDescriptor("b", (GitVersionType)42)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => git.GetCommitChangesAsync(RepoId, Sha, top: -1));
        await Assert.ThrowsAsync<ArgumentException>(() => git.GetItemAsync(RepoId, " ", GitVersionDescriptor.Branch("main")));
        await Assert.ThrowsAsync<ArgumentException>(() => git.GetRepositoryAsync(" "));
        await Assert.ThrowsAsync<ArgumentException>(() => git.GetCommitAsync(RepoId, ""));
        _harness.VerifyAll(0);
    }
}
