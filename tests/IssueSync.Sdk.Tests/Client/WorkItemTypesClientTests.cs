using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public sealed class WorkItemTypesClientTests : IDisposable
{
    // WORK_ITEM_STATES from the reference fixtures: a custom state shares InProgress with Active.
    private const string StatesJson = """
        {"count":5,"value":[
          {"name":"New","color":"b2b2b2","category":"Proposed"},
          {"name":"Active","color":"007acc","category":"InProgress"},
          {"name":"CustomState","color":"5688E0","category":"InProgress"},
          {"name":"Resolved","color":"ff9d00","category":"Resolved"},
          {"name":"Closed","color":"339933","category":"Completed"}]}
        """;

    // Bug appears in two categories: returned twice, de-duplication is the caller's business.
    private const string CategoriesJson = """
        {"count":3,"value":[
          {"name":"Bug Category","referenceName":"Microsoft.BugCategory",
           "defaultWorkItemType":{"name":"Bug","url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Bug"},
           "workItemTypes":[{"name":"Bug","url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Bug"}],
           "url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypeCategories/Microsoft.BugCategory"},
          {"name":"Requirement Category","referenceName":"Microsoft.RequirementCategory",
           "defaultWorkItemType":{"name":"User Story","url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.UserStory"},
           "workItemTypes":[
             {"name":"User Story","url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.UserStory"},
             {"name":"Bug","url":"https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Bug"}]},
          {"name":"Hidden Types Category","referenceName":"Microsoft.HiddenCategory","defaultWorkItemType":null,"workItemTypes":null}]}
        """;

    private readonly AreaTestHarnessA _harness = new();

    [Fact]
    public async Task GetStatesAsync_GetsTheTypeStatesWithApiVersion71AndReadsEveryCategory()
    {
        _harness.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/Fabrikam/_apis/wit/workitemtypes/Bug/states", "7.1")
            .Respond("application/json", StatesJson);

        var states = await _harness.CreateClient().WorkItemTypes.GetStatesAsync("Fabrikam", "Bug");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(
            [("New", "Proposed"), ("Active", "InProgress"), ("CustomState", "InProgress"), ("Resolved", "Resolved"), ("Closed", "Completed")],
            states.Select(s => (s.Name.Value, s.Category.Value)));
        Assert.Equal(WorkItemStateCategory.InProgress, states[2].Category);
        Assert.Equal(WorkItemState.Closed, states[4].Name);
        Assert.Equal("b2b2b2", states[0].Color);
    }

    [Fact]
    public async Task GetStatesAsync_EscapesProjectAndTypeNamesWithSpaces()
    {
        _harness.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypes/User%20Story/states", "7.1")
            .Respond("application/json", """{"count":0,"value":[]}""");

        var states = await _harness.CreateClient().WorkItemTypes.GetStatesAsync("Fabrikam Fiber", "User Story");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Empty(states);
    }

    [Fact]
    public async Task GetCategoriesAsync_ReturnsCategoriesAsGivenWithoutDeDuplicating()
    {
        _harness.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypecategories", "7.1")
            .Respond("application/json", CategoriesJson);

        var categories = await _harness.CreateClient().WorkItemTypes.GetCategoriesAsync("Fabrikam Fiber");

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(["Microsoft.BugCategory", "Microsoft.RequirementCategory", "Microsoft.HiddenCategory"], categories.Select(c => c.ReferenceName));
        Assert.Equal("Bug Category", categories[0].Name);
        Assert.Equal(WorkItemTypeName.Bug, categories[0].DefaultWorkItemType!.Name);
        Assert.Equal("Microsoft.VSTS.WorkItemTypes.Bug", categories[0].DefaultWorkItemType!.ReferenceName);
        Assert.Equal(
            ["Microsoft.VSTS.WorkItemTypes.Bug", "Microsoft.VSTS.WorkItemTypes.UserStory", "Microsoft.VSTS.WorkItemTypes.Bug"],
            categories.SelectMany(c => c.WorkItemTypes).Select(t => t.ReferenceName));
        Assert.Equal([WorkItemTypeName.UserStory, WorkItemTypeName.Bug], categories[1].WorkItemTypes.Select(t => t.Name));
        Assert.Null(categories[2].DefaultWorkItemType);
        Assert.Empty(categories[2].WorkItemTypes);
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessA.FailureKinds), MemberType = typeof(AreaTestHarnessA))]
    public Task GetStatesAsync_FailureSurfacesAsVstsApiExceptionOfTheRightKind(HttpStatusCode status, VstsErrorKind kind) =>
        _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/Fabrikam/_apis/wit/workitemtypes/Bugg/states", "7.1"),
            status,
            kind,
            "WorkItemTypes.GetStates",
            () => _harness.CreateClient().WorkItemTypes.GetStatesAsync("Fabrikam", "Bugg"));

    [Theory]
    [MemberData(nameof(AreaTestHarnessA.FailureKinds), MemberType = typeof(AreaTestHarnessA))]
    public Task GetCategoriesAsync_FailureSurfacesAsVstsApiExceptionOfTheRightKind(HttpStatusCode status, VstsErrorKind kind) =>
        _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Get, "https://dev.azure.com/fabrikam/Gone/_apis/wit/workitemtypecategories", "7.1"),
            status,
            kind,
            "WorkItemTypes.GetCategories",
            () => _harness.CreateClient().WorkItemTypes.GetCategoriesAsync("Gone"));

    [Fact]
    public async Task BlankProjectOrType_IsRejectedWithoutARequest()
    {
        var types = _harness.CreateClient().WorkItemTypes;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => types.GetStatesAsync(" ", "Bug"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => types.GetStatesAsync("Fabrikam", ""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => types.GetCategoriesAsync(null!));
    }

    public void Dispose() => _harness.Dispose();
}
