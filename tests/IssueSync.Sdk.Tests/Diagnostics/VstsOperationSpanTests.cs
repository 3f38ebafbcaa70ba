using System.Diagnostics;
using System.Net;
using System.Text;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Issues;
using IssueSync.Sdk.Tests.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Diagnostics;

/// <summary>
/// One span per public SDK operation: exactly which spans a call makes, their names, parents and
/// tags. Each test runs under its own root activity and looks only at the spans of that trace.
/// </summary>
[Collection(nameof(SharedTelemetry))]
public sealed class VstsOperationSpanTests : IDisposable
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string ItemUrl = Org + "_apis/wit/workitems/7";
    private const string ListUrl = Org + "_apis/projects?stateFilter=wellFormed";
    private const string BatchUrl = Org + "_apis/wit/workitemsbatch";
    private const string SecretPat = "s3cr3t-pat-for-span-tags-0123456789";

    private static readonly ActivitySource Tests = new("IssueSync.Sdk.Tests.Root");

    private readonly SpanRecorder _spans = new("IssueSync.Sdk", "IssueSync.Sdk.Tests.Root");

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task A_paged_list_is_one_span_over_all_its_pages()
    {
        using var harness = new ClientTestHarness();
        ExpectProjectPage(harness, ListUrl, first: 0, next: "t1");
        ExpectProjectPage(harness, ListUrl + "&continuationToken=t1", first: 2, next: "t2");
        ExpectProjectPage(harness, ListUrl + "&continuationToken=t2", first: 4, next: null);

        using var root = Tests.StartActivity("test")!;
        var projects = await harness.Client.Projects.ListAsync().ToListAsync();
        root.Stop();

        Assert.Equal(6, projects.Count);
        Assert.Equal(3, harness.Requests.Count);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("Projects.List", span.OperationName);
        Assert.Equal(root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Equal("Projects.List", span.GetTagItem("issuesync.operation"));
        Assert.Equal(Org, span.GetTagItem("issuesync.organization"));
        Assert.Equal("success", span.GetTagItem("issuesync.outcome"));
        // Three answers: the span does not pretend to have one status.
        Assert.Null(span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_list_abandoned_after_the_first_page_still_ends_its_one_span()
    {
        using var harness = new ClientTestHarness();
        ExpectProjectPage(harness, ListUrl, first: 0, next: "t1");

        using var root = Tests.StartActivity("test")!;
        await foreach (var _ in harness.Client.Projects.ListAsync())
        {
            break;
        }

        root.Stop();

        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("Projects.List", span.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_failed_page_fails_the_list_span_with_its_kind()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetries = 0);
        ExpectProjectPage(harness, ListUrl, first: 0, next: "t1");
        harness.Expect(HttpMethod.Get, ListUrl + "&continuationToken=t1").Respond(HttpStatusCode.Forbidden);

        using var root = Tests.StartActivity("test")!;
        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.ListAsync().ToListAsync().AsTask());
        root.Stop();

        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("Projects.List", span.OperationName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Forbidden", span.GetTagItem("error.type"));
        Assert.Equal("failure", span.GetTagItem("issuesync.outcome"));
        Assert.Equal(403, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_sequence_that_fails_before_its_first_item_ends_its_span_as_a_failure()
    {
        var connection = new VstsConnection(new Uri(Org), VstsCredential.PersonalAccessToken("pat"));
        IAsyncEnumerable<int> FailsAtOnce(CancellationToken _) =>
            throw new VstsApiException("no", VstsErrorKind.Validation, HttpStatusCode.BadRequest, operation: "Test.List");

        using var root = Tests.StartActivity("test")!;
        var sequence = IssueSync.Sdk.Diagnostics.VstsOperationScope.RunAsync("Test.List", connection, workItemId: null, logger: null, FailsAtOnce, CancellationToken.None);
        await Assert.ThrowsAsync<VstsApiException>(() => sequence.ToListAsync().AsTask());
        root.Stop();

        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("Test.List", span.OperationName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Validation", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_comment_list_is_one_span_tagged_with_its_work_item()
    {
        using var harness = new ClientTestHarness();
        const string CommentsUrl = Org + "Fabrikam/_apis/wit/workItems/7/comments";
        harness.ExpectJson(HttpMethod.Get, CommentsUrl, """{"totalCount":1,"count":1,"comments":[{"workItemId":7,"id":1,"version":1,"text":"a"}],"continuationToken":"c1"}""");
        harness.ExpectJson(HttpMethod.Get, CommentsUrl + "?continuationToken=c1", """{"totalCount":1,"count":1,"comments":[{"workItemId":7,"id":2,"version":1,"text":"b"}]}""");

        using var root = Tests.StartActivity("test")!;
        var comments = await harness.Client.Comments.ListAsync("Fabrikam", 7).ToListAsync();
        root.Stop();

        Assert.Equal(2, comments.Count);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("Comments.List", span.OperationName);
        Assert.Equal(7, span.GetTagItem("issuesync.work_item.id"));
    }

    [Fact]
    public async Task A_batch_over_several_chunks_is_one_span()
    {
        using var harness = new ClientTestHarness();
        var ids = Enumerable.Range(1, 250).ToArray();
        harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids.Take(200)));
        harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids.Skip(200)));

        using var root = Tests.StartActivity("test")!;
        var items = await harness.Client.WorkItems.GetBatchAsync(ids);
        root.Stop();

        Assert.Equal(250, items.Count);
        Assert.Equal(2, harness.Requests.Count);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("WorkItems.GetBatch", span.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
    }

    [Fact]
    public async Task A_query_with_its_item_reads_is_one_span()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Post, Org + "_apis/wit/wiql", VstsFixtures.WiqlResult([3, 5]));
        harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([3, 5]));

        using var root = Tests.StartActivity("test")!;
        var items = await harness.Client.WorkItems.QueryAsync("SELECT [System.Id] FROM WorkItems").ToListAsync();
        root.Stop();

        Assert.Equal(2, items.Count);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("WorkItems.Query", span.OperationName);
    }

    [Fact]
    public async Task A_single_request_operation_is_one_span_with_its_status_and_work_item()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        using var root = Tests.StartActivity("test")!;
        await harness.Client.WorkItems.GetAsync(7);
        root.Stop();

        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("WorkItems.Get", span.OperationName);
        Assert.Equal(root.SpanId, span.ParentSpanId);
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(7, span.GetTagItem("issuesync.work_item.id"));
        Assert.Equal("dev.azure.com", span.GetTagItem("server.address"));
        Assert.Equal("success", span.GetTagItem("issuesync.outcome"));
    }

    [Fact]
    public async Task A_guarded_update_that_recovers_from_a_412_is_one_successful_span_and_logs_no_warning()
    {
        var logs = new FakeLogCollector();
        using var harness = GuardedUpdateRetriedInto412(logs, itemTitleAfterwards: "New title");

        using var root = Tests.StartActivity("test")!;
        var item = await harness.Client.WorkItems.UpdateAsync(7, GuardedPatch());
        root.Stop();

        Assert.Equal(4, item.Revision);
        Assert.Equal(3, harness.Requests.Count);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        // The retry is still reported, below Warning.
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Id.Id == 5101);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("WorkItems.Update", span.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Equal(7, span.GetTagItem("issuesync.work_item.id"));
        Assert.Null(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_guarded_update_whose_412_is_a_real_conflict_logs_one_warning()
    {
        var logs = new FakeLogCollector();
        using var harness = GuardedUpdateRetriedInto412(logs, itemTitleAfterwards: "Their title");

        using var root = Tests.StartActivity("test")!;
        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch()));
        root.Stop();

        Assert.Equal(VstsErrorKind.Conflict, ex.Kind);
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Equal(5010, warning.Id.Id);
        var span = Assert.Single(SdkSpans(root));
        Assert.Equal("WorkItems.Update", span.OperationName);
        Assert.Equal("Conflict", span.GetTagItem("error.type"));
        Assert.Equal(412, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task An_issue_operation_is_the_parent_of_the_client_calls_it_makes()
    {
        using var harness = new IssueTestHarness();
        harness.Client.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        using var root = Tests.StartActivity("test")!;
        await harness.Integration.GetIssueAsync("7");
        root.Stop();

        var spans = SdkSpans(root);
        Assert.Equal(2, spans.Count);
        var issue = Assert.Single(spans, s => s.OperationName == "Issues.GetIssue");
        var get = Assert.Single(spans, s => s.OperationName == "WorkItems.Get");
        Assert.Equal(root.SpanId, issue.ParentSpanId);
        Assert.Equal(issue.SpanId, get.ParentSpanId);
        Assert.Equal(7, issue.GetTagItem("issuesync.work_item.id"));
        Assert.Equal(Org, issue.GetTagItem("issuesync.organization"));
        Assert.Equal("success", issue.GetTagItem("issuesync.outcome"));
    }

    [Fact]
    public async Task A_created_issue_tags_the_new_work_item_and_a_rejected_one_its_error_kind()
    {
        using var harness = new IssueTestHarness().WarmCreates(); // the process metadata read before: only the POST's span
        harness.Client.ExpectJson(HttpMethod.Post, Org + "Fabrikam/_apis/wit/workitems/$Bug", VstsFixtures.WorkItem(42));

        using var root = Tests.StartActivity("test")!;
        await harness.Integration.CreateIssueAsync(new CreateIssueRequest { Project = "Fabrikam", WorkItemType = "Bug", Title = "Crash" });
        await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.CreateIssueAsync(new CreateIssueRequest { WorkItemType = "Bug", Title = "Crash" }));
        root.Stop();

        var spans = SdkSpans(root);
        var created = Assert.Single(spans, s => s.OperationName == "Issues.CreateIssue" && s.Status == ActivityStatusCode.Ok);
        Assert.Equal(42, created.GetTagItem("issuesync.work_item.id"));
        Assert.Single(spans, s => s.OperationName == "WorkItems.Create" && s.ParentSpanId == created.SpanId);
        var rejected = Assert.Single(spans, s => s.OperationName == "Issues.CreateIssue" && s.Status == ActivityStatusCode.Error);
        Assert.Equal("Validation", rejected.GetTagItem("error.type"));
        Assert.Equal("failure", rejected.GetTagItem("issuesync.outcome"));
        // Rejected before any request: no child span.
        Assert.DoesNotContain(spans, s => s.ParentSpanId == rejected.SpanId);
        Assert.Equal(3, spans.Count);
    }

    [Fact]
    public async Task Sync_operations_are_spans_too_with_their_client_calls_as_children()
    {
        using var harness = new IssueTestHarness();
        harness.Client.ExpectJson(HttpMethod.Get, Org + "Fabrikam/_apis/wit/workitemtypes/Bug/states",
            """{"value":[{"name":"Active","category":"InProgress"},{"name":"Resolved","category":"Resolved"}]}""");

        using var root = Tests.StartActivity("test")!;
        await harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "Fabrikam", "Bug");
        await harness.Integration.GetResolveSyncActionAsync("Resolved", "Active", "Fabrikam", "Bug");
        // Status sync is off in this installation: a span, and no call.
        var disabled = await harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("7"), isResolved: true);
        root.Stop();

        Assert.Equal(OutboundSyncOutcome.Disabled, disabled.Outcome);
        var spans = SdkSpans(root);
        var decisions = spans.Where(s => s.OperationName == "Issues.GetResolveSyncAction").ToList();
        Assert.Equal(2, decisions.Count);
        var states = Assert.Single(spans, s => s.OperationName == "WorkItemTypes.GetStates");
        Assert.Equal(decisions[0].SpanId, states.ParentSpanId);
        var status = Assert.Single(spans, s => s.OperationName == "Issues.SyncStatusOutbound");
        Assert.Equal(7, status.GetTagItem("issuesync.work_item.id"));
        Assert.Equal("success", status.GetTagItem("issuesync.outcome"));
        Assert.DoesNotContain(spans, s => s.ParentSpanId == status.SpanId || s.ParentSpanId == decisions[1].SpanId);
        Assert.Equal(4, spans.Count);
    }

    [Fact]
    public async Task An_account_client_call_of_two_requests_is_one_span()
    {
        using var harness = new ClientTestHarness(credential: VstsCredential.PersonalAccessToken(SecretPat));
        harness.ExpectJson(HttpMethod.Get, "https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1", """{"id":"user-42"}""");
        harness.ExpectJson(HttpMethod.Get, "https://app.vssps.visualstudio.com/_apis/accounts?memberId=user-42&api-version=7.1", """{"count":1,"value":[{"accountId":"org-1","accountName":"fabrikam"}]}""");
        harness.ExpectJson(HttpMethod.Get, Org + "_apis/resourceAreas/" + VstsResourceAreaIds.Graph + "?api-version=5.0-preview.1", """{"locationUrl":"https://vssps.dev.azure.com/fabrikam/"}""");
        var accounts = harness.Services.GetRequiredService<IVstsAccountClient>();

        using var root = Tests.StartActivity("test")!;
        await accounts.GetAccountsAsync(harness.Connection.Credential);
        await accounts.GetAreaUrlAsync(new Uri(Org), VstsResourceArea.Graph);
        root.Stop();

        Assert.Equal(3, harness.Requests.Count);
        var spans = SdkSpans(root);
        Assert.Equal(2, spans.Count);
        var list = Assert.Single(spans, s => s.OperationName == "Accounts.GetAccounts");
        Assert.Equal(root.SpanId, list.ParentSpanId);
        Assert.Null(list.GetTagItem("issuesync.organization"));
        Assert.Equal("success", list.GetTagItem("issuesync.outcome"));
        var area = Assert.Single(spans, s => s.OperationName == "Accounts.GetAreaUrl");
        Assert.Equal(Org, area.GetTagItem("issuesync.organization"));
        Assert.Equal("dev.azure.com", area.GetTagItem("server.address"));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + SecretPat));
        Assert.All(spans.SelectMany(s => s.TagObjects), tag => SecretAssert.DoesNotLeak(tag.Key + "=" + tag.Value, SecretPat, basic));
    }

    [Fact]
    public async Task No_span_tag_carries_a_secret_or_a_query_string()
    {
        using var harness = new ClientTestHarness(credential: VstsCredential.PersonalAccessToken(SecretPat), configureOptions: o => o.Resilience.MaxRetries = 0);
        harness.ExpectJson(HttpMethod.Get, ItemUrl + "?fields=System.Title", VstsFixtures.WorkItem(7));
        ExpectProjectPage(harness, ListUrl, first: 0, next: null);
        harness.Expect(HttpMethod.Post, Org + "Fabrikam/_apis/wit/workitems/$Bug").Respond(HttpStatusCode.BadRequest, "application/json", VstsFixtures.WorkItemNotFoundError);

        using var root = Tests.StartActivity("test")!;
        await harness.Client.WorkItems.GetAsync(7, new GetWorkItemOptions { Fields = ["System.Title"] });
        await harness.Client.Projects.ListAsync().ToListAsync();
        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" })));
        root.Stop();

        var spans = SdkSpans(root);
        Assert.Equal(3, spans.Count);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + SecretPat));
        foreach (var tag in spans.SelectMany(s => s.TagObjects))
        {
            var text = tag.Key + "=" + tag.Value;
            SecretAssert.DoesNotLeak(text, SecretPat, basic, "fields=");
            Assert.DoesNotContain("?", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A guarded update whose first attempt gets no answer and whose retry answers 412; the re-read
    /// finds the item with <paramref name="itemTitleAfterwards"/> (the patch writes "New title").
    /// </summary>
    private static ClientTestHarness GuardedUpdateRetriedInto412(FakeLogCollector logs, string itemTitleAfterwards)
    {
        var harness = new ClientTestHarness(configureServices: services => services.AddLogging(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(logs))));
        harness.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException("Connection reset"));
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7, rev: 4, title: itemTitleAfterwards));
        return harness;
    }

    private static WorkItemPatch GuardedPatch() => WorkItemPatch.CreateBuilder().TestRevision(3).ReplaceField("System.Title", "New title").Build();

    private static void ExpectProjectPage(ClientTestHarness harness, string url, int first, string? next)
    {
        (string, string)[] headers = next is null ? [] : [("x-ms-continuationtoken", next)];
        harness.Expect(HttpMethod.Get, url).Respond(_ => ClientTestHarness.JsonResponse(VstsFixtures.ProjectPage(first, 2), headers));
    }

    private List<Activity> SdkSpans(Activity root) =>
        _spans.Stopped.Where(a => a.Source.Name == "IssueSync.Sdk" && a.TraceId == root.TraceId).ToList();
}
