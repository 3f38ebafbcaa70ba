using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class CreateFormConfigTests
{
    private const string Org = IssueTestHarness.Org;
    private const string ListUrl = Org + "_apis/projects?stateFilter=wellFormed";
    private const string ProjectA = "00000000-0000-0000-0000-000000000000";
    private const string ProjectB = "00000000-0000-0000-0000-000000000001";
    private const string Gone = "ac7c05bb-7f8e-4880-85a6-e08f37fd4a10";
    private const string TypeUrl = "https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/";

    // The Agile process' creatable types, in the order the types route lists them.
    private static readonly IssueChoice[] ReferenceTypes =
    [
        new("Microsoft.VSTS.WorkItemTypes.Bug", "Bug"),
        new("Microsoft.VSTS.WorkItemTypes.Epic", "Epic"),
        new("Microsoft.VSTS.WorkItemTypes.Feature", "Feature"),
        new("Microsoft.VSTS.WorkItemTypes.Task", "Task"),
        new("Microsoft.VSTS.WorkItemTypes.UserStory", "User Story"),
    ];

    private static readonly IssueChoice[] TwoProjects = [new(ProjectA, "Project 0"), new(ProjectB, "Project 1")];

    private static IssueTestHarness WithDefaults(string? projectId, string? workItemType) =>
        new(IssueTestHarness.NewInstallation(new Dictionary<string, VstsCreateFormDefaults>
        {
            ["host-1"] = new(projectId, workItemType),
            ["host-2"] = new("other", "other"),
        }));

    /// <summary>The project runs the Agile process: its types, categories, paths and fields are served.</summary>
    private static void ExpectCategories(IssueTestHarness harness, string project) => TestProcess.Agile.Serve(harness.Client, project);

    [Fact]
    public async Task Without_persisted_defaults_the_first_project_and_type_are_the_defaults()
    {
        using var harness = new IssueTestHarness();
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 2));
        ExpectCategories(harness, ProjectA);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        harness.Client.AssertSent(0, HttpMethod.Get, ListUrl);
        // Then the project's process, in a fixed order: types, categories, areas, iterations, the default type's fields, the data types.
        Assert.Equal(TestProcess.ColdReads(ProjectA, "Bug"), harness.Client.Requests.Skip(1).Select(r => r.Url));
        Assert.Equal(ProjectA, config.DefaultProjectId);
        Assert.Equal(TwoProjects, config.Projects);
        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Bug", config.DefaultWorkItemType);
        Assert.Equal(ReferenceTypes, config.WorkItemTypes);
    }

    [Fact]
    public async Task Persisted_project_is_the_default()
    {
        using var harness = WithDefaults(ProjectB, null);
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 2));
        ExpectCategories(harness, ProjectB);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(ProjectB, config.DefaultProjectId);
        Assert.Equal(TwoProjects, config.Projects);
    }

    [Theory]
    [InlineData("Task")]
    [InlineData("Microsoft.VSTS.WorkItemTypes.Task")]
    public async Task Persisted_work_item_type_is_the_default_among_deduplicated_choices(string persisted)
    {
        using var harness = WithDefaults(null, persisted);
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 1));
        ExpectCategories(harness, ProjectA);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Task", config.DefaultWorkItemType);
        Assert.Equal(ReferenceTypes, config.WorkItemTypes);
    }

    [Fact]
    public async Task Persisted_type_the_project_lacks_falls_back_to_the_bug_category_default()
    {
        using var harness = WithDefaults(null, "Issue");
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 1));
        ExpectCategories(harness, ProjectA);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Bug", config.DefaultWorkItemType);
    }

    [Fact]
    public async Task Request_project_wins_over_the_persisted_one()
    {
        using var harness = WithDefaults(ProjectB, null);
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 2));
        ExpectCategories(harness, ProjectA);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1", ProjectId = ProjectA });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(ProjectA, config.DefaultProjectId);
    }

    [Fact]
    public async Task Persisted_project_id_in_other_casing_is_the_listed_choice_not_fetched()
    {
        const string upper = "AC7C05BB-7F8E-4880-85A6-E08F37FD4A10";
        using var harness = WithDefaults(Gone, null);
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, $$"""{"count":1,"value":[{"id":"{{upper}}","name":"Fabrikam-Fiber-Git"}]}""");
        ExpectCategories(harness, upper);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(7, harness.Client.Requests.Count); // the list, then the process of the project (no project fetch)
        Assert.Equal(upper, config.DefaultProjectId);
        Assert.Equal([new IssueChoice(upper, "Fabrikam-Fiber-Git")], config.Projects);
    }

    [Fact]
    public async Task Persisted_project_missing_from_the_list_is_fetched_and_put_first()
    {
        using var harness = WithDefaults(Gone, null);
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 2));
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/projects/" + Gone, """{"id":"ac7c05bb-7f8e-4880-85a6-e08f37fd4a10","name":"Fabrikam-Fiber-Git","state":"wellFormed"}""");
        ExpectCategories(harness, Gone);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        harness.Client.AssertSent(1, HttpMethod.Get, Org + "_apis/projects/" + Gone);
        Assert.Equal(Gone, config.DefaultProjectId);
        Assert.Equal([new IssueChoice(Gone, "Fabrikam-Fiber-Git"), .. TwoProjects], config.Projects);
        Assert.Equal(ReferenceTypes, config.WorkItemTypes);
    }

    [Fact]
    public async Task Persisted_project_that_answers_404_leaves_no_default()
    {
        using var harness = WithDefaults(Gone, "Task");
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 2));
        harness.Client.Expect(HttpMethod.Get, Org + "_apis/projects/" + Gone)
            .Respond(HttpStatusCode.NotFound, "application/json", """{"message":"TF200016: The following project does not exist: ac7c05bb.","typeKey":"ProjectDoesNotExistException"}""");

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(2, harness.Client.Requests.Count);
        Assert.Null(config.DefaultProjectId);
        Assert.Equal(TwoProjects, config.Projects);
        Assert.Null(config.DefaultWorkItemType);
        Assert.Empty(config.WorkItemTypes);
    }

    [Fact]
    public async Task Projects_503_is_a_typed_error()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Get, ListUrl).Respond(HttpStatusCode.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest()));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Categories_failure_is_a_typed_error()
    {
        using var harness = new IssueTestHarness(backends: BackendDefinitionBehavior.Always); // the types are served before the refused categories
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectPage(0, 1));
        ExpectCategories(harness, ProjectA);
        harness.Client.Expect(HttpMethod.Get, Org + ProjectA + "/_apis/wit/workitemtypecategories").Respond(HttpStatusCode.Forbidden);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest()));

        Assert.Equal(VstsErrorKind.Forbidden, ex.Kind);
    }

    [Fact]
    public async Task Organization_without_projects_gives_no_default_and_empty_choices()
    {
        using var harness = WithDefaults(ProjectB, "Task");
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl, """{"count":0,"value":[]}""");

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        Assert.Null(config.DefaultProjectId);
        Assert.Null(config.DefaultWorkItemType);
        Assert.Empty(config.Projects);
        Assert.Empty(config.WorkItemTypes);
        Assert.Single(harness.Client.Requests);
    }

    [Fact]
    public async Task Projects_come_from_every_page()
    {
        using var harness = new IssueTestHarness();
        harness.Client.Expect(HttpMethod.Get, ListUrl).Respond(_ => ClientTestHarness.JsonResponse(VstsFixtures.ProjectPage(0, 100), ("x-ms-continuationtoken", "t1")));
        harness.Client.ExpectJson(HttpMethod.Get, ListUrl + "&continuationToken=t1", VstsFixtures.ProjectPage(100, 20));
        ExpectCategories(harness, ProjectA);

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest());

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(120, config.Projects.Count);
        Assert.Equal("Project 119", config.Projects[^1].Label);
    }
}

public sealed class SaveCreateFormDefaultsTests
{
    [Fact]
    public async Task Defaults_are_saved_with_compare_and_set_keeping_other_host_projects()
    {
        using var harness = new IssueTestHarness(IssueTestHarness.NewInstallation(new Dictionary<string, VstsCreateFormDefaults>
        {
            ["host-2"] = new("p2", "Bug"),
        }));

        await harness.Integration.SaveCreateFormDefaultsAsync("host-1", "p1", "Microsoft.VSTS.WorkItemTypes.Task");

        var save = Assert.Single(harness.Store.Saves);
        Assert.True(save.Saved);
        Assert.Equal(7, save.ExpectedVersion);
        Assert.Equal(new VstsCreateFormDefaults("p1", "Microsoft.VSTS.WorkItemTypes.Task"), save.Installation.CreateFormDefaults["host-1"]);
        Assert.Equal(new VstsCreateFormDefaults("p2", "Bug"), save.Installation.CreateFormDefaults["host-2"]);
        Assert.Equal(0, harness.Store.Reads);
        Assert.Empty(harness.Client.Requests);
    }

    [Fact]
    public async Task Conflict_re_reads_and_retries_with_the_new_version()
    {
        using var harness = new IssueTestHarness();
        harness.Store.ConflictsToSimulate = 2;

        await harness.Integration.SaveCreateFormDefaultsAsync("host-1", "p1", "Bug");

        Assert.Equal([(7L, false), (8L, false), (9L, true)], harness.Store.Saves.Select(s => (s.ExpectedVersion, s.Saved)));
        Assert.Equal(2, harness.Store.Reads);
        Assert.Equal(new VstsCreateFormDefaults("p1", "Bug"), harness.Store.Stored.CreateFormDefaults["host-1"]);
    }

    [Fact]
    public async Task Endless_conflicts_give_up_with_a_typed_conflict_error()
    {
        using var harness = new IssueTestHarness();
        harness.Store.ConflictsToSimulate = int.MaxValue;

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.SaveCreateFormDefaultsAsync("host-1", "p1", "Bug"));

        Assert.Equal(IssueIntegrationErrorKind.Conflict, ex.Kind);
        Assert.Equal(5, harness.Store.Saves.Count);
        Assert.All(harness.Store.Saves, s => Assert.False(s.Saved));
    }

    [Fact]
    public async Task Installation_gone_after_a_conflict_is_a_typed_error()
    {
        using var harness = new IssueTestHarness();
        harness.Store.ConflictsToSimulate = 1;
        harness.Store.Missing = true;

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.SaveCreateFormDefaultsAsync("host-1", "p1", "Bug"));

        Assert.Equal(IssueIntegrationErrorKind.InstallationNotFound, ex.Kind);
    }

    [Fact]
    public async Task Unchanged_defaults_are_not_saved_again()
    {
        using var harness = new IssueTestHarness(IssueTestHarness.NewInstallation(new Dictionary<string, VstsCreateFormDefaults>
        {
            ["host-1"] = new("p1", "Bug"),
        }));

        await harness.Integration.SaveCreateFormDefaultsAsync("host-1", "p1", "Bug");

        Assert.Empty(harness.Store.Saves);
    }

    [Fact]
    public async Task Saved_defaults_are_offered_by_the_same_integration_next_time()
    {
        using var harness = new IssueTestHarness();
        await harness.Integration.SaveCreateFormDefaultsAsync("host-1", "00000000-0000-0000-0000-000000000001", null);
        harness.Client.ExpectJson(HttpMethod.Get, IssueTestHarness.Org + "_apis/projects?stateFilter=wellFormed", VstsFixtures.ProjectPage(0, 2));
        TestProcess.Agile.Serve(harness.Client, "00000000-0000-0000-0000-000000000001");

        var config = await harness.Integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "host-1" });

        Assert.Equal("00000000-0000-0000-0000-000000000001", config.DefaultProjectId);
        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Bug", config.DefaultWorkItemType); // no saved type: the Bug category's default
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Blank_host_project_is_rejected(string hostProjectId)
    {
        using var harness = new IssueTestHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Integration.SaveCreateFormDefaultsAsync(hostProjectId, "p", "t"));
        Assert.Empty(harness.Store.Saves);
    }
}
