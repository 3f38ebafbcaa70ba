using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class CreateIssueTests : IssueTestBase
{
    public CreateIssueTests() => Harness.WarmCreates();

    private const string Org = IssueTestHarness.Org;
    private const string CreateUrl = Org + "0987654321/_apis/wit/workitems/$Task"; // the type resolved to its name

    private const string TitleRequiredError =
        """{"$id":"1","innerException":null,"message":"TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.RuleValidationException, Microsoft.TeamFoundation.WorkItemTracking.Server","typeKey":"RuleValidationException","errorCode":0,"eventId":3200}""";

    private static CreateIssueRequest Reference(string title = "Hello", string? groupKey = null) => new()
    {
        Project = "0987654321",
        WorkItemType = "Microsoft.VSTS.WorkItemTypes.Task",
        Title = title,
        Description = "Fix this.",
        GroupKey = groupKey,
    };

    [Fact]
    public async Task Reference_create_posts_title_description_and_history_and_returns_key_title_markdown_and_display_name()
    {
        Harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);

        var issue = await Harness.Integration.CreateIssueAsync(Reference());

        var sent = Harness.Client.AssertSingleSent(HttpMethod.Post, CreateUrl);
        sent.AssertBody(
            MediaTypes.JsonPatch,
            """[{"op":"add","path":"/fields/System.Title","value":"Hello"},{"op":"add","path":"/fields/System.Description","value":"<p>Fix this.</p>\n"},{"op":"add","path":"/fields/System.History","value":"<p>Fix this.</p>\n"}]""");
        Assert.Equal(new IssueDetails("309", "Hello", "Fix this.", "Fabrikam-Fiber-Git#309", new Uri(Org + "_workitems/edit/309")), issue);
    }

    [Theory]
    [InlineData("", true, ""), InlineData(null, true, "")]
    [InlineData("# Crash", false, """,{"op":"add","path":"/fields/System.Description","value":"<h1>Crash</h1>\n"}""")]
    [InlineData("# Crash", true, """,{"op":"add","path":"/fields/System.Description","value":"<h1>Crash</h1>\n"},{"op":"add","path":"/fields/System.History","value":"<h1>Crash</h1>\n"}""")]
    public async Task Comment_is_optional_and_an_empty_description_sends_neither(string? description, bool addComment, string expectedOps)
    {
        Harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);

        var issue = await Harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = "0987654321",
            WorkItemType = "Microsoft.VSTS.WorkItemTypes.Task",
            Title = "Hello",
            Description = description,
            AddDescriptionAsComment = addComment,
        });

        Harness.Client.AssertSingleSent(HttpMethod.Post, CreateUrl)
            .AssertBody(MediaTypes.JsonPatch, """[{"op":"add","path":"/fields/System.Title","value":"Hello"}""" + expectedOps + "]");
        Assert.Equal(description, issue.Description);
    }

    [Fact]
    public async Task Area_iteration_tags_priority_fields_hyperlink_and_group_tag_are_all_sent()
    {
        const string url = Org + "Fabrikam/_apis/wit/workitems/$Bug";
        Harness.Client.ExpectJson(HttpMethod.Post, url, VstsFixtures.WorkItemResponse);

        await Harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = "Fabrikam",
            WorkItemType = "Bug",
            Title = "Crash",
            Description = "x",
            AddDescriptionAsComment = false,
            AreaPath = @"Fabrikam\Web",
            IterationPath = @"Fabrikam\Sprint 1",
            Tags = ["crash", " ", "Crash"],
            Priority = 2,
            Fields = new Dictionary<string, PatchValue> { ["Custom.Severity"] = "1 - Critical", ["Custom.Empty"] = "" },
            HostIssueUrl = new Uri("https://host.example/issues/42"),
            HostIssueLinkComment = "Host issue",
            GroupKey = "group-42",
        });

        Harness.Client.AssertSingleSent(HttpMethod.Post, url).AssertBody(
            MediaTypes.JsonPatch,
            "[" +
            """{"op":"add","path":"/fields/System.Title","value":"Crash"},""" +
            """{"op":"add","path":"/fields/System.Description","value":"<p>x</p>\n"},""" +
            """{"op":"add","path":"/fields/System.AreaPath","value":"Fabrikam\\Web"},""" +
            """{"op":"add","path":"/fields/System.IterationPath","value":"Fabrikam\\Sprint 1"},""" +
            """{"op":"add","path":"/fields/System.Tags","value":"crash; issuesync:group-42"},""" +
            """{"op":"add","path":"/fields/Microsoft.VSTS.Common.Priority","value":2},""" +
            """{"op":"add","path":"/fields/Custom.Severity","value":"1 - Critical"},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/issues/42","attributes":{"comment":"Host issue"}}}""" +
            "]");
    }

    [Fact]
    public async Task Title_over_128_characters_becomes_125_and_an_ellipsis()
    {
        Harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);
        var expected = new string('A', 125) + "...";

        var issue = await Harness.Integration.CreateIssueAsync(Reference(title: new string('A', 200)));

        Assert.Equal(expected, issue.Title);
        Assert.StartsWith(
            $$"""[{"op":"add","path":"/fields/System.Title","value":"{{expected}}"},""",
            Harness.Client.AssertSingleSent(HttpMethod.Post, CreateUrl).BodyText,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Title_of_exactly_128_characters_is_kept_and_a_surrogate_pair_is_never_split()
    {
        var exact = new string('B', 128);
        Assert.Same(exact, IssueIntegration.TruncateTitle(exact));

        var emoji = new string('C', 124) + "\U0001F600" + new string('D', 10);
        Assert.Equal(new string('C', 124) + "...", IssueIntegration.TruncateTitle(emoji));
    }

    [Fact]
    public async Task Missing_project_is_a_form_error_naming_project_and_nothing_is_sent()
    {
        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            WorkItemType = "Bug",
            Title = "Hello",
        }));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.Equal("Project is required.", Assert.Single(ex.FieldErrors, e => e.Key == CreateIssueFields.Project).Value);
        Assert.Single(ex.FieldErrors);
        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public async Task Missing_title_a_bad_group_key_and_a_bad_parent_are_reported_together()
    {
        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = "Fabrikam",
            Title = " ",
            GroupKey = "a;b",
            ParentWorkItemId = 0,
        }));

        Assert.Equal(
            [CreateIssueFields.GroupKey, CreateIssueFields.Parent, CreateIssueFields.Title],
            ex.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public async Task Relative_host_issue_url_is_rejected_before_any_request()
    {
        var request = new CreateIssueRequest { Project = "p", WorkItemType = "Bug", Title = "t", HostIssueUrl = new Uri("/issues/1", UriKind.Relative) };

        await Assert.ThrowsAsync<ArgumentException>(() => Harness.Integration.CreateIssueAsync(request));

        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public async Task TF401320_rule_error_becomes_a_form_error_naming_the_field()
    {
        Harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.BadRequest, "application/json", TitleRequiredError);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.CreateIssueAsync(Reference()));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.Equal(new Dictionary<string, string> { ["System.Title"] = "Title is required." }, ex.FieldErrors);
        var inner = Assert.IsType<VstsApiException>(ex.InnerException);
        Assert.Equal("TF401320", inner.ErrorCode);
        Assert.Single(Harness.Client.Requests);
    }

    [Fact]
    public async Task TF401320_without_a_field_name_is_a_form_error_without_field_errors()
    {
        const string body = """{"message":"TF401320: Rule Error. Error code: Required.","typeKey":"RuleValidationException"}""";
        Harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.BadRequest, "application/json", body);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.CreateIssueAsync(Reference()));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.Empty(ex.FieldErrors);
        Assert.Equal("TF401320: Rule Error. Error code: Required.", ex.Message);
    }

    [Fact]
    public async Task Entra_deleted_identity_becomes_unauthorized()
    {
        const string body = """{"message":"VS403283: The identity abc is currently Deleted within the following Microsoft Entra tenant: contoso.","typeKey":"IdentityNotFoundException"}""";
        Harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.BadRequest, "application/json", body);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.CreateIssueAsync(Reference()));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.IsType<VstsApiException>(ex.InnerException);
    }

    [Fact]
    public async Task Other_failures_stay_typed_VstsApiExceptions()
    {
        Harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.Forbidden, "application/json", """{"message":"TF237111: no permission","typeKey":"x"}""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.CreateIssueAsync(Reference()));

        Assert.Equal(VstsErrorKind.Forbidden, ex.Kind);
    }

    [Fact]
    public async Task Network_failure_without_a_group_key_is_not_resent()
    {
        Harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.CreateIssueAsync(Reference()));

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
        Assert.Single(Harness.Client.Requests);
    }
}

public sealed class IdempotentCreateTests
{
    private const string Org = IssueTestHarness.Org;
    private const string CreateUrl = Org + "0987654321/_apis/wit/workitems/$Task"; // the type resolved to its name
    private const string WiqlBody = """{"query":"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS \u0027issuesync:group-42\u0027 ORDER BY [System.Id]"}""";
    private const string AttemptKey = "create:issuesync:group-42";
    private const string OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a";

    private static CreateIssueRequest Request(string groupKey = "group-42") => new()
    {
        Project = "0987654321",
        WorkItemType = "Microsoft.VSTS.WorkItemTypes.Task",
        Title = "Hello",
        Description = "Fix this.",
        GroupKey = groupKey,
    };

    /// <summary>A harness whose lookups do not wait (the settle delay has its own test).</summary>
    private static IssueTestHarness NoSettle(Action<VstsIssueSyncOptions>? configure = null) => new IssueTestHarness(configureOptions: o =>
    {
        o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.Zero;
        configure?.Invoke(o);
    }).WarmCreates();

    private static HttpRequestException Lost() => new(HttpRequestError.ResponseEnded, "The response ended prematurely.");

    /// <summary>The first POST's answer is lost, the tag lookup finds nothing, and the second POST creates 309.</summary>
    private static void ExpectLostThenResent(IssueTestHarness harness)
    {
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_by_its_tag_and_not_sent_again()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        var requests = harness.Client.Requests;
        Assert.Equal(3, requests.Count);
        Assert.EndsWith(
            """{"op":"add","path":"/fields/System.Tags","value":"issuesync:group-42"}]""",
            requests[0].BodyText,
            StringComparison.Ordinal);
        harness.Client.AssertSent(1, HttpMethod.Post, IssueTestHarness.WiqlUrl).AssertBody(MediaTypes.Json, WiqlBody);
        harness.Client.AssertSent(2, HttpMethod.Get, Org + "_apis/wit/workitems/309");
        Assert.Equal(new IssueDetails("309", "Hello", "Fix this.", "Fabrikam-Fiber-Git#309", new Uri(Org + "_workitems/edit/309")), issue);
        Assert.Empty(issue.DuplicateKeys);

        // Recorded before the POST, again when the client gave up on it (the settle delay counts from there), settled once found.
        Assert.Equal(2, harness.Ledger.Attempts.Count);
        Assert.All(harness.Ledger.Attempts, attempt => Assert.Equal((OrganizationId, AttemptKey), (attempt.OrganizationId, attempt.Key)));
        Assert.Equal([AttemptKey], harness.Ledger.AttemptsRemoved);
        Assert.Null(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task A_timed_out_create_is_looked_up_like_a_lost_answer()
    {
        using var harness = new IssueTestHarness(httpTimeout: TimeSpan.FromMilliseconds(100), configureOptions: o => o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.Zero).WarmCreates();
        harness.Client.ExpectNoAnswer(HttpMethod.Post, CreateUrl);
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        var issue = await harness.Integration.CreateIssueAsync(Request());

        Assert.Equal("309", issue.Key);
        Assert.Single(harness.Client.Requests, r => r.Method == HttpMethod.Post && r.Url == CreateUrl);
    }

    [Fact]
    public async Task Nothing_found_after_a_lost_answer_sends_once_more_and_queries_the_tag_again()
    {
        using var harness = NoSettle();
        ExpectLostThenResent(harness);
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        var requests = harness.Client.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Equal(requests[0].BodyText, requests[2].BodyText);
        Assert.Equal("309", issue.Key);
        Assert.Empty(issue.DuplicateKeys);
        Assert.Null(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task A_create_committed_after_the_client_gave_up_is_a_reported_duplicate_and_the_lowest_id_is_kept()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItem(310));
        // The first POST committed late, as 308: it is the group's item.
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([308, 310]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/308", VstsFixtures.WorkItem(308));

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal("308", issue.Key);
        Assert.Equal(["310"], issue.DuplicateKeys);
        Assert.False(issue.DuplicatesDeleted);
        Assert.DoesNotContain(harness.Client.Requests, r => r.Method == HttpMethod.Delete);
    }

    [Fact]
    public async Task With_the_delete_policy_a_duplicate_create_goes_to_the_recycle_bin()
    {
        using var harness = NoSettle(o => o.Outbound.DuplicateCreates = DuplicateCreatePolicy.Delete);
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItem(310));
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([310, 308]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/308", VstsFixtures.WorkItem(308));
        harness.Client.Expect(HttpMethod.Delete, Org + "_apis/wit/workitems/310").Respond(HttpStatusCode.NoContent);

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal("308", issue.Key);
        Assert.Equal(["310"], issue.DuplicateKeys);
        Assert.True(issue.DuplicatesDeleted);
    }

    [Fact]
    public async Task Unknown_outcomes_to_the_bound_throw_unknown_and_leave_the_attempt_for_the_next_call()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.True(ex.IsOutcomeUnknown);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, harness.Client.Requests.Count);
        var standing = await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey);
        Assert.NotNull(standing);
        Assert.Null(standing.ResultId);

        // The host calls again (here, or on another instance sharing the ledger): it looks before it sends.
        await AssertTheNextCallFinds309Async(harness);
    }

    /// <summary>The host's next call looks the tag up before it sends, finds 309, and settles the attempt: no third POST.</summary>
    private static async Task AssertTheNextCallFinds309Async(IssueTestHarness harness)
    {
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);
        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal("309", issue.Key);
        Assert.Equal(2, harness.Client.Requests.Count(r => r.Url == CreateUrl));
        Assert.Null(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task A_create_that_landed_but_whose_last_look_failed_throws_unknown_and_the_next_call_finds_it()
    {
        // Found by the exactly-once integration test: a cut-off WIQL answer after the resend landed came out as
        // InvalidResponse, neither transient nor unknown, so a host following the classification gave up on an item that exists.
        using var harness = NoSettle();
        ExpectLostThenResent(harness);
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, """{"queryType":"flat","workItems":[{"id":3""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
        Assert.NotNull(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
        await AssertTheNextCallFinds309Async(harness);
    }

    [Fact]
    public async Task A_create_found_whose_read_failed_throws_unknown()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", """{"id":309,"fields":{""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
        Assert.NotNull(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task An_attempt_left_by_a_process_that_stopped_is_looked_up_before_the_first_post()
    {
        using var harness = NoSettle();
        var before = harness.Client.Time.GetUtcNow();
        await harness.Ledger.Inner.RecordAttemptAsync(new OwnWriteAttempt { OrganizationId = OrganizationId, Key = AttemptKey, FirstAttemptAt = before, LastAttemptAt = before });
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        harness.Client.AssertSent(0, HttpMethod.Post, IssueTestHarness.WiqlUrl);
        Assert.Equal("309", issue.Key);
        Assert.Equal(before, harness.Ledger.Attempts[^1].FirstAttemptAt); // the first attempt's time is kept
    }

    [Fact]
    public async Task The_lookup_waits_the_settle_delay_after_the_lost_attempt_on_the_clock()
    {
        using var harness = new IssueTestHarness(configureOptions: o => o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.FromSeconds(3)).WarmCreates();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        var call = harness.Integration.CreateIssueAsync(Request());
        await harness.Client.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        Assert.Single(harness.Client.Requests); // no lookup before the delay
        harness.Client.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("309", (await call).Key);
        Assert.Equal(3, harness.Client.Requests.Count);
    }

    [Fact]
    public async Task The_settle_delay_counts_from_when_the_client_gave_up_not_from_the_send()
    {
        // The answer is lost 2 s after the send (a slow server, internal retries): a delay counted from the send
        // would look after 1 s, before a commit Azure DevOps makes just after the client gave up.
        using var harness = new IssueTestHarness(configureOptions: o => o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.FromSeconds(3)).WarmCreates();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(_ =>
        {
            harness.Client.Time.Advance(TimeSpan.FromSeconds(2));
            throw Lost();
        });
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);
        var sentAt = harness.Client.Time.GetUtcNow();

        var call = harness.Integration.CreateIssueAsync(Request());
        await harness.Client.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        var recorded = harness.Ledger.Attempts[^1];
        harness.Client.Time.Advance(TimeSpan.FromSeconds(2));
        var beforeDue = harness.Client.Requests.Count;
        harness.Client.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("309", (await call).Key);
        Assert.Equal(1, beforeDue); // no lookup 4 s after the send, 2 s after the failure
        Assert.Equal((sentAt, sentAt.AddSeconds(2)), (recorded.FirstAttemptAt, recorded.LastAttemptAt));
    }

    [Fact]
    public async Task A_failed_lookup_after_a_lost_answer_is_unknown_and_nothing_is_sent_again()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.Expect(HttpMethod.Post, IssueTestHarness.WiqlUrl).Respond(HttpStatusCode.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
        Assert.Equal(2, harness.Client.Requests.Count);
        Assert.Single(harness.Client.Requests, r => r.Url == CreateUrl);
        Assert.NotNull(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task Quotes_in_the_group_key_are_doubled_in_the_WIQL()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        await harness.Integration.CreateIssueAsync(Request(groupKey: "o'brien"));

        harness.Client.AssertSent(1, HttpMethod.Post, IssueTestHarness.WiqlUrl).AssertBody(
            MediaTypes.Json,
            """{"query":"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS \u0027issuesync:o\u0027\u0027brien\u0027 ORDER BY [System.Id]"}""");
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData((HttpStatusCode)429)]
    public async Task A_create_refused_for_certain_is_not_looked_up_and_leaves_no_attempt(HttpStatusCode status)
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(status);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.False(ex.IsOutcomeUnknown);
        Assert.Single(harness.Client.Requests);
        Assert.Null(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task A_refusal_after_an_unknown_outcome_keeps_the_attempt_for_a_late_commit()
    {
        using var harness = NoSettle();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.BadRequest);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.False(ex.IsOutcomeUnknown); // this POST was refused; the first may still commit
        Assert.NotNull(await harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task A_create_without_a_group_key_records_no_attempt()
    {
        using var harness = NoSettle();
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);

        await harness.Integration.CreateIssueAsync(new CreateIssueRequest { Project = "0987654321", WorkItemType = "Microsoft.VSTS.WorkItemTypes.Task", Title = "Hello" });

        Assert.Empty(harness.Ledger.Attempts);
    }
}
