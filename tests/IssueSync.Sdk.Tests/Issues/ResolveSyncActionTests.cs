using System.Net;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class ResolveSyncActionTests : IssueTestBase
{
    private const string BugStates = IssueTestHarness.Org + "Fabrikam/_apis/wit/workitemtypes/Bug/states";

    // An Agile-like Bug: Resolved is the Resolved category, Closed is Completed, Removed is Removed.
    internal const string BugStatesJson = """
        {"count":5,"value":[
          {"name":"New","color":"b2b2b2","category":"Proposed"},
          {"name":"Active","color":"007acc","category":"InProgress"},
          {"name":"In Review","color":"007acc","category":"InProgress"},
          {"name":"Resolved","color":"ff9d00","category":"Resolved"},
          {"name":"Closed","color":"339933","category":"Completed"},
          {"name":"Removed","color":"ffffff","category":"Removed"}]}
        """;

    [Theory]
    [InlineData("Active", "Resolved", ResolveSyncAction.Resolve)]
    [InlineData("New", "Closed", ResolveSyncAction.Resolve)]
    [InlineData("Resolved", "Active", ResolveSyncAction.Unresolve)]
    [InlineData("Closed", "New", ResolveSyncAction.Unresolve)]
    [InlineData(null, "New", ResolveSyncAction.Unresolve)]
    [InlineData(null, "Resolved", ResolveSyncAction.Resolve)]
    [InlineData("", "Active", ResolveSyncAction.Unresolve)]
    [InlineData("New", "Active", ResolveSyncAction.None)] // the reference re-opens here
    [InlineData("Active", "In Review", ResolveSyncAction.None)]
    [InlineData("Resolved", "Closed", ResolveSyncAction.None)]
    [InlineData("Active", "Removed", ResolveSyncAction.None)]
    [InlineData("active", "RESOLVED", ResolveSyncAction.Resolve)]
    [InlineData("Active", "Renamed Since", ResolveSyncAction.None)]
    public async Task Decision_follows_the_state_categories_of_the_items_own_type(string? oldState, string newState, ResolveSyncAction expected)
    {
        Harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);

        var action = await Harness.Integration.GetResolveSyncActionAsync(oldState, newState, "Fabrikam", "Bug");

        Assert.Equal(expected, action);
        Harness.Client.AssertSingleSent(HttpMethod.Get, BugStates);
    }

    [Theory]
    [InlineData("Active", "Active")]
    [InlineData("Active", null)]
    [InlineData("Active", " ")]
    public async Task No_state_change_is_decided_without_a_call(string? oldState, string? newState)
    {
        var action = await Harness.Integration.GetResolveSyncActionAsync(oldState, newState, "Fabrikam", "Bug");

        Assert.Equal(ResolveSyncAction.None, action);
        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public async Task Warm_decisions_make_no_call_and_the_cache_is_per_project_and_type()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);
        Harness.Client.ExpectJson(HttpMethod.Get, IssueTestHarness.Org + "Fabrikam/_apis/wit/workitemtypes/Task/states",
            """{"value":[{"name":"To Do","category":"Proposed"},{"name":"Done","category":"Completed"}]}""");

        await Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "Fabrikam", "Bug");
        var before = Harness.Client.Requests.Count;
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ResolveSyncAction.Resolve, await Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "fabrikam", "BUG"));
            Assert.Equal(ResolveSyncAction.Unresolve, await Harness.Integration.GetResolveSyncActionAsync("Resolved", "New", "Fabrikam", "Bug"));
        }

        Assert.Equal(1, before);
        Assert.Single(Harness.Client.Requests);
        Assert.Equal(ResolveSyncAction.Resolve, await Harness.Integration.GetResolveSyncActionAsync("To Do", "Done", "Fabrikam", "Task"));
        Assert.Equal(2, Harness.Client.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_cold_decisions_share_one_states_read()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);

        var actions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(() => Harness.Integration.GetResolveSyncActionAsync("Active", "Closed", "Fabrikam", "Bug"))));

        Assert.All(actions, a => Assert.Equal(ResolveSyncAction.Resolve, a));
        Assert.Single(Harness.Client.Requests);
    }

    [Fact]
    public async Task States_are_read_again_after_an_hour()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);
        Harness.Client.ExpectJson(HttpMethod.Get, BugStates, """{"value":[{"name":"Active","category":"InProgress"},{"name":"Resolved","category":"Completed"}]}""");

        await Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "Fabrikam", "Bug");
        Harness.Client.Time.Advance(TimeSpan.FromMinutes(59));
        await Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "Fabrikam", "Bug");
        Assert.Single(Harness.Client.Requests);

        Harness.Client.Time.Advance(TimeSpan.FromMinutes(1));
        await Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", "Fabrikam", "Bug");
        Assert.Equal(2, Harness.Client.Requests.Count);
    }

    [Fact]
    public async Task A_failed_states_lookup_is_no_action_and_a_warning_and_is_not_cached()
    {
        using var harness = new IssueTestHarness(configureServices: s => s.AddLogging(l => l.AddFakeLogging()));
        harness.Client.Expect(HttpMethod.Get, BugStates).Respond(HttpStatusCode.InternalServerError, "application/json",
            """{"message":"TF400898: An Internal Error Occurred.","typeKey":"InternalServerErrorException","errorCode":0}""");
        harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);

        // The reference unresolves here (an empty done set makes every state "not done").
        var failed = await harness.Integration.GetResolveSyncActionAsync("Resolved", "Closed", "Fabrikam", "Bug");
        var next = await harness.Integration.GetResolveSyncActionAsync("Active", "Closed", "Fabrikam", "Bug");

        Assert.Equal(ResolveSyncAction.None, failed);
        Assert.Equal(ResolveSyncAction.Resolve, next);
        var warning = Assert.Single(harness.Client.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Bug", warning.Message);
        Assert.Contains("Resolved -> Closed", warning.Message);
    }

    [Fact]
    public async Task Done_categories_are_configurable()
    {
        using var harness = new IssueTestHarness(configureOptions: o => o.DoneStateCategories = ["Resolved", "Completed", "Removed"]);
        harness.Client.ExpectJson(HttpMethod.Get, BugStates, BugStatesJson);

        Assert.Equal(ResolveSyncAction.Resolve, await harness.Integration.GetResolveSyncActionAsync("Active", "Removed", "Fabrikam", "Bug"));
        Assert.Equal(ResolveSyncAction.None, await harness.Integration.GetResolveSyncActionAsync("Closed", "Removed", "Fabrikam", "Bug"));
    }

    [Theory]
    [InlineData("", "Bug")]
    [InlineData("Fabrikam", " ")]
    public async Task Blank_project_or_type_is_an_argument_error(string project, string type)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Harness.Integration.GetResolveSyncActionAsync("Active", "Resolved", project, type));
        Assert.Empty(Harness.Client.Requests);
    }
}
