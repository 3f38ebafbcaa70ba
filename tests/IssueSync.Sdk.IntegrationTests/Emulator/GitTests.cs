using IssueSync.Sdk.Client;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>The emulator's Azure Repos routes, read through the SDK's Git client, and its seeding rules.</summary>
public sealed class GitTests
{
    [Fact]
    public async Task Repositories_are_found_by_id_anywhere_and_by_name_only_in_their_project()
    {
        await using var harness = await SdkHarness.StartAsync();
        var web = harness.Organization.AddRepository("Project 1", "Web App");
        harness.Organization.AddRepository("Project 2", "Api");
        var git = harness.Client.Git;

        Assert.Equal(2, (await git.ListRepositoriesAsync()).Count);
        Assert.Equal("Web App", Assert.Single(await git.ListRepositoriesAsync("Project 1")).Name);
        Assert.Equal(web.Id, (await git.GetRepositoryAsync(web.Id)).Id);
        Assert.Equal(web.Id, (await git.GetRepositoryAsync("web app", "Project 1")).Id);
        var byNameWithoutProject = await Assert.ThrowsAsync<VstsApiException>(() => git.GetRepositoryAsync("Web App"));
        var inOtherProject = await Assert.ThrowsAsync<VstsApiException>(() => git.GetRepositoryAsync(web.Id, "Project 2"));
        Assert.Equal((VstsErrorKind.NotFound, "TF401019"), (byNameWithoutProject.Kind, byNameWithoutProject.ErrorCode));
        Assert.Equal(VstsErrorKind.NotFound, inOtherProject.Kind);
        Assert.Equal("main", web.DefaultBranch);
        Assert.Equal("refs/heads/main", (await git.GetRepositoryAsync(web.Id)).DefaultBranch);
    }

    [Fact]
    public async Task Lists_cut_long_comments_and_flag_them_while_one_commit_has_the_whole_comment()
    {
        await using var harness = await SdkHarness.StartAsync();
        var repository = harness.Organization.AddRepository("Project 1", "Web App");
        var message = new string('a', 100) + "\n\nFixes GRP-1";
        var commit = harness.Organization.AddCommit(repository, message, [EmulatedChange.AddFile("a.cs")]);
        var git = harness.Client.Git;

        var listed = Assert.Single(await git.GetCommitsAsync(repository.Id, new GitCommitsQuery()));
        var whole = await git.GetCommitAsync(repository.Id, commit.CommitId);

        Assert.Equal((new string('a', 100), true), (listed.Comment, listed.CommentTruncated));
        Assert.Equal((message, false), (whole.Comment, whole.CommentTruncated));
        Assert.Empty(whole.Parents);
    }

