using System.Globalization;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Issues;

/// <summary>Process-aware creates end to end: the SDK reads the emulator's processes and checks a create before it sends it.</summary>
public class ProcessAwareCreateEmulatorTests
{
    [Fact]
    public async Task A_Basic_project_without_bugs_gets_an_Issue_and_the_form_offers_its_types()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var basic = harness.Organization.AddProject("Basic Project", VstsEmulatedProcess.Basic);
        var integration = await CreateIntegrationAsync(harness, store);

        var config = await integration.GetCreateFormConfigAsync(new CreateFormConfigRequest { ProjectId = basic.Id }, default);
        var created = await integration.CreateIssueAsync(new CreateIssueRequest { Project = basic.Id, Title = "Crash" }, default);

        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Issue", config.DefaultWorkItemType);
        Assert.Equal(["Epic", "Issue", "Task"], config.WorkItemTypes.Select(t => t.Label).Order(StringComparer.Ordinal));
        Assert.Contains(config.Fields, f => f.ReferenceName == "System.Title" && f.Required);
        Assert.Contains(@"Basic Project\Web\Checkout", config.AreaPaths);
        var item = harness.Organization.GetWorkItem(int.Parse(created.Key, CultureInfo.InvariantCulture))!;
        Assert.Equal(("Issue", "To Do"), (item.WorkItemType, item.State));
    }

    [Fact]
    public async Task A_custom_process_required_field_is_a_field_error_before_any_POST_and_a_full_create_lands_with_its_parent()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var custom = harness.Organization.AddProject("Custom Project", VstsEmulatedProcess.AgileCustom);
        var integration = await CreateIntegrationAsync(harness, store);
        var parent = await integration.CreateIssueAsync(new CreateIssueRequest { Project = custom.Id, WorkItemType = "User Story", Title = "Checkout" }, default);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => integration.CreateIssueAsync(new CreateIssueRequest { Project = custom.Id, Title = "Crash" }, default));
        var postsBefore = harness.Emulator.Requests.Count(r => r.Method == "POST");
        harness.Emulator.ClearRequests();
        var child = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = custom.Id,
                Title = "Crash",
                AreaPath = @"Custom Project\Web",
                IterationPath = @"Custom Project\Sprint 1",
                Priority = 1,
                ParentWorkItemId = int.Parse(parent.Key, CultureInfo.InvariantCulture),
                Fields = new Dictionary<string, PatchValue> { ["Custom.Severity"] = "High" },
            },
            default);

        Assert.Equal(["Custom.Severity"], ex.FieldErrors.Keys);
        Assert.Equal(1, postsBefore); // only the parent's create was sent
        var warm = Assert.Single(harness.Emulator.Requests); // a warm create: the POST alone
        Assert.Equal("POST", warm.Method);
        var item = harness.Organization.GetWorkItem(int.Parse(child.Key, CultureInfo.InvariantCulture))!;
        Assert.Equal(("Bug", "High", @"Custom Project\Web"), (item.WorkItemType, item.GetString("Custom.Severity"), item.GetString("System.AreaPath")));
        var link = Assert.Single(item.Relations, r => r.Rel == "System.LinkTypes.Hierarchy-Reverse");
        Assert.EndsWith("/_apis/wit/workItems/" + parent.Key, link.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_area_path_is_a_field_error_and_nothing_is_sent()
    {
        var store = new InMemoryIntegrationStore();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: b => b.AddIntegrationStore(_ => store));
        var project = harness.Organization.Projects[0];
        var integration = await CreateIntegrationAsync(harness, store);

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => integration.CreateIssueAsync(
            new CreateIssueRequest { Project = project.Id, Title = "Crash", AreaPath = project.Name + @"\Nowhere" },
            default));

        Assert.Equal(["System.AreaPath"], ex.FieldErrors.Keys);
        Assert.DoesNotContain(harness.Emulator.Requests, r => r.Method == "POST");
    }

    private static Task<IIssueIntegration> CreateIntegrationAsync(SdkHarness harness, InMemoryIntegrationStore store) =>
        IssueIntegrationTests.CreateIntegrationAsync(harness, store);
}
