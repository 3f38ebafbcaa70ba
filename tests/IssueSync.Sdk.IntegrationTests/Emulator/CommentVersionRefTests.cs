using System.Text.Json;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>
/// A revision made by a comment carries <c>commentVersionRef {commentId, version, url}</c>, as in
/// Azure DevOps: in the write's answer, in reads of that revision, and in the webhooks of that
/// revision (<c>workitem.commented</c>'s resource, <c>workitem.updated</c>'s <c>resource.revision</c>).
/// </summary>
public class CommentVersionRefTests
{
    [Fact]
    public async Task A_comment_revision_carries_commentVersionRef_in_reads_and_in_both_webhooks_and_other_revisions_do_not()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash");
        await harness.Client.Subscriptions.CreateAsync(Subscription("workitem.updated", receiver.Url), default);
        await harness.Client.Subscriptions.CreateAsync(Subscription("workitem.commented", receiver.Url), default);

        var comment = await harness.Client.Comments.AddAsync("Project 1", item.Id, "<p>Seen again</p>", cancellationToken: default);
        using var updated = JsonDocument.Parse((await receiver.NextAsync()).Body);
        using var commented = JsonDocument.Parse((await receiver.NextAsync()).Body);
        org.SetState(item.Id, "Active");
        using var stateChange = JsonDocument.Parse((await receiver.NextAsync()).Body);
        using var atComment = await GetAsync(harness, $"_apis/wit/workitems/{item.Id}?asOf={Uri.EscapeDataString(RevisionDate(commented))}&api-version=7.1");
        using var latest = await GetAsync(harness, $"_apis/wit/workitems/{item.Id}?api-version=7.1");

        var expectedUrl = $"{org.Url}{org.Projects[0].Id}/_apis/wit/workItems/{item.Id}/comments/{comment.Id}/versions/1";
        Assert.Equal("workitem.updated", updated.RootElement.GetProperty("eventType").GetString());
        var updateResource = updated.RootElement.GetProperty("resource");
        Assert.False(updateResource.TryGetProperty("commentVersionRef", out _)); // an update (WorkItemUpdate) has none of its own
        AssertRef(updateResource.GetProperty("revision"), comment.Id, expectedUrl);
        Assert.Equal("workitem.commented", commented.RootElement.GetProperty("eventType").GetString());
        AssertRef(commented.RootElement.GetProperty("resource"), comment.Id, expectedUrl);
        Assert.False(stateChange.RootElement.GetProperty("resource").GetProperty("revision").TryGetProperty("commentVersionRef", out _));
        AssertRef(atComment.RootElement, comment.Id, expectedUrl);
        Assert.False(latest.RootElement.TryGetProperty("commentVersionRef", out _));
    }

    [Fact]
    public async Task A_history_patch_answers_with_the_commentVersionRef_of_the_comment_it_made()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        using var request = RawRequests.Authorized(harness.Emulator, HttpMethod.Patch, $"_apis/wit/workitems/{item.Id}?api-version=7.1");
        request.Content = new StringContent("""[{"op":"add","path":"/fields/System.History","value":"<p>From the host</p>"}]""", System.Text.Encoding.UTF8, "application/json-patch+json");
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var comment = Assert.Single(harness.Organization.GetComments(item.Id));
        AssertRef(body.RootElement, comment.Id, $"{harness.Organization.Url}{harness.Organization.Projects[0].Id}/_apis/wit/workItems/{item.Id}/comments/{comment.Id}/versions/1");
    }

    private static void AssertRef(JsonElement item, int commentId, string url)
    {
        var reference = item.GetProperty("commentVersionRef");
        Assert.Equal((commentId, 1, url), (reference.GetProperty("commentId").GetInt32(), reference.GetProperty("version").GetInt32(), reference.GetProperty("url").GetString()));
    }

    private static string RevisionDate(JsonDocument commented) =>
        commented.RootElement.GetProperty("resource").GetProperty("fields").GetProperty("System.ChangedDate").GetString()!;

    private static async Task<JsonDocument> GetAsync(SdkHarness harness, string relative)
    {
        using var request = RawRequests.Authorized(harness.Emulator, HttpMethod.Get, relative);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static ServiceHookSubscriptionRequest Subscription(string eventType, Uri url) => new()
    {
        EventType = eventType,
        ConsumerInputs = new Dictionary<string, string> { ["url"] = url.AbsoluteUri, ["httpHeaders"] = "Shared-Secret: x", ["resourceDetailsToSend"] = "all" },
    };
}
