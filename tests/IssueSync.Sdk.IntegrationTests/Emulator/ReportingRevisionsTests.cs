using System.Net;
using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class ReportingRevisionsTests
{
    private const string Route = "_apis/wit/reporting/workitemrevisions";

    [Fact]
    public async Task The_feed_returns_every_revision_in_order_with_moves_type_changes_and_deletions_in_full_batches_then_a_last_one()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var bug = org.AddWorkItem("Project 1", "Bug", "Crash");             // 1: bug rev 1
        org.SetState(bug.Id, "Active", org.Users[1]);                         // 2: bug rev 2
        var task = org.AddWorkItem("Project 1", "Task", "Docs");             // 3: task rev 1
        org.MoveWorkItem(bug.Id, "Project 2");                                // 4: bug rev 3, in Project 2
        org.ChangeWorkItemType(task.Id, "Bug");                               // 5: task rev 2, now a Bug
        org.DeleteWorkItem(task.Id);                                          // 6: task deleted

        var pages = await ReadAllAsync(harness.Client, new ReportingRevisionsQuery { IncludeDeleted = true, MaxPageSize = 3, Fields = ["System.Id", "System.TeamProject", "System.WorkItemType", "System.State", "System.AssignedTo", "System.IsDeleted"] });

        Assert.Equal([3, 3, 0], pages.Select(p => p.Revisions.Count));
        Assert.Equal([false, false, true], pages.Select(p => p.IsLastBatch));
        Assert.Equal(["3", "6", "6"], pages.Select(p => p.ContinuationToken));
        var all = pages.SelectMany(p => p.Revisions).ToList();
        Assert.Equal([(bug.Id, 1), (bug.Id, 2), (task.Id, 1), (bug.Id, 3), (task.Id, 2), (task.Id, 2)], all.Select(r => (r.Id, r.Revision)));
        Assert.Equal("Project 2", all[3].TeamProject);
        Assert.Equal("Bug", all[4].WorkItemType?.Value);
        Assert.True(all[5].TryGetField("System.IsDeleted", out var deleted) && deleted.GetBoolean());
        Assert.False(all[4].TryGetField("System.IsDeleted", out _));
        Assert.Equal(3, harness.RequestsTo(Route).Count);
        Assert.All(harness.RequestsTo(Route), r => Assert.Equal(("GET", 200, "7.1"), (r.Method, r.StatusCode, r.ApiVersion)));
    }

    [Fact]
    public async Task Without_includeDeleted_a_deleted_item_is_left_out_and_project_and_type_scopes_miss_moved_and_retyped_items()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var moved = org.AddWorkItem("Project 1", "Bug", "Moved");
        var retyped = org.AddWorkItem("Project 1", "Bug", "Retyped");
        var deleted = org.AddWorkItem("Project 1", "Bug", "Deleted");
        org.MoveWorkItem(moved.Id, "Project 2");
        org.ChangeWorkItemType(retyped.Id, "Task");
        org.DeleteWorkItem(deleted.Id);

        var organization = (await ReadAllAsync(harness.Client, new ReportingRevisionsQuery())).SelectMany(p => p.Revisions).ToList();
        var projectScoped = await ReadRawAsync(harness, "Project%201/" + Route + "?api-version=7.1");
        var typeScoped = await ReadRawAsync(harness, Route + "?types=Bug&api-version=7.1");

        Assert.Equal([(moved.Id, 1), (retyped.Id, 1), (moved.Id, 2), (retyped.Id, 2)], organization.Select(r => (r.Id, r.Revision)));
        Assert.Equal([(moved.Id, 1), (retyped.Id, 1), (retyped.Id, 2)], projectScoped);
        Assert.Equal([(moved.Id, 1), (retyped.Id, 1), (moved.Id, 2)], typeScoped);
    }

    [Fact]
    public async Task Identities_are_refs_with_includeIdentityRef_and_name_with_email_strings_without()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash");
        org.Assign(item.Id, org.Users[1]);

        var page = Assert.Single(await ReadAllAsync(harness.Client, new ReportingRevisionsQuery { Fields = ["System.AssignedTo"] }));
        var strings = await ReadRawBodyAsync(harness, Route + "?fields=System.AssignedTo&api-version=7.1");

        Assert.Equal(org.Users[1].MailAddress, page.Revisions[1].AssignedTo?.Email);
        Assert.Equal(JsonValueKind.Object, page.Revisions[1].Fields["System.AssignedTo"].ValueKind);
        Assert.Equal(org.Users[1].NameWithEmail, strings.GetProperty("values")[1].GetProperty("fields").GetProperty("System.AssignedTo").GetString());
    }

    [Fact]
    public async Task A_token_continues_after_what_was_read_and_a_start_date_skips_older_revisions()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash");
        var first = Assert.Single(await ReadAllAsync(harness.Client, new ReportingRevisionsQuery()));
        time.Advance(TimeSpan.FromHours(2));
        org.SetState(item.Id, "Active");

        var next = Assert.Single(await ReadAllAsync(harness.Client, new ReportingRevisionsQuery { ContinuationToken = first.ContinuationToken }));
        var since = Assert.Single(await ReadAllAsync(harness.Client, new ReportingRevisionsQuery { StartDateTime = time.GetUtcNow().AddHours(-1) }));

        Assert.Equal([2], next.Revisions.Select(r => r.Revision));
        Assert.Equal([2], since.Revisions.Select(r => r.Revision));
        Assert.Equal(HttpStatusCode.BadRequest, (await SendRawAsync(harness, Route + "?continuationToken=1&startDateTime=2026-12-01T00:00:00Z&api-version=7.1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendRawAsync(harness, Route + "?continuationToken=not-a-token&api-version=7.1")).StatusCode);
    }

    [Fact]
    public async Task The_page_size_defaults_to_200_and_is_cut_to_the_maximum_of_1000()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Busy");
        for (var i = 0; i < 1100; i++)
        {
            org.UpdateFields(item.Id, new Dictionary<string, object?> { ["System.Title"] = "Busy " + i });
        }

        var byDefault = await ReadAllAsync(harness.Client, new ReportingRevisionsQuery());
        var asked = await ReadAllAsync(harness.Client, new ReportingRevisionsQuery { MaxPageSize = 5000 });

        Assert.Equal([200, 200, 200, 200, 200, 101], byDefault.Select(p => p.Revisions.Count));
        Assert.Equal([1000, 101], asked.Select(p => p.Revisions.Count));
        Assert.Equal(Enumerable.Range(1, 1101), asked.SelectMany(p => p.Revisions).Select(r => r.Revision));
    }

    private static async Task<List<ReportingRevisionsPage>> ReadAllAsync(IVstsClient client, ReportingRevisionsQuery query)
    {
        var pages = new List<ReportingRevisionsPage>();
        await foreach (var page in client.Reporting.ReadRevisionsAsync(query))
        {
            pages.Add(page);
        }

        return pages;
    }

    private static async Task<HttpResponseMessage> SendRawAsync(SdkHarness harness, string relative)
    {
        using var http = new HttpClient();
        using var request = RawRequests.Authorized(harness.Emulator, HttpMethod.Get, relative);
        var response = await http.SendAsync(request, CancellationToken.None);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonElement> ReadRawBodyAsync(SdkHarness harness, string relative)
    {
        using var response = await SendRawAsync(harness, relative);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None)).RootElement.Clone();
    }

    private static async Task<List<(int Id, int Rev)>> ReadRawAsync(SdkHarness harness, string relative)
    {
        var body = await ReadRawBodyAsync(harness, relative);
        return [.. body.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("id").GetInt32(), v.GetProperty("rev").GetInt32()))];
    }
}
