using System.Net;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

/// <summary>
/// Creates and create forms that know the project's process: types and defaults per process, every rule
/// checked before the POST, the parent relation, the metadata cache (time to live, one read for concurrent
/// callers, dropped when Azure DevOps rejects a create by a rule it did not show).
/// </summary>
public sealed class ProcessAwareCreateTests : IDisposable
{
    private const string Org = IssueTestHarness.Org;
    private const string Project = "Fabrikam";
    private const string BugUrl = Org + "Fabrikam/_apis/wit/workitems/$Bug";

    // The process is served while the POSTs a test expects are still outstanding.
    private readonly IssueTestHarness _harness = new(backends: BackendDefinitionBehavior.Always);

    private static CreateIssueRequest CustomBug(Dictionary<string, PatchValue>? fields = null) => new()
    {
        Project = Project,
        Title = "Crash",
        AddDescriptionAsComment = false,
        Fields = fields ?? new Dictionary<string, PatchValue> { ["Custom.Customer"] = "Contoso" },
    };

    private static string RuleError(string code, string message) =>
        $$"""{"$id":"1","innerException":null,"message":"{{code}}: {{message}}","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.RuleValidationException","typeKey":"RuleValidationException","errorCode":0,"eventId":3200}""";

    private IReadOnlyList<ClientTestHarness.RecordedRequest> Posts => [.. _harness.Client.Requests.Where(r => r.Method == HttpMethod.Post)];

    // ---- the create form, per process ----

    public static TheoryData<string, string, string[], string[]> FormsPerProcess => new()
    {
        {
            "Basic", "Microsoft.VSTS.WorkItemTypes.Issue",
            ["Epic", "Issue", "Task"], // Test Plan is in the hidden category
            ["System.Title", "System.Description", "System.AreaPath", "System.IterationPath", "System.Tags", "System.AssignedTo", "Microsoft.VSTS.Common.Priority", "Microsoft.VSTS.Scheduling.Effort"]
        },
        {
            "Agile", "Microsoft.VSTS.WorkItemTypes.Bug",
            ["Bug", "Epic", "Feature", "Task", "User Story"],
            ["System.Title", "System.Description", "System.AreaPath", "System.IterationPath", "System.Tags", "System.AssignedTo", "Microsoft.VSTS.Common.Priority", "Microsoft.VSTS.Common.Severity", "Microsoft.VSTS.Scheduling.StoryPoints"]
        },
        {
            "Scrum", "Microsoft.VSTS.WorkItemTypes.Bug",
            ["Bug", "Product Backlog Item", "Task"],
            ["System.Title", "System.Description", "System.AreaPath", "System.IterationPath", "System.Tags", "System.AssignedTo", "Microsoft.VSTS.Common.Priority", "Microsoft.VSTS.Scheduling.Effort"]
        },
        {
            "Fabrikam Agile", "Microsoft.VSTS.WorkItemTypes.Bug",
            ["Bug", "User Story"], // Feature is disabled
            ["System.Title", "System.Description", "System.AreaPath", "System.IterationPath", "System.Tags", "System.AssignedTo", "Microsoft.VSTS.Common.Priority", "Custom.Customer", "Custom.Severity", "Custom.DueDate", "Custom.Billable", "Custom.Reviewer", "Custom.Count", "Microsoft.VSTS.Scheduling.StoryPoints"]
        },
    };

    private static TestProcess Process(string name) => name switch
    {
        "Basic" => TestProcess.Basic,
        "Agile" => TestProcess.Agile,
        "Scrum" => TestProcess.Scrum,
        _ => TestProcess.CustomInherited,
    };

