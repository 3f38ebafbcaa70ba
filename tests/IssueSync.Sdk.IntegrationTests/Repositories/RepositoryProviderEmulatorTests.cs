using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Repositories;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Repositories;

public sealed class RepositoryProviderEmulatorTests
{
    private const int RangeSize = 120;

    [Fact]
    public async Task A_range_of_120_commits_gets_the_right_patch_sets_for_the_newest_90_with_at_most_4_requests_in_flight()
    {
        var inFlight = new InFlightCounter();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.HttpClientBuilder.AddHttpMessageHandler(() => inFlight));
        var (repository, start, seeded) = SeedRange(harness.Organization);
        var provider = Provider(harness);

        var range = await provider.GetCommitsAsync(repository.Id, start.CommitId, seeded[^1].Commit.CommitId);

        // Newest first, every page of the range.
        Assert.Equal(seeded.Select(s => s.Commit.CommitId).Reverse(), range.Commits.Select(c => c.Id));
        Assert.True(range.Truncated);
        var detailed = range.Commits.Take(90).ToList();
        Assert.All(detailed, c => Assert.True(c.HasDetails));
        Assert.All(range.Commits.Skip(90), c => Assert.False(c.HasDetails));
        Assert.All(range.Commits.Skip(90), c => Assert.Empty(c.PatchSet));
        foreach (var commit in detailed)
        {
            var expected = seeded.Single(s => s.Commit.CommitId == commit.Id);
            Assert.Equal(expected.PatchSet, commit.PatchSet);
            Assert.Equal(expected.Commit.Message, commit.Message);
            Assert.Equal("Project 1/Web App", commit.Repository);
            Assert.Equal(("Ada Lovelace", "ada@example.com"), (commit.AuthorName, commit.AuthorEmail));
        }

        // The messages the list cut short were read whole; past the cap they stay as listed.
        Assert.Contains(detailed, c => c.Message.Length > 100 && c.Message.Contains("\n\nFixes GRP-", StringComparison.Ordinal));
        Assert.Contains(range.Commits.Skip(90), c => c.Message.Length == 100);

        // Two pages of the range, one changes read per detailed commit, one commit read per cut message among them.
        Assert.Equal(["$top=100&$skip=0", "$top=100&$skip=100"], harness.RequestsTo("_apis/git/repositories/" + repository.Id + "/commitsbatch").Select(r => r.PathAndQuery.Split('?')[1]));
        Assert.Equal(90, harness.RequestsTo("_apis/git/repositories/" + repository.Id + "/commits/").Count(r => r.PathAndQuery.Contains("/changes", StringComparison.Ordinal)));
        Assert.Equal(detailed.Count(c => c.Message.Length > 100), harness.RequestsTo("_apis/git/repositories/" + repository.Id + "/commits/").Count(r => !r.PathAndQuery.Contains("/changes", StringComparison.Ordinal)));

