using System.Globalization;
using System.Text;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

/// <summary>
/// The cost of a sync in a large organization: 1,200 projects (12 pages) and 10,000 users (100 pages
/// with continuation tokens). The reference makes 2 calls plus one per 100 projects for every status
/// sync, pages through every user for every assignment and makes 1 to 3 calls per resolve decision.
/// </summary>
public sealed class OutboundCallCountTests : IDisposable
{
    private const int ProjectCount = 1200;
    private const int UserCount = 10_000;
    private const int PageSize = 100;
    private const string Project = "Project 0777";
    private static readonly string ProjectId = Id(777);

    // By the project id, as inbound decisions read them (the name the item carries is taught to the cache).
    private static readonly string StatesUrl = Org + ProjectId + "/_apis/wit/workitemtypes/Bug/states";

    private readonly FakeExternalProjectStore _projects = new();
    private readonly Queue<string> _reads = new();
    private readonly Queue<string> _writes = new();
    private readonly IssueTestHarness _harness;

    public OutboundCallCountTests()
    {
        _projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", "Active");
        _harness = Harness(_projects);
        // Everything is a backend definition (expectations would hide them): pages are served whenever
        // asked; reads and writes answer from queues the tests fill in order.
        ServeProjects();
        ServeQueue(HttpMethod.Get, ReadUrl, _reads);
        ServeQueue(HttpMethod.Patch, ItemUrl, _writes);
        ServeUsers();
        _harness.Client.Mock.When(HttpMethod.Get, StatesUrl).Respond("application/json", BugStatesJson);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Warm_status_sync_is_a_read_and_a_write_and_only_the_read_when_already_in_the_state()
    {
        // Cold: the read, the whole project list once, the type's states once, the write.
        ExpectRead(rev: 1, state: "Active");
        ExpectWrite(rev: 2, state: "Resolved");
        await Sync(isResolved: true, expected: OutboundSyncOutcome.Updated);
        Assert.Equal(1 + (ProjectCount / PageSize) + 1 + 1, _harness.Client.Requests.Count);

        for (var round = 0; round < 3; round++)
        {
            var before = _harness.Client.Requests.Count;
            ExpectRead(rev: 2 + (2 * round), state: "Resolved");
            ExpectWrite(rev: 3 + (2 * round), state: "Active");
            await Sync(isResolved: false, expected: OutboundSyncOutcome.Updated);
            Assert.Equal([$"GET {ReadUrl}", $"PATCH {ItemUrl}"], Sent(_harness)[before..]);

            before = _harness.Client.Requests.Count;
            ExpectRead(rev: 3 + (2 * round), state: "Active");
            await Sync(isResolved: false, expected: OutboundSyncOutcome.AlreadyInTarget);
            Assert.Equal([$"GET {ReadUrl}"], Sent(_harness)[before..]);

            before = _harness.Client.Requests.Count;
            ExpectRead(rev: 3 + (2 * round), state: "Active");
            ExpectWrite(rev: 4 + (2 * round), state: "Resolved");
            await Sync(isResolved: true, expected: OutboundSyncOutcome.Updated);
            Assert.Equal(2, _harness.Client.Requests.Count - before);
        }

        AssertAllAnswered();
        Assert.Equal(ProjectCount / PageSize, _harness.Client.Requests.Count(r => r.Url.StartsWith(ProjectsUrl, StringComparison.Ordinal)));
        Assert.Equal(1 + 6, _harness.Ledger.Writes.Count);
    }

    [Fact]
    public async Task A_project_missing_from_the_list_reloads_it_at_most_once_per_interval()
    {
        ExpectRead(rev: 1, state: "Active", project: "Brand New");
        await Sync(isResolved: true, expected: OutboundSyncOutcome.TargetNotFound);
        var afterFirst = _harness.Client.Requests.Count;

        for (var i = 0; i < 5; i++)
        {
            ExpectRead(rev: 1, state: "Active", project: "Brand New");
            await Sync(isResolved: true, expected: OutboundSyncOutcome.TargetNotFound);
        }

        Assert.Equal(1 + 12, afterFirst);
        Assert.Equal(afterFirst + 5, _harness.Client.Requests.Count); // one read each, no listing

        _harness.Client.Time.Advance(TimeSpan.FromMinutes(5));
        ExpectRead(rev: 1, state: "Active", project: "Brand New");
        await Sync(isResolved: true, expected: OutboundSyncOutcome.TargetNotFound);
        Assert.Equal(afterFirst + 5 + 1 + 12, _harness.Client.Requests.Count);
    }

    [Fact]
    public async Task Warm_assignee_sync_makes_exactly_one_write_and_no_graph_call()
    {
        // Cold: every user page once, then the read and the write.
        ExpectRead(rev: 1, state: "Active");
        ExpectAssign(rev: 2, Mail(0));
        await Assign(0, OutboundSyncOutcome.Updated);
        Assert.Equal((UserCount / PageSize) + 2, _harness.Client.Requests.Count);

        foreach (var (n, rev) in new[] { (9_999, 2), (5_000, 3), (1, 4) })
        {
            var before = _harness.Client.Requests.Count;
            ExpectRead(rev: rev, state: "Active", assignedTo: Mail(0));
            ExpectAssign(rev: rev + 1, Mail(n));
            await Assign(n, OutboundSyncOutcome.Updated);
            var sent = Sent(_harness)[before..];
            Assert.Equal([$"GET {ReadUrl}", $"PATCH {ItemUrl}"], sent);
            _harness.Client.Requests[^1].AssertBody(MediaTypes.JsonPatch, Guarded(rev, ReplaceAssignee(Mail(n))));
        }

        var last = _harness.Client.Requests.Count;
        ExpectRead(rev: 5, state: "Active", assignedTo: Mail(1));
        await Assign(1, OutboundSyncOutcome.AlreadyInTarget);
        Assert.Equal(last + 1, _harness.Client.Requests.Count);

        AssertAllAnswered();
        Assert.Equal(UserCount / PageSize, _harness.Client.Requests.Count(r => r.Url.StartsWith(UsersUrl, StringComparison.Ordinal)));
        Assert.Equal(4, _harness.Ledger.Writes.Count);
    }

    [Fact]
    public async Task Without_the_read_a_warm_assignee_sync_is_exactly_one_write()
    {
        using var harness = Harness(_projects, configure: o => o.Outbound.ReadBeforeAssign = false);
        for (var page = 0; page < UserCount / PageSize; page++)
        {
            ServeUserPage(harness, page);
        }

        var writes = new Queue<string>();
        harness.Client.Mock.When(HttpMethod.Patch, ItemUrl).Respond(_ => ClientTestHarness.JsonResponse(writes.Dequeue()));
        writes.Enqueue(Item(2, "Active", project: Project, assignedTo: Mail(0)));
        await harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), new HostUser("h", [Mail(0)]));
        Assert.Equal((UserCount / PageSize) + 1, harness.Client.Requests.Count);

