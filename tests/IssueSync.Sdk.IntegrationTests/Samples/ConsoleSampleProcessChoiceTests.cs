using System.Text;
using IssueSync.Samples.Console;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// The console sample picks the work item type and the states by category, never by name: Agile
/// (the emulator) gives Bug and Resolved, Basic gives Issue and Done, a process without a bug
/// category gives its requirement type.
/// </summary>
public sealed class ConsoleSampleProcessChoiceTests : IDisposable
{
    private const string Organization = "https://dev.azure.com/fabrikam/";
    private const string Pat = "process-choice-pat";
    private static readonly string Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat));

    private readonly MockHttpMessageHandler _mock = new();
    private readonly ServiceProvider _services;

    public ConsoleSampleProcessChoiceTests()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = Organization;
            options.PersonalAccessToken = Pat;
            options.Resilience.MaxRetries = 0;
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => _mock);
        _services = services.BuildServiceProvider();
        _mock.Fallback.ThrowMatchSummary();
    }

    private IWorkItemTypesClient Types => _services.GetRequiredService<IVstsClientFactory>()
        .CreateClient(new VstsConnection(new Uri(Organization), VstsCredential.PersonalAccessToken(Pat))).WorkItemTypes;

    public void Dispose()
    {
        _services.Dispose();
        _mock.Dispose();
    }

    [Fact]
    public async Task Agile_on_the_emulator_gives_bug_resolved_and_new()
    {
        await using var harness = await SdkHarness.StartAsync();

        var choice = await ProcessChoice.PickAsync(harness.Client.WorkItemTypes, "Project 1", CancellationToken.None);

        Assert.Equal(new ProcessChoice("Bug", "Microsoft.BugCategory", "Resolved", "New"), choice);
        Assert.Equal(
            ["/emulated/Project%201/_apis/wit/workitemtypecategories", "/emulated/Project%201/_apis/wit/workitemtypes/Bug/states"],
            harness.Emulator.Requests.Select(r => r.PathAndQuery.Split('?')[0]));
    }

    [Fact]
    public async Task Basic_has_no_bug_category_and_no_resolved_state_so_it_gives_issue_done_and_to_do()
    {
        ExpectCategories("Basic", Category("Microsoft.EpicCategory", "Epic"), Category("Microsoft.RequirementCategory", "Issue"), Category("Microsoft.TaskCategory", "Task"));
        ExpectStates("Basic", "Issue", ("To Do", "Proposed"), ("Doing", "InProgress"), ("Done", "Completed"));

        var choice = await ProcessChoice.PickAsync(Types, "Basic", CancellationToken.None);

        Assert.Equal(new ProcessChoice("Issue", "Microsoft.RequirementCategory", "Done", "To Do"), choice);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Scrum_gives_the_bug_categorys_default_type_and_its_first_completed_state_when_it_has_no_resolved_one()
    {
        ExpectCategories("Scrum", Category("Microsoft.RequirementCategory", "Product Backlog Item"), Category("Microsoft.BugCategory", "Bug"));
        ExpectStates("Scrum", "Bug", ("New", "Proposed"), ("Approved", "Proposed"), ("Committed", "InProgress"), ("Done", "Completed"), ("Removed", "Removed"));

        var choice = await ProcessChoice.PickAsync(Types, "Scrum", CancellationToken.None);

        Assert.Equal(new ProcessChoice("Bug", "Microsoft.BugCategory", "Done", "New"), choice);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_process_without_a_bug_category_gives_the_requirement_categorys_default_type_whatever_its_name()
    {
        // A custom process: no Microsoft.BugCategory, renamed states; only the categories count.
        ExpectCategories("Custom", Category("Microsoft.RequirementCategory", "Customer Problem"), Category("Microsoft.TaskCategory", "Chore"));
        ExpectStates("Custom", "Customer Problem", ("Reported", "Proposed"), ("Investigating", "InProgress"), ("Fixed", "Resolved"), ("Shipped", "Completed"), ("Fixed twice", "Resolved"));

        var choice = await ProcessChoice.PickAsync(Types, "Custom", CancellationToken.None);

        Assert.Equal(new ProcessChoice("Customer Problem", "Microsoft.RequirementCategory", "Fixed", "Reported"), choice);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_bug_category_without_a_default_type_falls_back_to_the_requirement_category()
    {
        ExpectCategories("Odd", """{"name":"Bug Category","referenceName":"Microsoft.BugCategory","defaultWorkItemType":null,"workItemTypes":[]}""", Category("Microsoft.RequirementCategory", "User Story"));

        var (type, category) = await ProcessChoice.PickTypeAsync(Types, "Odd", CancellationToken.None);

        Assert.Equal(("User Story", "Microsoft.RequirementCategory"), (type, category));
    }

    [Fact]
    public async Task A_process_with_neither_category_is_a_sample_error_that_names_both()
    {
        ExpectCategories("Tasks only", Category("Microsoft.TaskCategory", "Task"));

        var error = await Assert.ThrowsAsync<SampleException>(() => ProcessChoice.PickAsync(Types, "Tasks only", CancellationToken.None));

        Assert.Equal("Project 'Tasks only' has no work item type in Microsoft.BugCategory or Microsoft.RequirementCategory, so the sample does not know which type to create.", error.Message);
        Assert.Equal(
            "Project 'Tasks only' has no work item type in Microsoft.BugCategory or Microsoft.RequirementCategory, so the sample does not know which type to create.",
            SampleHost.Describe(error));
    }

    [Fact]
    public async Task A_type_with_no_done_state_or_no_open_state_is_a_sample_error()
    {
        ExpectStates("P", "Bug", ("New", "Proposed"), ("Active", "InProgress"), ("Removed", "Removed"));
        ExpectStates("P", "Issue", ("Done", "Completed"));

        var noDone = await Assert.ThrowsAsync<SampleException>(() => ProcessChoice.PickStatesAsync(Types, "P", "Bug", CancellationToken.None));
        var noOpen = await Assert.ThrowsAsync<SampleException>(() => ProcessChoice.PickStatesAsync(Types, "P", "Issue", CancellationToken.None));

        Assert.Equal("Work item type 'Bug' of project 'P' has no state in category Resolved or Completed.", noDone.Message);
        Assert.Equal("Work item type 'Issue' of project 'P' has no state in category Proposed or InProgress.", noOpen.Message);
    }

    private static string Category(string referenceName, string defaultType) =>
        $$"""{"name":"{{referenceName}}","referenceName":"{{referenceName}}","defaultWorkItemType":{"name":"{{defaultType}}","url":"{{Organization}}_apis/wit/workItemTypes/{{Uri.EscapeDataString(defaultType)}}"},"workItemTypes":[{"name":"{{defaultType}}"}]}""";

    private void ExpectCategories(string project, params string[] categories) =>
        Expect($"{Organization}{Uri.EscapeDataString(project)}/_apis/wit/workitemtypecategories", $$"""{"count":{{categories.Length}},"value":[{{string.Join(',', categories)}}]}""");

    private void ExpectStates(string project, string type, params (string Name, string Category)[] states) =>
        Expect(
            $"{Organization}{Uri.EscapeDataString(project)}/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}/states",
            $$"""{"count":{{states.Length}},"value":[{{string.Join(',', states.Select(s => $$"""{"name":"{{s.Name}}","color":"b2b2b2","category":"{{s.Category}}"}"""))}}]}""");

    private void Expect(string url, string json) =>
        _mock.Expect(HttpMethod.Get, url)
            .With(r => r.RequestUri!.AbsoluteUri == url)
            .WithHeaders("Accept", "application/json; api-version=7.1")
            .With(r => r.Headers.Authorization?.ToString() == Authorization)
            .Respond("application/json", json);
}
