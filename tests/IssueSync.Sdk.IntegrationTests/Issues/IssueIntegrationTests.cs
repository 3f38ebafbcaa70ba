using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Issues;

/// <summary>The issue integration end to end: factory, credential resolution and every call over loopback HTTP to the emulator.</summary>
public class IssueIntegrationTests
{
    [Fact]
    public async Task An_issue_created_from_markdown_reads_back_and_lands_in_azure_devops_as_html_with_tag_link_and_comment()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var integration = await CreateIntegrationAsync(harness, store);

        var created = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = harness.Organization.Projects[0].Id,
                WorkItemType = "Microsoft.VSTS.WorkItemTypes.Bug",
                Title = "Checkout fails for **some** users",
                Description = "The *cart* is empty after login.\n\n- step one\n- step two",
                GroupKey = "group-42",
                HostIssueUrl = new Uri("https://host.example/issues/42"),
            },
            default);
        var readBack = await integration.GetIssueAsync(created.Key, default);

        var item = harness.Organization.GetWorkItem(int.Parse(created.Key, System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal((created.Key, created.Title), (readBack.Key, readBack.Title));
        Assert.Equal(new Uri(harness.Emulator.OrganizationUrl, "_workitems/edit/" + created.Key), created.Url);
        Assert.Equal(("Bug", "New"), (item.WorkItemType, item.State));
        Assert.Contains("<em>cart</em>", item.GetString("System.Description"), StringComparison.Ordinal);
        Assert.Contains("<li>step one</li>", item.GetString("System.Description"), StringComparison.Ordinal);
        Assert.Contains("issuesync:group-42", item.Tags);
        var link = Assert.Single(item.Relations);
        Assert.Equal(("Hyperlink", "https://host.example/issues/42"), (link.Rel, link.Url));
        var comment = Assert.Single(harness.Organization.GetComments(item.Id));
        Assert.Equal(item.GetString("System.Description"), comment.Text);
        Assert.Single(harness.Emulator.Requests, r => r.Method == "POST" && r.PathAndQuery.Contains("/_apis/wit/workitems/$Bug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_create_form_offers_the_projects_and_the_types_of_the_categories()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { ProjectCount = 3 }, configureBuilder: b => b.AddIntegrationStore(_ => store));
        var integration = await CreateIntegrationAsync(harness, store);

        var form = await integration.GetCreateFormConfigAsync(new CreateFormConfigRequest(), default);

        Assert.Equal(harness.Organization.Projects.Select(p => p.Id), form.Projects.Select(p => p.Value));
        Assert.Equal(harness.Organization.Projects[0].Id, form.DefaultProjectId);
        Assert.Contains(form.WorkItemTypes, t => t.Value == "Microsoft.VSTS.WorkItemTypes.UserStory" && t.Label == "User Story");
    }

    [Fact]
    public async Task Searching_finds_items_by_title_text_and_by_number()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var org = harness.Organization;
        var login = org.AddWorkItem("Project 1", "Bug", "Login page times out");
        org.AddWorkItem("Project 2", "Task", "Update the logo");
        var other = org.AddWorkItem("Project 2", "Bug", "Crash when LOGIN is empty");
        var integration = await CreateIntegrationAsync(harness, store);

        var byText = await integration.SearchIssuesAsync("login", default);
        var byNumber = await integration.SearchIssuesAsync("#" + login.Id, default);

        Assert.Equal([Key(other.Id), Key(login.Id)], byText.Select(c => c.Value));
        Assert.Equal($"({login.Id}) Login page times out", byText[1].Label);
        Assert.Equal(Key(login.Id), byNumber[0].Value);
        Assert.All(harness.RequestsTo("_apis/search/workitemsearchresults"), r => Assert.Equal(("POST", 200), (r.Method, r.StatusCode)));
    }

    [Fact]
    public async Task The_resolve_decision_follows_the_state_categories_the_emulator_serves()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var integration = await CreateIntegrationAsync(harness, store);

        var resolve = await integration.GetResolveSyncActionAsync("Active", "Resolved", "Project 1", "Bug", default);
        var unresolve = await integration.GetResolveSyncActionAsync("Closed", "Active", "Project 1", "Bug", default);
        var none = await integration.GetResolveSyncActionAsync("New", "Active", "Project 1", "Bug", default);

        Assert.Equal((ResolveSyncAction.Resolve, ResolveSyncAction.Unresolve, ResolveSyncAction.None), (resolve, unresolve, none));
        Assert.Single(harness.RequestsTo("Project%201/_apis/wit/workitemtypes/Bug/states")); // cached per project and type
    }

    [Fact]
    public async Task A_create_applied_whose_answer_is_lost_is_found_by_its_group_tag_and_not_made_twice()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var integration = await CreateIntegrationAsync(harness, store);
        harness.Emulator.AddFault(new FaultRule
        {
            Method = HttpMethod.Post,
            Path = "{project}/_apis/wit/workitems/${type}",
            Fault = EmulatorFault.ResetAfterApply(),
            Times = 1,
        });

        var created = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = harness.Organization.Projects[0].Id,
                WorkItemType = "Microsoft.VSTS.WorkItemTypes.Bug",
                Title = "Checkout fails",
                GroupKey = "group-7",
            },
            default);

        Assert.Equal(1, harness.Emulator.Requests.Count(r => r.SucceededButAnswerLost));
        Assert.Equal(Key(1), created.Key);
        Assert.Equal("Checkout fails", harness.Organization.GetWorkItem(1)?.Title);
        Assert.Null(harness.Organization.GetWorkItem(2));
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An installation of the emulated organization in <paramref name="store"/>, and its integration.</summary>
    internal static async Task<IIssueIntegration> CreateIntegrationAsync(SdkHarness harness, InMemoryIntegrationStore store)
    {
        var installation = store.Add(new VstsInstallation
        {
            IntegrationId = "integration-1",
            OrganizationId = harness.Organization.Id,
            OrganizationName = harness.Organization.Name,
            OrganizationUrl = harness.Emulator.OrganizationUrl.AbsoluteUri,
        });
        var factory = harness.Services.GetRequiredService<IIssueIntegrationFactory>();
        return await factory.CreateAsync(installation, default);
    }
}
