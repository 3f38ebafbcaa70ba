using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// The resolve decision on its own: its done categories as the options monitor gives them, and the
/// cache-only path the inbound side takes first. The rule over a type's states, the shared read and
/// the no-transition shortcut of <c>TryDecideAsync</c> are pinned through the integration in
/// <c>Issues/ResolveSyncActionTests</c>.
/// </summary>
public sealed class ResolveDecisionTests
{
    private const string Project = "Fabrikam";
    private const string Bug = "Bug";

    private readonly FakeTimeProvider _time = new();
    private readonly SwappableOptionsMonitor _options = new(new SyncRuleOptions());
    private readonly FakeLogger _logger = new();
    private readonly StatesClient _client = new();
    private readonly ResolveDecision _decision;

    public ResolveDecisionTests()
    {
        _decision = new ResolveDecision(new WorkItemStateCache(_time), _options, _logger);
    }

    private string OrganizationUrl => _client.Target.OrganizationUrl.AbsoluteUri;

    // ---- Done categories ----

    [Fact]
    public void Unset_or_empty_done_categories_are_resolved_and_completed()
    {
        foreach (var configured in new[] { null, Array.Empty<string>() })
        {
            _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = configured };

            Assert.True(_decision.DoneCategories.SetEquals([WorkItemStateCategory.Resolved, WorkItemStateCategory.Completed]));
        }
    }

    [Fact]
    public void Configured_names_are_trimmed_and_blank_ones_skipped()
    {
        _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = [" Removed ", "", "   ", "completed\t"] };

        var done = _decision.DoneCategories;

        Assert.Equal(2, done.Count);
        Assert.Contains(WorkItemStateCategory.Removed, done);
        Assert.Contains(WorkItemStateCategory.Completed, done); // categories compare case-insensitively
        Assert.DoesNotContain(WorkItemStateCategory.Resolved, done);
    }

    [Fact]
    public void A_list_of_only_blank_names_is_the_default_not_an_empty_set()
    {
        // What binding an empty environment variable (IssueSync__Vsts__DoneStateCategories__0=) gives.
        _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = ["", "  "] };

        Assert.True(_decision.DoneCategories.SetEquals([WorkItemStateCategory.Resolved, WorkItemStateCategory.Completed]));
    }

    [Fact]
    public void The_set_is_built_once_per_options_instance()
    {
        var options = new SyncRuleOptions { DoneStateCategories = ["Resolved"] };
        _options.CurrentValue = options;

        var first = _decision.DoneCategories;
        Assert.Same(first, _decision.DoneCategories);

        _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = ["Resolved"] };
        var reloaded = _decision.DoneCategories;
        Assert.NotSame(first, reloaded);
        Assert.True(reloaded.SetEquals(first));
        Assert.Same(reloaded, _decision.DoneCategories);
    }

    [Fact]
    public async Task A_reload_of_the_options_reaches_the_next_decision()
    {
        await WarmAsync();
        _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = ["Resolved"] };
        Assert.True(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Active", "Removed", out var before));

        _options.CurrentValue = new SyncRuleOptions { DoneStateCategories = ["Resolved", "Removed"] };
        Assert.True(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Active", "Removed", out var after));

        Assert.Equal((ResolveSyncAction.None, ResolveSyncAction.Resolve), (before, after));
        Assert.True(_decision.DoneCategories.SetEquals([WorkItemStateCategory.Resolved, WorkItemStateCategory.Removed]));
    }

    // ---- From the cache only ----

    [Fact]
    public void Without_cached_states_a_transition_is_not_decided_from_the_cache()
    {
        Assert.False(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Active", "Resolved", out var action));

        Assert.Equal(ResolveSyncAction.None, action);
        Assert.Equal(0, _client.Reads);
    }

    [Theory]
    [InlineData("Active", "Resolved", ResolveSyncAction.Resolve)]
    [InlineData("Closed", "Active", ResolveSyncAction.Unresolve)]
    [InlineData(null, "Active", ResolveSyncAction.Unresolve)]
    [InlineData("Active", "In Review", ResolveSyncAction.None)]
    public async Task With_cached_states_a_transition_is_decided_without_a_read(string? oldState, string newState, ResolveSyncAction expected)
    {
        await WarmAsync();

        Assert.True(_decision.TryDecideFromCache(OrganizationUrl, "FABRIKAM", "bug", oldState, newState, out var action));

        Assert.Equal(expected, action);
        Assert.Equal(1, _client.Reads);
    }

    [Fact]
    public async Task Cached_states_of_another_type_or_aged_ones_decide_nothing()
    {
        await WarmAsync();

        Assert.False(_decision.TryDecideFromCache(OrganizationUrl, Project, "Task", "Active", "Resolved", out _));
        Assert.False(_decision.TryDecideFromCache("https://dev.azure.com/contoso/", Project, Bug, "Active", "Resolved", out _));
        _time.Advance(WorkItemStateCache.TimeToLive);
        Assert.False(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Active", "Resolved", out _));
    }

    [Theory]
    [InlineData("Active", null)]
    [InlineData("Active", "")]
    [InlineData("Active", " ")]
    [InlineData("Active", "active")]
    [InlineData(null, null)]
    public void No_transition_is_none_from_the_cache_without_any_states(string? oldState, string? newState)
    {
        Assert.True(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, oldState, newState, out var action));

        Assert.Equal(ResolveSyncAction.None, action);
    }

    // ---- Reading the states ----

    [Fact]
    public async Task A_failed_states_read_is_no_decision_and_a_warning()
    {
        _client.Answers.Enqueue(() => Task.FromException<IReadOnlyList<WorkItemTypeState>>(StatesClient.Failure()));

        var action = await _decision.TryDecideAsync(_client, "Resolved", "Closed", Project, Bug, CancellationToken.None);

        Assert.Null(action);
        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((6001, LogLevel.Warning), (log.Id.Id, log.Level));
        Assert.Contains("states of work item type Bug in project Fabrikam (Server,", log.Message, StringComparison.Ordinal);
        Assert.Contains("Resolved -> Closed", log.Message, StringComparison.Ordinal);
        Assert.False(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Resolved", "Closed", out _));
    }

    [Fact]
    public async Task A_states_read_that_fails_otherwise_is_not_taken_for_an_azure_devops_error()
    {
        _client.Answers.Enqueue(() => Task.FromException<IReadOnlyList<WorkItemTypeState>>(new InvalidOperationException("a bug")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _decision.TryDecideAsync(_client, "Active", "Resolved", Project, Bug, CancellationToken.None));

        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task A_decision_read_through_the_client_warms_the_cache()
    {
        _client.Answers.Enqueue(() => Task.FromResult(States()));

        Assert.Equal(ResolveSyncAction.Resolve, await _decision.TryDecideAsync(_client, "Active", "Closed", Project, Bug, CancellationToken.None));

        Assert.True(_decision.TryDecideFromCache(OrganizationUrl, Project, Bug, "Closed", "Active", out var action));
        Assert.Equal(ResolveSyncAction.Unresolve, action);
        Assert.Equal(1, _client.Reads);
    }

    private async Task WarmAsync()
    {
        _client.Answers.Enqueue(() => Task.FromResult(States()));
        Assert.Equal(States().Count, (await _decision.States.GetStatesAsync(_client, Project, Bug)).Count);
    }

    private static IReadOnlyList<WorkItemTypeState> States() =>
    [
        VstsModelFactory.WorkItemTypeState(new WorkItemState("New"), WorkItemStateCategory.Proposed),
        VstsModelFactory.WorkItemTypeState(new WorkItemState("Active"), WorkItemStateCategory.InProgress),
        VstsModelFactory.WorkItemTypeState(new WorkItemState("In Review"), WorkItemStateCategory.InProgress),
        VstsModelFactory.WorkItemTypeState(new WorkItemState("Resolved"), WorkItemStateCategory.Resolved),
        VstsModelFactory.WorkItemTypeState(new WorkItemState("Closed"), WorkItemStateCategory.Completed),
        VstsModelFactory.WorkItemTypeState(new WorkItemState("Removed"), WorkItemStateCategory.Removed),
    ];

    /// <summary>An options monitor whose current value a test swaps, as a configuration reload does.</summary>
    private sealed class SwappableOptionsMonitor(SyncRuleOptions value) : IOptionsMonitor<SyncRuleOptions>
    {
        public SyncRuleOptions CurrentValue { get; set; } = value;

        public SyncRuleOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<SyncRuleOptions, string?> listener) => null;
    }
}