    [Fact]
    public async Task Commit_lists_page_with_the_search_criteria_and_start_at_a_branch_tag_or_commit()
    {
        await using var harness = await SdkHarness.StartAsync();
        var organization = harness.Organization;
        var repository = organization.AddRepository("Project 1", "Web App");
        var commits = Enumerable.Range(0, 5).Select(i => organization.AddCommit(repository, $"c{i}", [i == 0 ? EmulatedChange.AddFile("a.cs", "0") : EmulatedChange.EditFile("a.cs", $"{i}")])).ToList();
        var feature = organization.AddCommit(repository, "on a branch", [EmulatedChange.AddFile("b.cs")], branch: "feature/x");
        organization.AddTag(repository, "v1", commits[2].CommitId);
        var git = harness.Client.Git;

        var page = await git.GetCommitsAsync(repository.Id, new GitCommitsQuery { Top = 2, Skip = 1 });
        var fromTag = await git.GetCommitsAsync(repository.Id, new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Tag("v1") });
        var fromBranch = await git.GetCommitsAsync(repository.Id, new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Branch("feature/x"), Top = 2 });
        var between = await git.GetCommitsBetweenAsync(repository.Id, GitVersionDescriptor.Commit(commits[1].CommitId), GitVersionDescriptor.Branch("main"), top: 2, skip: 1);
        var unknown = await Assert.ThrowsAsync<VstsApiException>(() => git.GetCommitsAsync(repository.Id, new GitCommitsQuery { ItemVersion = GitVersionDescriptor.Branch("nope") }));

        Assert.Equal(["c3", "c2"], page.Select(c => c.Comment));
        Assert.Equal(["c2", "c1", "c0"], fromTag.Select(c => c.Comment));
        Assert.Equal([feature.CommitId, commits[4].CommitId], fromBranch.Select(c => c.CommitId));
        Assert.Equal(["c3", "c2"], between.Select(c => c.Comment));
        Assert.Equal((VstsErrorKind.NotFound, "TF401175"), (unknown.Kind, unknown.ErrorCode));
    }

    [Fact]
    public async Task Changes_list_files_folders_and_submodules_with_counts_and_page_with_top_and_skip()
    {
        await using var harness = await SdkHarness.StartAsync();
        var organization = harness.Organization;
        var repository = organization.AddRepository("Project 1", "Web App");
        organization.AddCommit(repository, "init", [EmulatedChange.AddFile("src/a.cs", "a"), EmulatedChange.AddFile("src/old.cs", "o")]);
        var commit = organization.AddCommit(repository, "work", [
            EmulatedChange.EditFile("src/a.cs", "a2"),
            EmulatedChange.RenameFile("src/old.cs", "lib/new.cs", "o2"),
            EmulatedChange.Submodule("external/pay"),
            EmulatedChange.AddFolder("docs"),
        ]);
        var git = harness.Client.Git;

        var all = await git.GetCommitChangesAsync(repository.Id, commit.CommitId);
        var page = await git.GetCommitChangesAsync(repository.Id, commit.CommitId, top: 2, skip: 1);

        Assert.Equal(
            [("add", "tree", "/external"), ("add", "tree", "/lib"), ("edit", "tree", "/src"), ("edit", "blob", "/src/a.cs"), ("edit, rename", "blob", "/lib/new.cs"), ("add", "commit", "/external/pay"), ("add", "tree", "/docs")],
            all.Changes.Select(c => (c.ChangeType, c.Item!.GitObjectType!, c.Item.Path)));
        Assert.Equal("/src/old.cs", all.Changes[4].SourceServerItem);
        Assert.Equal(new Dictionary<string, int> { ["Add"] = 1, ["Edit"] = 1, ["Rename"] = 1 }, all.ChangeCounts!.ToDictionary());
        Assert.Equal(["/lib", "/src"], page.Changes.Select(c => c.Item!.Path));
    }

    [Fact]
    public async Task Items_are_read_at_a_version_with_their_content_and_a_missing_one_is_null()
    {
        await using var harness = await SdkHarness.StartAsync();
        var organization = harness.Organization;
        var repository = organization.AddRepository("Project 1", "Web App");
        var first = organization.AddCommit(repository, "init", [EmulatedChange.AddFile("src/a b.cs", "v1")]);
        organization.AddCommit(repository, "edit", [EmulatedChange.EditFile("src/a b.cs", "v2")]);
        var git = harness.Client.Git;

        var atMain = await git.GetItemAsync("Web App", "src/a b.cs", GitVersionDescriptor.Branch("main"), includeContent: true, project: "Project 1");
        var atFirst = await git.GetItemAsync(repository.Id, "/src/a b.cs", GitVersionDescriptor.Commit(first.CommitId), includeContent: true);
        var folder = await git.GetItemAsync(repository.Id, "src", GitVersionDescriptor.Branch("main"));
        var metadataOnly = await git.GetItemAsync(repository.Id, "src/a b.cs", GitVersionDescriptor.Branch("main"));

        Assert.Equal(("/src/a b.cs", "blob", "v2"), (atMain!.Path, atMain.GitObjectType, atMain.Content));
        Assert.Equal("v1", atFirst!.Content);
        Assert.True(folder!.IsFolder);
        Assert.Null(metadataOnly!.Content);
        Assert.Null(await git.GetItemAsync(repository.Id, "src/b.cs", GitVersionDescriptor.Branch("main")));
        Assert.Null(await git.GetItemAsync(repository.Id, "src/a b.cs", GitVersionDescriptor.Tag("v9")));
        Assert.Equal(404, harness.Emulator.Requests[^1].StatusCode);
    }

    [Fact]
    public async Task Seeding_refuses_what_the_tree_does_not_allow()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var organization = emulator.Organization;
        var repository = organization.AddRepository("Project 1", "Web App");
        organization.AddCommit(repository, "init", [EmulatedChange.AddFile("a.cs")]);

        Assert.Throws<ArgumentException>(() => organization.AddRepository("Project 1", "web app"));
        Assert.Throws<InvalidOperationException>(() => organization.AddRepository("No Such Project", "Web App"));
        Assert.Throws<ArgumentException>(() => organization.AddCommit(repository, "again", [EmulatedChange.AddFile("a.cs")]));
        Assert.Throws<ArgumentException>(() => organization.AddCommit(repository, "edit", [EmulatedChange.EditFile("b.cs", "x")]));
        Assert.Throws<ArgumentException>(() => organization.AddCommit(repository, "delete", [EmulatedChange.DeleteFile("b.cs")]));
        Assert.Throws<ArgumentException>(() => organization.AddCommit(repository, "rename", [EmulatedChange.RenameFile("b.cs", "c.cs")]));
        Assert.Throws<ArgumentException>(() => organization.AddCommit(repository, "root", [EmulatedChange.AddFile("/")]));
        Assert.Throws<ArgumentException>(() => organization.AddTag(repository, "v1", new string('0', 40)));
        Assert.Single(organization.GetCommits(repository));
    }
}
