using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class RecycleBinTests
{
    private const string Route = "Project%201/_apis/wit/recyclebin";

    [Fact]
    public async Task The_recycle_bin_answers_only_the_asked_items_deleted_from_the_project_and_not_restored_ones()
    {
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var deleted = org.AddWorkItem("Project 1", "Bug", "Deleted");
        var live = org.AddWorkItem("Project 1", "Bug", "Live");
        var restored = org.AddWorkItem("Project 1", "Task", "Restored");
        var elsewhere = org.AddWorkItem("Project 2", "Bug", "Elsewhere");
        org.DeleteWorkItem(deleted.Id);
        org.DeleteWorkItem(restored.Id);
        org.RestoreWorkItem(restored.Id);
        org.DeleteWorkItem(elsewhere.Id);

        var found = await harness.Client.WorkItems.GetDeletedAsync("Project 1", [deleted.Id, live.Id, restored.Id, elsewhere.Id, 9999]);
        var none = await harness.Client.WorkItems.GetDeletedAsync("Project 1", [live.Id]);

        var item = Assert.Single(found);
        Assert.Equal((deleted.Id, "Deleted", "Bug", "Project 1"), (item.Id, item.Name, item.Type, item.Project));
        Assert.Empty(none);
        Assert.False(org.GetWorkItem(restored.Id)!.IsDeleted);
        Assert.Equal(2, harness.RequestsTo(Route).Count);
        Assert.All(harness.RequestsTo(Route), r => Assert.Equal(("GET", 200, "7.1"), (r.Method, r.StatusCode, r.ApiVersion)));
    }
}