        // The bound held while requests really overlapped.
        Assert.Equal(4, inFlight.Max);
    }

    [Fact]
    public async Task The_cap_and_the_concurrency_are_options()
    {
        var inFlight = new InFlightCounter();
        await using var harness = await SdkHarness.StartAsync(
            configureBuilder: b => b.HttpClientBuilder.AddHttpMessageHandler(() => inFlight),
            configureOptions: (o, _) =>
            {
                o.Repositories.MaxCommitDetails = 200;
                o.Repositories.MaxConcurrentDetailRequests = 2;
            });
        var (repository, start, seeded) = SeedRange(harness.Organization);

        var range = await Provider(harness).GetCommitsAsync(repository.Id, start.CommitId, seeded[^1].Commit.CommitId);

        Assert.False(range.Truncated);
        Assert.All(range.Commits, c => Assert.True(c.HasDetails));
        Assert.Equal(seeded.Select(s => (IReadOnlyList<CommitFileChange>)s.PatchSet).Reverse(), range.Commits.Select(c => c.PatchSet));
        Assert.Equal(2, inFlight.Max);
    }

    [Fact]
    public async Task Without_a_start_the_latest_10_commits_up_to_the_end_are_read_with_the_documented_criteria()
    {
        await using var harness = await SdkHarness.StartAsync();
        var (repository, _, seeded) = SeedRange(harness.Organization);
        var end = seeded[50].Commit;

        var range = await Provider(harness).GetCommitsAsync(repository.Id, null, end.CommitId);

        Assert.Equal(seeded.Take(51).Reverse().Take(10).Select(s => s.Commit.CommitId), range.Commits.Select(c => c.Id));
        Assert.False(range.Truncated);
        var list = Assert.Single(harness.RequestsTo("_apis/git/repositories/" + repository.Id + "/commits?"));
        Assert.EndsWith($"?searchCriteria.itemVersion.version={end.CommitId}&searchCriteria.itemVersion.versionType=commit&searchCriteria.$top=10", list.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repositories_are_listed_as_project_slash_repo_with_ids_and_filtered_by_name()
    {
        await using var harness = await SdkHarness.StartAsync();
        var web = harness.Organization.AddRepository("Project 1", "Web App");
        var api = harness.Organization.AddRepository("Project 2", "Api", "develop");
        harness.Organization.AddRepository("Project 2", "Tools");
        var provider = Provider(harness);

        var all = await provider.ListRepositoriesAsync();
        var filtered = await provider.ListRepositoriesAsync("api");

        Assert.Equal(["Project 1/Web App", "Project 2/Api", "Project 2/Tools"], all.Select(r => r.Name));
        Assert.Equal(new RepositoryChoice(api.Id, "Project 2/Api", "Project 2", "Api", "develop"), Assert.Single(filtered));
        Assert.Equal(web.Id, all[0].Id);
    }

    [Fact]
    public async Task A_source_link_is_offered_only_for_a_file_that_exists_at_the_branch()
    {
        await using var harness = await SdkHarness.StartAsync();
        var repository = harness.Organization.AddRepository("Project 1", "Web App");
        harness.Organization.AddCommit(repository, "init", [EmulatedChange.AddFile("src/My Folder/a#b%c ü.cs", "x")]);
        var provider = Provider(harness);

        var link = await provider.GetSourceUrlAsync("Project 1", "Web App", "src/My Folder/a#b%c ü.cs", "main");
        var missingFile = await provider.GetSourceUrlAsync("Project 1", "Web App", "src/gone.cs", "main");
        var missingBranch = await provider.GetSourceUrlAsync("Project 1", "Web App", "src/My Folder/a#b%c ü.cs", "nope");

        Assert.Equal(
            harness.Emulator.OrganizationUrl.AbsoluteUri + "Project%201/_git/Web%20App?path=%2Fsrc%2FMy%20Folder%2Fa%23b%25c%20%C3%BC.cs&version=GBmain",
            link?.AbsoluteUri);
        Assert.Equal(link, await provider.GetSourceUrlAsync("Project 1", "Web App", "/src/My Folder/a#b%c ü.cs", "refs/heads/main"));
        Assert.Null(missingFile);
        Assert.Null(missingBranch);
        Assert.Equal(new SourceLocation("Project 1", "Web App", "src/My Folder/a#b%c ü.cs", "main"), provider.ParseSourceUrl(link!.AbsoluteUri));
    }

    [Fact]
    public async Task An_unknown_repository_or_commit_is_not_found()
    {
        await using var harness = await SdkHarness.StartAsync();
        var (repository, start, _) = SeedRange(harness.Organization, count: 3);
        var provider = Provider(harness);

        var noRepository = await Assert.ThrowsAsync<VstsApiException>(() => provider.GetCommitsAsync(Guid.NewGuid().ToString("D"), null, start.CommitId));
        var noCommit = await Assert.ThrowsAsync<VstsApiException>(() => provider.GetCommitsAsync(repository.Id, start.CommitId, new string('0', 40)));

        Assert.Equal((VstsErrorKind.NotFound, "TF401019"), (noRepository.Kind, noRepository.ErrorCode));
        Assert.Equal((VstsErrorKind.NotFound, "TF401175"), (noCommit.Kind, noCommit.ErrorCode));
    }

    private static IRepositoryProvider Provider(SdkHarness harness) =>
        harness.Services.GetRequiredService<IRepositoryProviderFactory>()
            .Create(new VstsConnection(harness.Emulator.OrganizationUrl, VstsCredential.PersonalAccessToken(harness.Emulator.PersonalAccessToken)));

    /// <summary>
    /// A start commit, then <paramref name="count"/> commits cycling through: a new file in a new nested folder
    /// plus an empty folder; an edit; a pure rename of the file added two commits before; a rename with new
    /// content plus a submodule; a delete. Every third message is longer than the list shows.
    /// </summary>
    private static (EmulatedRepository Repository, EmulatedCommit Start, List<(EmulatedCommit Commit, CommitFileChange[] PatchSet)> Seeded) SeedRange(EmulatedOrganization organization, int count = RangeSize)
    {
        var repository = organization.AddRepository("Project 1", "Web App");
        var ada = organization.FindUser("ada@example.com");
        var start = organization.AddCommit(repository, "Initial commit", [EmulatedChange.AddFile("src/app.cs", "v0")], author: ada);
        var seeded = new List<(EmulatedCommit, CommitFileChange[])>();
        for (var i = 0; i < count; i++)
        {
            var first = i - (i % 5);
            (EmulatedChange[] Changes, CommitFileChange[] Patch) step = (i % 5) switch
            {
                0 => (new EmulatedChange[] { EmulatedChange.AddFile($"src/feature {i}/file{i}.cs", "new"), EmulatedChange.AddFolder($"empty{i}") }, new CommitFileChange[] { new CommitFileChange($"src/feature {i}/file{i}.cs", "A") }),
                1 => (new EmulatedChange[] { EmulatedChange.EditFile("src/app.cs", $"v{i}") }, new CommitFileChange[] { new CommitFileChange("src/app.cs", "M") }),
                2 => (new EmulatedChange[] { EmulatedChange.RenameFile($"src/feature {first}/file{first}.cs", $"moved/file{first}.cs") }, new CommitFileChange[] { new CommitFileChange($"moved/file{first}.cs", "R", $"src/feature {first}/file{first}.cs") }),
                3 => (new EmulatedChange[] { EmulatedChange.RenameFile($"moved/file{first}.cs", $"moved/renamed{first}.cs", "changed"), EmulatedChange.Submodule($"modules/m{i}") }, new CommitFileChange[] { new CommitFileChange($"moved/renamed{first}.cs", "R", $"moved/file{first}.cs") }),
                _ => (new EmulatedChange[] { EmulatedChange.DeleteFile($"moved/renamed{first}.cs") }, new CommitFileChange[] { new CommitFileChange($"moved/renamed{first}.cs", "D") }),
            };
            var message = i % 3 == 0
                ? $"Change #{i} {new string('x', 120)}\n\nFixes GRP-{i}"
                : $"Change #{i}";
            seeded.Add((organization.AddCommit(repository, message, step.Changes, author: ada), step.Patch));
        }

        return (repository, start, seeded);
    }

    /// <summary>Counts requests in flight on their way to the emulator, holding each briefly so concurrent ones overlap.</summary>
    private sealed class InFlightCounter : DelegatingHandler
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(10, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        }
    }
}
