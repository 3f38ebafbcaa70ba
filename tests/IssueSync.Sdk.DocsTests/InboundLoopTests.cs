using IssueSync.Sdk.DocsTests.Snippets;

namespace IssueSync.Sdk.DocsTests;

/// <summary>The Testing README's inbound loop, run: create, a person resolves, the webhook resolves the host's group.</summary>
public sealed class InboundLoopTests
{
    [Fact]
    public async Task A_person_resolving_the_work_item_resolves_the_hosts_group_through_the_webhook()
    {
        var seen = await InboundLoopSnippet.RunAsync();

        Assert.Equal(200, seen.StatusCode);
        Assert.Contains("\"Applied\"", seen.ResponseBody, StringComparison.Ordinal);
        Assert.True(seen.GroupResolved);
        Assert.Equal("1", seen.WorkItemKey);
    }
}
