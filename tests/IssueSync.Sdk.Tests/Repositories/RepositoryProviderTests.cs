using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Tests.Repositories;

public sealed class RepositoryProviderTests
{
    public static TheoryData<string, string, string?, string?, CommitFileChange?> Changes => new()
    {
        { "add", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "A") },
        { "edit", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "M") },
        { "delete", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "D") },
        { "rename", "blob", "/lib/b.cs", "/src/a.cs", new CommitFileChange("lib/b.cs", "R", "src/a.cs") },
        { "edit, rename", "blob", "/lib/b.cs", "/src/a.cs", new CommitFileChange("lib/b.cs", "R", "src/a.cs") },
        { "delete, sourceRename", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "R") },
        { "add, edit", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "A") },
        { "encoding", "blob", "/src/a.cs", null, new CommitFileChange("src/a.cs", "M") },
        { "edit", "tree", "/src", null, null },
        { "add", "tree", "/docs", null, null },
        { "add", "commit", "/external/payments", null, null },
        { "edit", "commit", "/external/payments", null, null },
        { "", "blob", "/src/a.cs", null, null },
        { "none", "blob", "/src/a.cs", null, null },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_becomes_a_patch_set_entry_for_files_only_with_renames_kept(string changeType, string objectType, string? path, string? source, CommitFileChange? expected)
    {
        var change = new GitChange { ChangeType = changeType, Item = new GitItem { Path = path!, GitObjectType = objectType, IsFolder = objectType == "tree" }, SourceServerItem = source };

        Assert.Equal(expected, RepositoryProvider.FileChange(change));
    }

    [Fact]
    public void A_change_without_an_item_is_left_out_and_a_rename_may_name_its_source_as_original_path()
    {
        Assert.Null(RepositoryProvider.FileChange(new GitChange { ChangeType = "add" }));
        Assert.Equal(
            new CommitFileChange("b.cs", "R", "a.cs"),
            RepositoryProvider.FileChange(new GitChange { ChangeType = "rename", Item = new GitItem { Path = "/b.cs", GitObjectType = "blob" }, OriginalPath = "/a.cs" }));
    }

    [Fact]
    public void The_model_factory_builds_the_git_models_a_host_fakes()
    {
        var rename = VstsModelFactory.GitChange("edit, rename", "/lib/b.cs", sourceServerItem: "/src/a.cs");
        var folder = VstsModelFactory.GitChange("edit", "/src", "tree");
        var commit = VstsModelFactory.GitCommitRef("c1", "cut", commentTruncated: true, authorName: "Ada", authorEmail: "ada@example.com", parents: ["c0"]);
        var repository = VstsModelFactory.GitRepository("r1", "Web", "p1", "Fabrikam");
        var changes = VstsModelFactory.GitCommitChanges([rename, folder]);
        var item = VstsModelFactory.GitItem("/a.cs", content: "x");

        Assert.Equal(new CommitFileChange("lib/b.cs", "R", "src/a.cs"), RepositoryProvider.FileChange(rename));
        Assert.Null(RepositoryProvider.FileChange(folder));
        Assert.Equal(("c1", true, "Ada", "ada@example.com", "c0"), (commit.CommitId, commit.CommentTruncated, commit.Author?.Name, commit.Author?.Email, commit.Parents[0]));
        Assert.Equal(("r1", "Fabrikam", "refs/heads/main"), (repository.Id, repository.Project?.Name, repository.DefaultBranch));
        Assert.Equal(2, changes.Changes.Count);
        Assert.Equal(("/a.cs", "blob", "x"), (item.Path, item.GitObjectType, item.Content));
    }

    [Theory]
    [InlineData(0, 90, "MaxConcurrentDetailRequests must be between 1 and 32 (got 0).")]
    [InlineData(33, 90, "MaxConcurrentDetailRequests must be between 1 and 32 (got 33).")]
    [InlineData(4, 0, "MaxCommitDetails must be between 1 and 10000 (got 0).")]
    [InlineData(4, 10_001, "MaxCommitDetails must be between 1 and 10000 (got 10001).")]
    public void Bad_options_are_refused_at_start_with_their_key(int concurrency, int cap, string message)
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(o =>
        {
            o.Repositories.MaxConcurrentDetailRequests = concurrency;
            o.Repositories.MaxCommitDetails = cap;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Contains("IssueSync:Vsts:Repositories:" + message, ex.Failures);
        Assert.Throws<ArgumentException>(() => Clients.Provider("https://dev.azure.com/fabrikam/", new VstsRepositoryOptions { MaxConcurrentDetailRequests = concurrency, MaxCommitDetails = cap }));
    }

    [Fact]
    public void AddVstsIssueSync_registers_the_factory_once_with_the_defaults()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { });
        services.AddVstsIssueSync(_ => { });
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IRepositoryProviderFactory));
        var repositories = provider.GetRequiredService<IRepositoryProviderFactory>()
            .Create(new VstsConnection(new Uri("https://fabrikam.visualstudio.com/"), VstsCredential.PersonalAccessToken("pat")));
        Assert.Equal(new Uri("https://fabrikam.visualstudio.com/"), repositories.OrganizationUrl);
        var options = provider.GetRequiredService<IOptions<VstsRepositoryOptions>>().Value;
        Assert.Equal((4, 90), (options.MaxConcurrentDetailRequests, options.MaxCommitDetails));
    }

    [Fact]
    public async Task Bad_arguments_fail_before_any_call()
    {
        var provider = Clients.Provider("https://dev.azure.com/fabrikam/");

        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetCommitsAsync(" ", null, "abc"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => provider.GetCommitsAsync("r", null, null!));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetCommitsAsync("r", " ", "abc"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetSourceUrlAsync("P", "R", " ", "main"));
        Assert.False(provider.SourceUrlMatches(null!));
        Assert.Null(provider.ParseSourceUrl(null!));
    }
}
