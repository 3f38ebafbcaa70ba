using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class WorkItemTests
{
    [Fact]
    public async Task A_created_work_item_reads_back_with_its_fields_relation_and_defaults()
    {
        await using var harness = await SdkHarness.StartAsync();
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Title = "Checkout fails",
            Description = "<p>Stack trace</p>",
            Tags = ["issuesync:group-1", "web"],
            AssignedTo = "ada@example.com",
            Relations = [PatchRelation.Hyperlink("https://host.example/issues/1", "Host issue")],
        });

        var created = await harness.Client.WorkItems.CreateAsync("Project 1", "Bug", patch, cancellationToken: default);
        var read = await harness.Client.WorkItems.GetAsync(created.Id, new GetWorkItemOptions { Expand = WorkItemExpand.All }, default);

        Assert.Equal((1, 1), (created.Id, created.Revision));
        Assert.Equal(("Checkout fails", "<p>Stack trace</p>", "New", "Bug"), (read.Title, read.Description, read.State?.Value, read.WorkItemType?.Value));
        Assert.Equal(("Project 1", "Project 1"), (read.AreaPath, read.TeamProject));
        Assert.Equal(["issuesync:group-1", "web"], read.Tags);
        Assert.Equal(("ada@example.com", "Ada Lovelace"), (read.AssignedTo?.Email, read.AssignedTo?.DisplayName));
        var relation = Assert.Single(read.Relations);
        Assert.Equal((WorkItemRelationType.Hyperlink, "https://host.example/issues/1", "Host issue"), (relation.Rel, relation.Url, relation.Comment));
        var request = Assert.Single(harness.RequestsTo("Project%201/_apis/wit/workitems/$Bug"));
        Assert.Equal(("POST", 200, "7.1"), (request.Method, request.StatusCode, request.ApiVersion));
    }

    [Fact]
    public async Task Fields_can_be_read_alone_but_not_together_with_expand()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Task", "Write docs");

        var titleOnly = await harness.Client.WorkItems.GetAsync(item.Id, new GetWorkItemOptions { Fields = ["System.Title"] }, default);
        using var http = new HttpClient();
        using var request = RawRequests.Authorized(harness.Emulator, HttpMethod.Get, $"_apis/wit/workitems/{item.Id}?fields=System.Title&$expand=all&api-version=7.1");
        using var both = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(["System.Title"], titleOnly.Fields.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("The expand parameter can not be used with the fields parameter.", await both.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_with_the_current_revision_applies_and_a_stale_one_is_a_Conflict_that_changes_nothing()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash on save");
        harness.Organization.SetState(item.Id, "Active", harness.Organization.Users[1]); // a person edits: rev 2

        var stale = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { ExpectedRevision = 1, Title = "Mine" });
        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(item.Id, stale, cancellationToken: default));
        var fresh = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { ExpectedRevision = 2, Title = "Mine" });
        var updated = await harness.Client.WorkItems.UpdateAsync(item.Id, fresh, cancellationToken: default);

        Assert.Equal((VstsErrorKind.Conflict, HttpStatusCode.PreconditionFailed, "TF26071"), (error.Kind, error.StatusCode, error.ErrorCode));
        Assert.Equal((3, "Mine", "Active"), (updated.Revision, updated.Title, updated.State?.Value));
        Assert.Equal([412, 200], harness.Emulator.Requests.Where(r => r.Method == "PATCH").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_state_the_type_does_not_have_is_refused_with_the_supported_values_message_and_nothing_changes()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Task", "Deploy");

        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Resolved", Title = "Deploy now" }); // Task has no Resolved
        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(item.Id, patch, cancellationToken: default));

        Assert.Equal((VstsErrorKind.Validation, HttpStatusCode.BadRequest, "RuleValidationException"), (error.Kind, error.StatusCode, error.TypeKey));
        Assert.Equal("The field 'State' contains the value 'Resolved' that is not in the list of supported values", error.ServiceMessage);
        var unchanged = harness.Organization.GetWorkItem(item.Id)!;
        Assert.Equal((1, "Deploy", "New"), (unchanged.Revision, unchanged.Title, unchanged.State));
    }

    [Fact]
    public async Task A_create_without_a_title_is_a_TF401320_rule_error()
    {
        await using var harness = await SdkHarness.StartAsync();
        var patch = WorkItemPatch.CreateBuilder().AddField(WorkItemFields.Description, "no title").Build();

        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Project 1", "Bug", patch, cancellationToken: default));

        Assert.Equal((VstsErrorKind.Validation, "TF401320"), (error.Kind, error.ErrorCode));
        Assert.Null(harness.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task Assigning_someone_outside_the_organization_is_refused_as_an_unknown_identity()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");

        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { AssignedTo = "stranger@elsewhere.example" });
        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(item.Id, patch, cancellationToken: default));

        Assert.Equal(VstsErrorKind.Validation, error.Kind);
        Assert.Equal("The identity value 'stranger@elsewhere.example' for field 'Assigned To' is an unknown identity.", error.ServiceMessage);
        Assert.Null(harness.Organization.GetWorkItem(item.Id)!.AssignedTo);
    }

    [Fact]
    public async Task Removing_the_assignee_and_the_description_clears_them_and_leaves_the_rest()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash", new Dictionary<string, object?> { ["System.Description"] = "<p>Trace</p>" });
        harness.Organization.Assign(item.Id, harness.Organization.Users[1]);

        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            RemoveFields = [WorkItemFields.AssignedTo, WorkItemFields.Description],
            ExpectedRevision = 2,
        });
        var updated = await harness.Client.WorkItems.UpdateAsync(item.Id, patch, cancellationToken: default);

        Assert.Equal((3, "Crash", null, null), (updated.Revision, updated.Title, updated.AssignedTo, updated.Description));
        var stored = harness.Organization.GetWorkItem(item.Id)!;
        Assert.Equal(("Crash", null, null), (stored.Title, stored.AssignedTo, stored.GetString("System.Description")));
    }

    [Fact]
    public async Task The_states_and_categories_of_the_agile_types_are_served_per_project()
    {
        await using var harness = await SdkHarness.StartAsync();

        var states = await harness.Client.WorkItemTypes.GetStatesAsync("Project 1", "Bug", default);
        var categories = await harness.Client.WorkItemTypes.GetCategoriesAsync("Project 1", default);
        var unknown = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItemTypes.GetStatesAsync("Project 1", "Epic", default));

        Assert.Equal(
            [("New", "Proposed"), ("Active", "InProgress"), ("Resolved", "Resolved"), ("Closed", "Completed")],
            states.Select(s => (s.Name.Value, s.Category.Value)));
        var bugs = Assert.Single(categories, c => c.ReferenceName == "Microsoft.BugCategory");
        Assert.Equal(("Bug", "Microsoft.VSTS.WorkItemTypes.Bug"), (bugs.DefaultWorkItemType?.Name.Value, bugs.DefaultWorkItemType?.ReferenceName));
        Assert.Equal(VstsErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task A_wiql_tag_query_finds_the_tagged_item_and_unsupported_wiql_is_a_clear_400()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        org.AddWorkItem("Project 1", "Bug", "One", new Dictionary<string, object?> { ["System.Tags"] = "issuesync:g1; web" });
        var wanted = org.AddWorkItem("Project 2", "Bug", "Two", new Dictionary<string, object?> { ["System.Tags"] = "issuesync:g2" });
        org.AddWorkItem("Project 2", "Bug", "Three", new Dictionary<string, object?> { ["System.Tags"] = "issuesync:g22" });

        var byTag = await harness.Client.WorkItems.QueryIdsAsync("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'issuesync:g2'", cancellationToken: default);
        var byProject = await harness.Client.WorkItems.QueryIdsAsync("SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.Id] DESC", "Project 2", cancellationToken: default);
        var error = await Assert.ThrowsAsync<VstsApiException>(() =>
            harness.Client.WorkItems.QueryIdsAsync("SELECT [System.Id] FROM WorkItems WHERE [System.Id] = 1 OR [System.Id] = 2", cancellationToken: default));

        Assert.Equal([wanted.Id], byTag.WorkItems.Select(w => w.Id));
        Assert.Equal([3, 2], byProject.WorkItems.Select(w => w.Id));
        Assert.Equal((VstsErrorKind.Validation, HttpStatusCode.BadRequest), (error.Kind, error.StatusCode));
        Assert.Contains("does not support 'OR'", error.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_read_leaves_out_missing_items_and_chunks_at_200()
    {
        await using var harness = await SdkHarness.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            harness.Organization.AddWorkItem("Project 1", "Task", $"Task {i}");
        }

        var ids = Enumerable.Range(1, 250).ToArray();
        var items = await harness.Client.WorkItems.GetBatchAsync(ids, cancellationToken: default);

        Assert.Equal([1, 2, 3], items.Select(i => i.Id));
        Assert.Equal(2, harness.RequestsTo("_apis/wit/workitemsbatch").Count);
    }

    [Fact]
    public async Task A_deleted_work_item_is_NotFound_over_rest_and_stays_in_the_recycle_bin()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Task", "Old");

        await harness.Client.WorkItems.DeleteAsync(item.Id, cancellationToken: default);
        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.GetAsync(item.Id, cancellationToken: default));

        Assert.Equal((VstsErrorKind.NotFound, "TF401232"), (error.Kind, error.ErrorCode));
        Assert.True(harness.Organization.GetWorkItem(item.Id)!.IsDeleted);
    }

    [Fact]
    public async Task A_work_item_patch_must_be_sent_as_json_patch()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Task", "Old");
        using var http = new HttpClient();
        using var request = RawRequests.Authorized(harness.Emulator, HttpMethod.Patch, $"_apis/wit/workitems/{item.Id}?api-version=7.1");
        request.Content = new StringContent("[{\"op\":\"add\",\"path\":\"/fields/System.Title\",\"value\":\"x\"}]", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Old", harness.Organization.GetWorkItem(item.Id)!.Title);
    }

    [Fact]
    public async Task ValidateOnly_checks_a_patch_without_storing_it_and_asOf_reads_an_earlier_revision()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { TimeProvider = clock });
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "First title");
        var afterFirst = clock.GetUtcNow().AddMinutes(1);
        clock.Advance(TimeSpan.FromMinutes(2));
        harness.Organization.UpdateFields(item.Id, new Dictionary<string, object?> { ["System.Title"] = "Second title" });

        var preview = await harness.Client.WorkItems.UpdateAsync(
            item.Id, WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Title = "Only a check" }), new WorkItemWriteOptions { ValidateOnly = true }, default);
        var earlier = await harness.Client.WorkItems.GetAsync(item.Id, new GetWorkItemOptions { AsOf = afterFirst }, default);

        Assert.Equal("Only a check", preview.Title);
        Assert.Equal((2, "Second title"), (harness.Organization.GetWorkItem(item.Id)!.Revision, harness.Organization.GetWorkItem(item.Id)!.Title));
        Assert.Equal((1, "First title"), (earlier.Revision, earlier.Title));
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_makes_no_revision()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Same");

        var updated = await harness.Client.WorkItems.UpdateAsync(item.Id, WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Title = "Same" }), cancellationToken: default);

        Assert.Equal(1, updated.Revision);
        Assert.Equal(1, harness.Organization.GetWorkItem(item.Id)!.Revision);
    }

    [Fact]
    public async Task Of_concurrent_updates_guarded_by_the_same_revision_exactly_one_applies()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Race");

        var attempts = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { ExpectedRevision = 1, Title = $"Writer {i}" });
                await harness.Client.WorkItems.UpdateAsync(item.Id, patch, cancellationToken: default);
                return (Won: true, Kind: (VstsErrorKind?)null);
            }
            catch (VstsApiException ex)
            {
                return (Won: false, Kind: ex.Kind);
            }
        });
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Won);
        Assert.All(results.Where(r => !r.Won), r => Assert.Equal(VstsErrorKind.Conflict, r.Kind));
        var final = harness.Organization.GetWorkItem(item.Id)!;
        Assert.Equal(2, final.Revision);
        Assert.StartsWith("Writer ", final.Title, StringComparison.Ordinal);
    }
}
