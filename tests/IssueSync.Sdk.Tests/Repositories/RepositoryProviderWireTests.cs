using System.Globalization;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Repositories;
using IssueSync.Sdk.Tests.Client;

namespace IssueSync.Sdk.Tests.Repositories;

/// <summary>What the provider sends for a range, over the real client and handlers.</summary>
public sealed class RepositoryProviderWireTests : IDisposable
{
    private const string Org = AreaTestHarnessB.OrganizationUrl;
    private const string RepoId = "278d5cd2-584d-4b63-824a-2ba458937249";

    private readonly AreaTestHarnessB _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_range_reads_the_repository_then_pages_of_100_until_a_short_page_then_each_commit_once()
    {
        var batch = Org + "_apis/git/repositories/" + RepoId + "/commitsbatch";
        _harness.Expect(HttpMethod.Get, Org + "_apis/git/repositories/" + RepoId, json: $$$"""{"id":"{{{RepoId}}}","name":"Web","project":{"id":"p1","name":"Fabrikam"}}""");
        _harness.Expect(HttpMethod.Post, batch + "?$top=100&$skip=0", json: Commits(0, 100));
        _harness.Expect(HttpMethod.Post, batch + "?$top=100&$skip=100", json: Commits(100, 1));
        _harness.Expect(HttpMethod.Get, Org + "_apis/git/repositories/" + RepoId + "/commits/" + Sha(0) + "/changes?top=1000", json: """{"changes":[{"item":{"gitObjectType":"blob","path":"/a.cs"},"changeType":"edit"}]}""");

        var range = await new RepositoryProvider(_harness.Client, new VstsRepositoryOptions { MaxCommitDetails = 1, MaxConcurrentDetailRequests = 1 })
            .GetCommitsAsync(RepoId, "base", Sha(100));

        const string Body = """{"itemVersion":{"version":"base","versionType":"commit"},"compareVersion":{"version":"SHA","versionType":"commit"}}""";
        _harness.AssertSent(1, HttpMethod.Post, batch + "?$top=100&$skip=0", "7.1", "Git.GetCommitsBatch", idempotent: true, body: Body.Replace("SHA", Sha(100), StringComparison.Ordinal));
        _harness.AssertSent(2, HttpMethod.Post, batch + "?$top=100&$skip=100", "7.1", "Git.GetCommitsBatch", idempotent: true, body: Body.Replace("SHA", Sha(100), StringComparison.Ordinal));
        _harness.VerifyAll(4);
        Assert.Equal(101, range.Commits.Count);
        Assert.True(range.Truncated);
        Assert.Equal([new CommitFileChange("a.cs", "M")], range.Commits[0].PatchSet);
        Assert.Equal("Fabrikam/Web", range.Commits[0].Repository);
    }

    [Fact]
    public async Task A_page_that_repeats_commits_stops_the_range_instead_of_looping()
    {
        var batch = Org + "_apis/git/repositories/" + RepoId + "/commitsbatch";
        _harness.Expect(HttpMethod.Get, Org + "_apis/git/repositories/" + RepoId, json: $$"""{"id":"{{RepoId}}","name":"Web"}""");
        _harness.Expect(HttpMethod.Post, batch + "?$top=100&$skip=0", json: Commits(0, 100));
        _harness.Expect(HttpMethod.Post, batch + "?$top=100&$skip=100", json: Commits(0, 100));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => new RepositoryProvider(_harness.Client, new VstsRepositoryOptions()).GetCommitsAsync(RepoId, "base", "head"));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        _harness.VerifyAll(3);
    }

    private static string Sha(int i) => i.ToString("x40", CultureInfo.InvariantCulture);

    private static string Commits(int from, int count) =>
        "{\"count\":" + count.ToString(CultureInfo.InvariantCulture) + ",\"value\":["
        + string.Join(',', Enumerable.Range(from, count).Select(i => $$$"""{"commitId":"{{{Sha(i)}}}","comment":"c{{{i}}}","author":{"name":"Ada","email":"ada@example.com"}}"""))
        + "]}";
}
