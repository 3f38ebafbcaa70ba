using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class CreateIssueTests : IssueTestBase
{
    private const string Org = IssueTestHarness.Org;
    private const string CreateUrl = Org + "0987654321/_apis/wit/workitems/$Microsoft.VSTS.WorkItemTypes.Task";

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
    public async Task Missing_type_and_title_and_a_bad_group_key_are_reported_together()
    {
        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = "Fabrikam",
            Title = " ",
            GroupKey = "a;b",
        }));

        Assert.Equal(
            [CreateIssueFields.GroupKey, CreateIssueFields.Title, CreateIssueFields.WorkItemType],
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
        Assert.Equal(new Dictionary<string, string> { ["Title"] = "Title is required." }, ex.FieldErrors);
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
    private const string CreateUrl = Org + "0987654321/_apis/wit/workitems/$Microsoft.VSTS.WorkItemTypes.Task";
    private const string WiqlBody = """{"query":"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS \u0027issuesync:group-42\u0027"}""";

    private static CreateIssueRequest Request(string groupKey = "group-42") => new()
    {
        Project = "0987654321",
        WorkItemType = "Microsoft.VSTS.WorkItemTypes.Task",
        Title = "Hello",
        Description = "Fix this.",
        GroupKey = groupKey,
    };

    [Fact]
    public async Task Timeout_on_the_create_then_the_stamped_item_is_found_by_WIQL_and_not_created_again()
    {
        using var harness = new IssueTestHarness(httpTimeout: TimeSpan.FromMilliseconds(100));
        harness.Client.ExpectNoAnswer(HttpMethod.Post, CreateUrl);
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        var requests = harness.Client.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Single(requests, r => r.Method == HttpMethod.Post && r.Url == CreateUrl);
        Assert.EndsWith(
            """{"op":"add","path":"/fields/System.Tags","value":"issuesync:group-42"}]""",
            requests[0].BodyText,
            StringComparison.Ordinal);
        harness.Client.AssertSent(1, HttpMethod.Post, IssueTestHarness.WiqlUrl).AssertBody(MediaTypes.Json, WiqlBody);
        harness.Client.AssertSent(2, HttpMethod.Get, Org + "_apis/wit/workitems/309");
        Assert.Equal(new IssueDetails("309", "Hello", "Fix this.", "Fabrikam-Fiber-Git#309", new Uri(Org + "_workitems/edit/309")), issue);
    }

    [Fact]
    public async Task Lost_connection_and_no_stamped_item_creates_exactly_once_more()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItemResponse);

        var issue = await harness.Integration.CreateIssueAsync(Request());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        var requests = harness.Client.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[0].BodyText, requests[2].BodyText);
        Assert.Equal("309", issue.Key);
    }

    [Fact]
    public async Task Second_unknown_outcome_is_reported_not_retried_forever()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([]));
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
        Assert.Equal(3, harness.Client.Requests.Count);
    }

    [Fact]
    public async Task Failed_lookup_after_an_unknown_outcome_is_reported_and_nothing_is_sent_again()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));
        harness.Client.Expect(HttpMethod.Post, IssueTestHarness.WiqlUrl).Respond(HttpStatusCode.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.Equal(2, harness.Client.Requests.Count);
        Assert.Single(harness.Client.Requests, r => r.Url == CreateUrl);
    }

    [Fact]
    public async Task Quotes_in_the_group_key_are_doubled_in_the_WIQL()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("connection reset"));
        harness.Client.ExpectJson(HttpMethod.Post, IssueTestHarness.WiqlUrl, VstsFixtures.WiqlResult([309]));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        await harness.Integration.CreateIssueAsync(Request(groupKey: "o'brien"));

        harness.Client.AssertSent(1, HttpMethod.Post, IssueTestHarness.WiqlUrl).AssertBody(
            MediaTypes.Json,
            """{"query":"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS \u0027issuesync:o\u0027\u0027brien\u0027"}""");
    }

    [Fact]
    public async Task A_rejected_create_with_a_group_key_is_not_looked_up()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.CreateIssueAsync(Request()));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.Single(harness.Client.Requests);
    }
}