    [Theory]
    [MemberData(nameof(FormsPerProcess))]
    public async Task The_form_lists_the_process_types_its_default_type_its_fields_and_the_paths(string process, string defaultType, string[] types, string[] fields)
    {
        _harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/projects?stateFilter=wellFormed", """{"count":1,"value":[{"id":"Fabrikam","name":"Fabrikam"}]}""");
        Process(process).Serve(_harness.Client, Project);

        var config = await _harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest());

        Assert.Equal(Project, config.DefaultProjectId);
        Assert.Equal(defaultType, config.DefaultWorkItemType);
        Assert.Equal(types, config.WorkItemTypes.Select(t => t.Label));
        Assert.Equal(fields, config.Fields.Select(f => f.ReferenceName));
        Assert.Equal(["Fabrikam", @"Fabrikam\Web", @"Fabrikam\Web\Checkout", @"Fabrikam\Mobile"], config.AreaPaths);
        Assert.Equal(["Fabrikam", @"Fabrikam\Sprint 1", @"Fabrikam\Sprint 2"], config.IterationPaths);
    }

    [Fact]
    public async Task A_form_field_carries_type_required_allowed_values_default_and_help()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/projects?stateFilter=wellFormed", """{"count":1,"value":[{"id":"Fabrikam","name":"Fabrikam"}]}""");
        TestProcess.Agile.Serve(_harness.Client, Project);

        var config = await _harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest());

        var byName = config.Fields.ToDictionary(f => f.ReferenceName);
        Assert.Equal(new CreateFormField("System.Title", "Title", WorkItemFieldType.String, true, [], null, null), byName["System.Title"] with { AllowedValues = [] });
        var severity = byName["Microsoft.VSTS.Common.Severity"];
        Assert.Equal(("Severity", false, "3 - Medium", "Assessment of the effect of the bug on the project."), (severity.Name, severity.Required, severity.DefaultValue, severity.HelpText));
        Assert.Equal(["1 - Critical", "2 - High", "3 - Medium", "4 - Low"], severity.AllowedValues);
        Assert.Equal(WorkItemFieldType.Integer, byName["Microsoft.VSTS.Common.Priority"].Type);
        Assert.Equal("2", byName["Microsoft.VSTS.Common.Priority"].DefaultValue);
        Assert.Equal(WorkItemFieldType.Identity, byName["System.AssignedTo"].Type);
        Assert.Equal(["Jamal Hartnett <jamal@fabrikam.com>"], byName["System.AssignedTo"].AllowedValues);
        Assert.Equal(WorkItemFieldType.Double, byName["Microsoft.VSTS.Scheduling.StoryPoints"].Type);
    }

    [Fact]
    public async Task The_form_of_a_custom_process_marks_its_required_custom_field_and_follows_the_chosen_type()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/projects?stateFilter=wellFormed", """{"count":1,"value":[{"id":"Fabrikam","name":"Fabrikam"}]}""");
        TestProcess.CustomInherited.Serve(_harness.Client, Project);

        var bug = await _harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest());
        _harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/projects?stateFilter=wellFormed", """{"count":1,"value":[{"id":"Fabrikam","name":"Fabrikam"}]}""");
        var story = await _harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { WorkItemType = "User Story" });

        var customer = Assert.Single(bug.Fields, f => f.ReferenceName == "Custom.Customer");
        Assert.True(customer.Required);
        Assert.Null(customer.DefaultValue);
        Assert.Equal("Who reported it.", customer.HelpText);
        Assert.Equal("Microsoft.VSTS.WorkItemTypes.UserStory", story.DefaultWorkItemType);
        Assert.DoesNotContain(story.Fields, f => f.ReferenceName == "Custom.Customer");
        var rules = await ((IssueIntegration)_harness.Integration).GetCreateRulesAsync(Project, null, default);
        Assert.Equal("Bug", rules.Type.Name.Value); // the renamed state keeps its category: Fixed is Bug's Resolved state
        Assert.Equal(["New", "Active", "Fixed", "Closed"], rules.Type.States.Select(st => st.Name.Value));
        Assert.Equal(WorkItemStateCategory.Resolved, rules.Type.States[2].Category);
    }

    // ---- creates that land ----

    [Fact]
    public async Task A_create_with_every_kind_of_field_and_a_parent_lands_with_the_exact_patch()
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        await _harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = Project,
            Title = "Crash",
            Description = "x",
            AddDescriptionAsComment = false,
            AreaPath = @"fabrikam\web\checkout", // matched whatever the case
            IterationPath = @"Fabrikam\Sprint 2",
            Tags = ["crash"],
            Priority = 1,
            ParentWorkItemId = 42,
            Fields = new Dictionary<string, PatchValue>
            {
                ["Custom.Customer"] = "Contoso",
                ["Custom.Severity"] = "1 - Critical",
                ["Custom.DueDate"] = PatchValue.FromDateTimeOffset(new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero)),
                ["Custom.Billable"] = true,
                ["Custom.Reviewer"] = "jamal@fabrikam.com",
                ["Custom.Count"] = 3,
                ["Microsoft.VSTS.Scheduling.StoryPoints"] = 2.5,
            },
            HostIssueUrl = new Uri("https://host.example/issues/42"),
        });

        _harness.Client.AssertSingleSent(HttpMethod.Post, BugUrl).AssertBody(
            MediaTypes.JsonPatch,
            "[" +
            """{"op":"add","path":"/fields/System.Title","value":"Crash"},""" +
            """{"op":"add","path":"/fields/System.Description","value":"<p>x</p>\n"},""" +
            """{"op":"add","path":"/fields/System.AreaPath","value":"fabrikam\\web\\checkout"},""" +
            """{"op":"add","path":"/fields/System.IterationPath","value":"Fabrikam\\Sprint 2"},""" +
            """{"op":"add","path":"/fields/System.Tags","value":"crash"},""" +
            """{"op":"add","path":"/fields/Microsoft.VSTS.Common.Priority","value":1},""" +
            """{"op":"add","path":"/fields/Custom.Customer","value":"Contoso"},""" +
            """{"op":"add","path":"/fields/Custom.Severity","value":"1 - Critical"},""" +
            """{"op":"add","path":"/fields/Custom.DueDate","value":"2026-12-24T09:00:00.0000000+00:00"},""" +
            """{"op":"add","path":"/fields/Custom.Billable","value":true},""" +
            """{"op":"add","path":"/fields/Custom.Reviewer","value":"jamal@fabrikam.com"},""" +
            """{"op":"add","path":"/fields/Custom.Count","value":3},""" +
            """{"op":"add","path":"/fields/Microsoft.VSTS.Scheduling.StoryPoints","value":2.5},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/issues/42"}},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"System.LinkTypes.Hierarchy-Reverse","url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/42"}}""" +
            "]");
    }

    [Fact]
    public async Task Numbers_dates_and_booleans_given_as_text_are_accepted_when_they_parse()
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        await _harness.Integration.CreateIssueAsync(CustomBug(new()
        {
            ["Custom.Customer"] = "Contoso",
            ["Custom.Count"] = "12",
            ["Custom.DueDate"] = "2026-12-24T09:00:00Z",
            ["Custom.Billable"] = "false",
            ["Microsoft.VSTS.Scheduling.StoryPoints"] = "0.5",
            ["Custom.Severity"] = "2 - high",
        }));

        Assert.Single(Posts);
    }

    [Fact]
    public async Task Without_a_type_a_Basic_project_creates_an_Issue_by_the_requirement_category()
    {
        await _harness.PrimeAsync(Project, null, TestProcess.Basic);
        const string issueUrl = Org + "Fabrikam/_apis/wit/workitems/$Issue";
        _harness.Client.ExpectJson(HttpMethod.Post, issueUrl, VstsFixtures.WorkItemResponse);

        await _harness.Integration.CreateIssueAsync(new CreateIssueRequest { Project = Project, Title = "Crash" });

        _harness.Client.AssertSingleSent(HttpMethod.Post, issueUrl);
    }

    [Theory]
    [InlineData("Agile", "$Bug")]
    [InlineData("Scrum", "$Bug")]
    [InlineData("Fabrikam Agile", "$Bug")]
    public async Task Without_a_type_a_project_with_bugs_creates_a_Bug(string process, string segment)
    {
        await _harness.PrimeAsync(Project, null, Process(process));
        _harness.Client.ExpectJson(HttpMethod.Post, Org + "Fabrikam/_apis/wit/workitems/" + segment, VstsFixtures.WorkItemResponse);

        await _harness.Integration.CreateIssueAsync(process == "Fabrikam Agile" ? CustomBug() : new CreateIssueRequest { Project = Project, Title = "Crash" });

        _harness.Client.AssertSingleSent(HttpMethod.Post, Org + "Fabrikam/_apis/wit/workitems/" + segment);
    }

    // ---- each rule broken: one field error, nothing sent ----

    public static TheoryData<string, string, string> BrokenRules => new()
    {
        { "missing required", "Custom.Customer", "Customer is required." },
        { "not allowed", "Custom.Severity", "Customer Severity must be one of: 1 - Critical, 2 - High, 3 - Medium." },
        { "priority not allowed", "Microsoft.VSTS.Common.Priority", "Priority must be one of: 1, 2, 3, 4." },
        { "unknown area", "System.AreaPath", @"Area Path 'Fabrikam\Nowhere' does not exist in project Fabrikam." },
        { "unknown iteration", "System.IterationPath", @"Iteration Path 'Fabrikam\Sprint 9' does not exist in project Fabrikam." },
        { "text for integer", "Custom.Count", "Count must be a whole number." },
        { "text for double", "Microsoft.VSTS.Scheduling.StoryPoints", "Story Points must be a number." },
        { "text for date", "Custom.DueDate", "Due Date must be a date and time (ISO 8601, e.g. 2026-12-02T14:00:00Z)." },
        { "text for boolean", "Custom.Billable", "Billable must be true or false." },
        { "number for identity", "Custom.Reviewer", "Reviewer must be a person's email address or display name." },
        { "unknown field", "Custom.Nope", "'Custom.Nope' is not a field of the Bug type." },
        { "relation as a value", "Custom.Customer", "Customer takes a value, not a relation." },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_broken_rule_is_one_field_error_naming_the_field_and_nothing_is_sent(string rule, string field, string message)
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        var fields = new Dictionary<string, PatchValue> { ["Custom.Customer"] = "Contoso" };
        var request = CustomBug(fields);
        switch (rule)
        {
            case "missing required": fields.Remove("Custom.Customer"); break;
            case "not allowed": fields["Custom.Severity"] = "9 - Whatever"; break;
            case "priority not allowed": request = new CreateIssueRequest { Project = Project, Title = "Crash", Priority = 7, Fields = fields }; break;
            case "unknown area": request = new CreateIssueRequest { Project = Project, Title = "Crash", AreaPath = @"Fabrikam\Nowhere", Fields = fields }; break;
            case "unknown iteration": request = new CreateIssueRequest { Project = Project, Title = "Crash", IterationPath = @"Fabrikam\Sprint 9", Fields = fields }; break;
            case "text for integer": fields["Custom.Count"] = "many"; break;
            case "text for double": fields["Microsoft.VSTS.Scheduling.StoryPoints"] = "lots"; break;
            case "text for date": fields["Custom.DueDate"] = "tomorrow"; break;
            case "text for boolean": fields["Custom.Billable"] = "yes"; break;
            case "number for identity": fields["Custom.Reviewer"] = 5; break;
            case "unknown field": fields["Custom.Nope"] = "x"; break;
            default: fields["Custom.Customer"] = PatchRelation.Hyperlink("https://host.example/"); break;
        }

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.CreateIssueAsync(request));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.Equal(new Dictionary<string, string> { [field] = message }, ex.FieldErrors);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Client.Requests); // warm and rejected: not even a read
    }

    [Theory]
    [InlineData("Issue", "Project Fabrikam has no work item type 'Issue'; its types are: Bug, User Story.")]
    [InlineData("Feature", "The work item type Feature is disabled in project Fabrikam.")]
    public async Task An_unknown_or_disabled_type_is_a_type_error_and_nothing_is_sent(string type, string message)
    {
        await _harness.PrimeAsync(Project, null, TestProcess.CustomInherited);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.CreateIssueAsync(CustomBug() is var r ? new CreateIssueRequest { Project = r.Project, Title = r.Title, WorkItemType = type, Fields = r.Fields } : null!));

        Assert.Equal(new Dictionary<string, string> { [CreateIssueFields.WorkItemType] = message }, ex.FieldErrors);
        Assert.Empty(_harness.Client.Requests);
    }

    // ---- call counts and the cache ----

    [Fact]
    public async Task A_cold_create_reads_the_process_once_and_a_warm_create_makes_exactly_one_request()
    {
        TestProcess.CustomInherited.Serve(_harness.Client, Project);
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        await _harness.Integration.CreateIssueAsync(CustomBug());
        var cold = _harness.Client.Requests;
        _harness.Client.ClearRequests();
        await _harness.Integration.CreateIssueAsync(CustomBug());

        Assert.Equal(TestProcess.ColdReads(Project, "Bug"), cold.Take(6).Select(r => r.Url)); // in a fixed order
        Assert.Equal(HttpMethod.Post, cold[6].Method);
        Assert.Equal(7, cold.Count);
        _harness.Client.AssertSingleSent(HttpMethod.Post, BugUrl);
    }

    [Fact]
    public async Task The_process_is_read_again_only_after_its_time_to_live()
    {
        using var harness = new IssueTestHarness(configureOptions: o => o.Outbound.ProcessMetadataTimeToLive = TimeSpan.FromMinutes(10), backends: BackendDefinitionBehavior.Always);
        TestProcess.CustomInherited.Serve(harness.Client, Project);
        for (var i = 0; i < 3; i++)
        {
            harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);
        }

        await harness.Integration.CreateIssueAsync(CustomBug());
        harness.Client.Time.Advance(TimeSpan.FromMinutes(9));
        harness.Client.ClearRequests();
        await harness.Integration.CreateIssueAsync(CustomBug());
        var beforeTtl = harness.Client.Requests.Count;
        harness.Client.Time.Advance(TimeSpan.FromMinutes(2));
        harness.Client.ClearRequests();
        await harness.Integration.CreateIssueAsync(CustomBug());

        Assert.Equal(1, beforeTtl);
        Assert.Equal(7, harness.Client.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_cold_creates_share_one_read_of_each_piece()
    {
        TestProcess.CustomInherited.Serve(_harness.Client, Project);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var typesUrl = TestProcess.TypesUrl(Project);
        _harness.Client.Mock.Expect(HttpMethod.Get, typesUrl).Respond(async () =>
        {
            await release.Task;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestProcess.CustomInherited.TypesJson, System.Text.Encoding.UTF8, "application/json") };
        });
        for (var i = 0; i < 5; i++)
        {
            _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);
        }

        var creates = Enumerable.Range(0, 5).Select(_ => Task.Run(() => _harness.Integration.CreateIssueAsync(CustomBug()))).ToArray();
        await WaitForAsync(() => _harness.Client.Requests.Any(r => r.Url == typesUrl));
        release.SetResult();
        await Task.WhenAll(creates);

        var gets = _harness.Client.Requests.Where(r => r.Method == HttpMethod.Get).GroupBy(r => r.Url).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(TestProcess.ColdReads(Project, "Bug").Order(StringComparer.Ordinal), gets.Keys.Order(StringComparer.Ordinal));
        Assert.All(gets.Values, count => Assert.Equal(1, count));
        Assert.Equal(5, Posts.Count);
    }

    [Fact]
    public async Task A_rule_the_cache_did_not_know_is_a_field_error_after_the_POST_and_the_next_create_reads_the_process_again()
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        _harness.Client.Expect(HttpMethod.Post, BugUrl).Respond(HttpStatusCode.BadRequest, "application/json",
            RuleError("TF401320", "Rule Error for field Customer Severity. Error code: Required, InvalidEmpty."));
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.CreateIssueAsync(CustomBug()));
        _harness.Client.ClearRequests();
        await _harness.Integration.CreateIssueAsync(CustomBug(new() { ["Custom.Customer"] = "Contoso", ["Custom.Severity"] = "2 - High" }));

        Assert.Equal(new Dictionary<string, string> { ["Custom.Severity"] = "Customer Severity is required." }, ex.FieldErrors);
        Assert.Equal("TF401320", Assert.IsType<IssueSync.Sdk.Client.VstsApiException>(ex.InnerException).ErrorCode);
        Assert.Equal(7, _harness.Client.Requests.Count); // the process read again, then the POST
    }

    public static TheoryData<string, string, string, string> ServerRules => new()
    {
        { "TF401320", "Rule Error for field Customer. Error code: LimitedToValues, HasValues.", "Custom.Customer", "Customer was rejected by a rule of the Bug type (LimitedToValues, HasValues)." },
        { "TF401347", "Invalid tree name given for work item -1, field 'System.AreaPath'.", "System.AreaPath", "Area Path does not exist in project Fabrikam." },
        { "TF51535", "Cannot find field Custom.Gone.", "Custom.Gone", "'Custom.Gone' is not a field of the Bug type." },
    };

    [Theory]
    [MemberData(nameof(ServerRules))]
    public async Task Server_side_rule_errors_become_field_errors_and_drop_the_cache(string code, string text, string field, string message)
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        _harness.Client.Expect(HttpMethod.Post, BugUrl).Respond(HttpStatusCode.BadRequest, "application/json", RuleError(code, text));
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.CreateIssueAsync(CustomBug()));
        _harness.Client.ClearRequests();
        await _harness.Integration.CreateIssueAsync(CustomBug());

        Assert.Equal(new Dictionary<string, string> { [field] = message }, ex.FieldErrors);
        Assert.Equal(7, _harness.Client.Requests.Count);
    }

    [Fact]
    public async Task A_parent_that_does_not_exist_is_a_parent_error_and_keeps_the_cache()
    {
        await _harness.PrimeAsync(Project, "Bug", TestProcess.CustomInherited);
        _harness.Client.Expect(HttpMethod.Post, BugUrl).Respond(HttpStatusCode.NotFound, "application/json",
            """{"message":"TF401232: Work item 99999 does not exist, or you do not have permissions to read it.","typeKey":"WorkItemUnauthorizedAccessException"}""");
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.CreateIssueAsync(new CreateIssueRequest
        {
            Project = Project, Title = "Crash", ParentWorkItemId = 99999, Fields = new Dictionary<string, PatchValue> { ["Custom.Customer"] = "Contoso" },
        }));
        _harness.Client.ClearRequests();
        await _harness.Integration.CreateIssueAsync(CustomBug());

        Assert.Equal([CreateIssueFields.Parent], ex.FieldErrors.Keys);
        Assert.Contains("TF401232", ex.FieldErrors[CreateIssueFields.Parent], StringComparison.Ordinal);
        _harness.Client.AssertSingleSent(HttpMethod.Post, BugUrl);
    }

    [Fact]
    public async Task A_failed_read_is_not_kept()
    {
        TestProcess.CustomInherited.Serve(_harness.Client, Project);
        _harness.Client.Expect(HttpMethod.Get, TestProcess.TypesUrl(Project)).Respond(HttpStatusCode.ServiceUnavailable);
        _harness.Client.ExpectJson(HttpMethod.Post, BugUrl, VstsFixtures.WorkItemResponse);

        var failure = await Assert.ThrowsAsync<IssueSync.Sdk.Client.VstsApiException>(() => _harness.Integration.CreateIssueAsync(CustomBug()));
        await _harness.Integration.CreateIssueAsync(CustomBug());

        Assert.Equal(IssueSync.Sdk.Client.VstsErrorKind.Unavailable, failure.Kind);
        Assert.Equal(2, _harness.Client.Requests.Count(r => r.Url == TestProcess.TypesUrl(Project)));
        Assert.Single(Posts);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "The read never started.");
    }

    public void Dispose() => _harness.Dispose();
}