        foreach (var (n, rev) in new[] { (9_999, 3), (4_321, 4), (4_321, 5) })
        {
            var before = harness.Client.Requests.Count;
            writes.Enqueue(Item(rev, "Active", project: Project, assignedTo: Mail(n)));
            var result = await harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), new HostUser("h", [Mail(n)]));
            Assert.Equal([$"PATCH {ItemUrl}"], Sent(harness)[before..]);
            Assert.Equal(rev, result.Revision);
        }

        Assert.Empty(writes);
        Assert.Equal(4, harness.Ledger.Writes.Count);
    }

    [Fact]
    public async Task Warm_resolve_decision_makes_no_call()
    {
        ExpectRead(rev: 1, state: "Active");
        ExpectWrite(rev: 2, state: "Resolved");
        await Sync(isResolved: true, expected: OutboundSyncOutcome.Updated);
        var before = _harness.Client.Requests.Count;

        // Status sync warmed the same per project + type states the inbound decision uses.
        Assert.Equal(ResolveSyncAction.Resolve, await _harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", Project, "Bug"));
        Assert.Equal(ResolveSyncAction.Unresolve, await _harness.Integration.GetResolveSyncActionAsync("Closed", "New", Project, "Bug"));
        Assert.Equal(ResolveSyncAction.None, await _harness.Integration.GetResolveSyncActionAsync("New", "Active", Project, "Bug"));

        Assert.Equal(before, _harness.Client.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_cold_syncs_share_one_project_listing_and_one_user_listing()
    {
        for (var id = 100; id < 140; id++)
        {
            var readUrl = string.Create(CultureInfo.InvariantCulture, $"{Org}_apis/wit/workitems/{id}?fields=System.State%2CSystem.WorkItemType%2CSystem.TeamProject%2CSystem.AssignedTo");
            var itemUrl = string.Create(CultureInfo.InvariantCulture, $"{Org}_apis/wit/workitems/{id}");
            var json = string.Create(CultureInfo.InvariantCulture, $$$"""{"id":{{{id}}},"rev":1,"fields":{"System.State":"Active","System.WorkItemType":"Bug","System.TeamProject":"{{{Project}}}"}}""");
            var written = json.Replace("\"rev\":1", "\"rev\":2", StringComparison.Ordinal);
            _harness.Client.Mock.When(HttpMethod.Get, readUrl).With(r => r.RequestUri?.AbsoluteUri == readUrl).Respond("application/json", json);
            _harness.Client.Mock.When(HttpMethod.Patch, itemUrl).With(r => r.RequestUri?.AbsoluteUri == itemUrl).Respond("application/json", written);
        }

        var statuses = Enumerable.Range(100, 20).Select(id => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem(id.ToString(CultureInfo.InvariantCulture)), isResolved: true));
        var assignments = Enumerable.Range(120, 20).Select(id => _harness.Integration.SyncAssigneeOutboundAsync(
            new LinkedWorkItem(id.ToString(CultureInfo.InvariantCulture)), new HostUser("host", [Mail(id * 7)])));
        var results = await Task.WhenAll(statuses.Concat(assignments));

        Assert.All(results, r => Assert.Equal(OutboundSyncOutcome.Updated, r.Outcome));
        Assert.Equal(ProjectCount / PageSize, _harness.Client.Requests.Count(r => r.Url.StartsWith(ProjectsUrl, StringComparison.Ordinal)));
        Assert.Equal(UserCount / PageSize, _harness.Client.Requests.Count(r => r.Url.StartsWith(UsersUrl, StringComparison.Ordinal)));
        Assert.Single(_harness.Client.Requests, r => r.Url == StatesUrl);
        Assert.Equal(40, _harness.Ledger.Writes.Count);
    }

    private async Task Sync(bool isResolved, OutboundSyncOutcome expected)
    {
        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42"), isResolved);
        Assert.Equal(expected, result.Outcome);
    }

    private async Task Assign(int user, OutboundSyncOutcome expected)
    {
        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), new HostUser("host-" + user, [Mail(user).ToUpperInvariant()]));
        Assert.Equal(expected, result.Outcome);
    }

    private void ExpectRead(int rev, string state, string project = Project, string? assignedTo = null) =>
        _reads.Enqueue(Item(rev, state, project: project, assignedTo: assignedTo));

    private void ExpectWrite(int rev, string state) => _writes.Enqueue(Item(rev, state, project: Project));

    private void ExpectAssign(int rev, string mail) => _writes.Enqueue(Item(rev, "Active", project: Project, assignedTo: mail));

    private void AssertAllAnswered()
    {
        Assert.Empty(_reads);
        Assert.Empty(_writes);
    }

    private void ServeQueue(HttpMethod method, string url, Queue<string> answers) =>
        _harness.Client.Mock.When(method, url).With(r => r.RequestUri?.AbsoluteUri == url)
            .Respond(_ => ClientTestHarness.JsonResponse(answers.Dequeue()));

    private void ServeProjects()
    {
        for (var page = 0; page < ProjectCount / PageSize; page++)
        {
            var url = page == 0 ? ProjectsUrl : $"{ProjectsUrl}&continuationToken=p{page}";
            var json = new StringBuilder("{\"count\":100,\"value\":[");
            for (var n = page * PageSize; n < (page + 1) * PageSize; n++)
            {
                json.Append(n % PageSize == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"id":"{{Id(n)}}","name":"Project {{n:D4}}","state":"wellFormed"}""");
            }

            json.Append("]}");
            var headers = page < (ProjectCount / PageSize) - 1 ? [new KeyValuePair<string, string>("x-ms-continuationtoken", $"p{page + 1}")] : Array.Empty<KeyValuePair<string, string>>();
            _harness.Client.Mock.When(HttpMethod.Get, url).With(r => r.RequestUri?.AbsoluteUri == url).Respond(headers, "application/json", json.ToString());
        }
    }

    private void ServeUsers()
    {
        for (var page = 0; page < UserCount / PageSize; page++)
        {
            ServeUserPage(_harness, page);
        }
    }

    private static void ServeUserPage(IssueTestHarness harness, int page)
    {
        var url = page == 0 ? UsersUrl : $"{UsersUrl}?continuationToken=u{page}";
        var users = Enumerable.Range(page * PageSize, PageSize).Select(n => User(Mail(n), Mail(n), "User " + n)).ToArray();
        var headers = page < (UserCount / PageSize) - 1 ? [new KeyValuePair<string, string>("X-MS-ContinuationToken", $"u{page + 1}")] : Array.Empty<KeyValuePair<string, string>>();
        harness.Client.Mock.When(HttpMethod.Get, url).With(r => r.RequestUri?.AbsoluteUri == url).Respond(headers, "application/json", UsersPage(users));
    }

    private static string Mail(int n) => string.Create(CultureInfo.InvariantCulture, $"user{n:D5}@fabrikam.example");

    private static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{n:D12}");
}
