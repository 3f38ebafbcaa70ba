using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

public sealed class StatusSyncTests : IDisposable
{
    private readonly FakeExternalProjectStore _projects = new();
    private readonly IssueTestHarness _harness;

    public StatusSyncTests()
    {
        _projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", "Active");
        _harness = Harness(_projects);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Seed_flow_reads_the_item_maps_its_project_name_to_an_id_picks_the_resolved_state_and_writes_it_guarded()
    {
        // "Synchronizing External Issue Status": client and work item, project id, status from is_resolved, update.
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, state: "Active"));
        _harness.Client.ExpectJson(HttpMethod.Get, ProjectsUrl, ProjectsJson);
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, state: "Resolved"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42"), isResolved: true);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        _harness.Client.AssertSent(0, HttpMethod.Get, ReadUrl);
        _harness.Client.AssertSent(1, HttpMethod.Get, ProjectsUrl);
        _harness.Client.AssertSent(2, HttpMethod.Get, BugStatesUrl);
        var write = _harness.Client.AssertSent(3, HttpMethod.Patch, ItemUrl);
        write.AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState("Resolved")));
        Assert.Equal(4, _harness.Client.Requests.Count);
        Assert.Equal(("integration-1", ProjectId), Assert.Single(_projects.Lookups));
        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
        Assert.Equal(42, result.WorkItemId);
        Assert.Equal(4, result.Revision);
        Assert.Equal("Resolved", result.State);
        Assert.Null(result.FallbackFromState);
        Assert.Null(result.Reason);
        var ledger = Assert.Single(_harness.Ledger.Writes);
        Assert.Equal(OrganizationId, ledger.OrganizationId);
        Assert.Equal(42, ledger.WorkItemId);
        Assert.Equal(4, ledger.Revision);
        Assert.Equal(["System.State"], ledger.Fields.Keys);
        Assert.NotEmpty(await _harness.Ledger.Inner.FindAsync(OrganizationId, 42, 4));
    }

    [Fact]
    public async Task Unresolving_writes_the_unresolved_state_and_a_stored_project_id_skips_the_project_list()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 8, state: "Closed"));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        // Rules may add revisions of their own: the ledger holds the revision the write returned.
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 11, state: "Active"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: false);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([$"GET {ReadUrl}", $"GET {BugStatesUrl}", $"PATCH {ItemUrl}"], Sent(_harness));
        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(8, ReplaceState("Active")));
        Assert.Equal((OutboundSyncOutcome.Updated, 11, "Active"), (result.Outcome, result.Revision, result.State));
        Assert.Equal(11, Assert.Single(_harness.Ledger.Writes).Revision);
    }

    [Theory]
    [InlineData("Resolved")]
    [InlineData("resolved")]
    public async Task An_item_already_in_the_mapped_state_is_not_written(string current)
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 5, state: current));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal([$"GET {ReadUrl}", $"GET {BugStatesUrl}"], Sent(_harness));
        Assert.Equal(OutboundSyncOutcome.AlreadyInTarget, result.Outcome);
        Assert.Equal(5, result.Revision);
        Assert.Equal("Resolved", result.State);
        Assert.Contains("already in state", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task Switched_off_in_the_sync_settings_makes_no_call()
    {
        using var harness = Harness(_projects, IssueTestHarness.NewInstallation() with { SyncSettings = new VstsSyncSettings { AssigneeOutbound = true, Comments = true } });

        var result = await harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42"), isResolved: true);

        Assert.Equal(OutboundSyncOutcome.Disabled, result.Outcome);
        Assert.Contains("StatusOutbound", result.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Client.Requests);
        Assert.Empty(_projects.Lookups);
    }

    [Fact]
    public async Task Without_a_project_store_nothing_is_configured_and_no_call_is_made()
    {
        using var harness = Harness(projects: null);

        var result = await harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42"), isResolved: true);

        Assert.Equal(OutboundSyncOutcome.NotConfigured, result.Outcome);
        Assert.Contains("IExternalProjectStore", result.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Client.Requests);
    }

    [Fact]
    public async Task A_project_without_a_mapping_is_not_configured_and_nothing_is_written()
    {
        _projects.Mappings.Clear();
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal([$"GET {ReadUrl}"], Sent(_harness));
        Assert.Equal(OutboundSyncOutcome.NotConfigured, result.Outcome);
        Assert.Contains(ProjectId, result.Reason, StringComparison.Ordinal);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task A_blank_mapped_state_is_not_configured()
    {
        _projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", " ");
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: false);

        Assert.Equal(OutboundSyncOutcome.NotConfigured, result.Outcome);
        Assert.Contains("unresolved", result.Reason, StringComparison.Ordinal);
        Assert.Single(_harness.Client.Requests);
    }

    [Fact]
    public async Task A_project_name_missing_from_the_organization_is_target_not_found()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, project: "Gone"));
        _harness.Client.ExpectJson(HttpMethod.Get, ProjectsUrl, ProjectsJson);

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42"), isResolved: true);

        // The list was loaded just now: the miss does not reload it.
        Assert.Equal([$"GET {ReadUrl}", $"GET {ProjectsUrl}"], Sent(_harness));
        Assert.Equal(OutboundSyncOutcome.TargetNotFound, result.Outcome);
        Assert.Contains("'Gone'", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_projects.Lookups);
    }

    [Theory]
    [InlineData(true, "Resolved", "Done")]
    [InlineData(false, "Active", "To Do")]
    public async Task A_mapped_state_the_type_lacks_falls_back_to_the_first_state_of_the_matching_category(bool isResolved, string mapped, string fallback)
    {
        // A Basic-process Task: no Active, no Resolved.
        const string taskStates = Org + ProjectId + "/_apis/wit/workitemtypes/Task/states";
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, state: "Doing", type: "Task"));
        _harness.Client.ExpectJson(HttpMethod.Get, taskStates,
            """{"value":[{"name":"Removed","category":"Removed"},{"name":"To Do","category":"Proposed"},{"name":"Doing","category":"InProgress"},{"name":"Done","category":"Completed"}]}""");
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, state: fallback, type: "Task"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState(fallback)));
        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
        Assert.Equal(fallback, result.State);
        Assert.Equal(mapped, result.FallbackFromState);
    }

    [Fact]
    public async Task A_type_without_any_state_of_the_matching_category_is_not_configured_and_not_written()
    {
        const string states = Org + ProjectId + "/_apis/wit/workitemtypes/Bug/states";
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, states, """{"value":[{"name":"New","category":"Proposed"},{"name":"Active","category":"InProgress"}]}""");

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal(2, _harness.Client.Requests.Count);
        Assert.Equal(OutboundSyncOutcome.NotConfigured, result.Outcome);
        Assert.Contains("no state 'Resolved'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_rejected_on_the_wire_reads_the_states_again_and_falls_back_once()
    {
        // The cached list still had Resolved; the process changed since.
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadRequest, "application/json", UnsupportedState("Resolved"));
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, """{"value":[{"name":"New","category":"Proposed"},{"name":"Closed","category":"Completed"}]}""");
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, state: "Closed"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(6, _harness.Client.Requests.Count);
        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState("Resolved")));
        _harness.Client.Requests[5].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState("Closed")));
        Assert.Equal(("Closed", "Resolved", 4), (result.State, result.FallbackFromState, result.Revision));
        Assert.Equal(4, Assert.Single(_harness.Ledger.Writes).Revision);
    }

    [Fact]
    public async Task A_rejected_state_with_nothing_to_fall_back_to_throws_the_rejection()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadRequest, "application/json", UnsupportedState("Resolved"));
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, """{"value":[{"name":"Active","category":"InProgress"},{"name":"Resolved","category":"Resolved"}]}""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        Assert.Equal(VstsErrorKind.Validation, ex.Kind);
        Assert.Contains("not in the list of supported values", ex.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(5, _harness.Client.Requests.Count);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task When_the_states_cannot_be_read_the_mapped_state_is_written_unchecked_with_a_warning()
    {
        using var harness = Harness(_projects, services: s => s.AddLogging(l => l.AddFakeLogging()));
        harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        harness.Client.Expect(HttpMethod.Get, BugStatesUrl).Respond(HttpStatusCode.Forbidden);
        harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, state: "Resolved"));

        var result = await harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState("Resolved")));
        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
        var warning = Assert.Single(harness.Client.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6004);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task The_write_is_pending_in_the_ledger_from_before_it_is_sent_until_it_is_confirmed()
    {
        // The webhook of the write can arrive before its answer, on any instance: the pending entry says it is the SDK's.
        IReadOnlyList<OwnWrite>? duringWrite = null;
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(_ =>
        {
            duringWrite = _harness.Ledger.Inner.FindAsync(OrganizationId, 42, 4).GetAwaiter().GetResult();
            return ClientTestHarness.JsonResponse(Item(rev: 4, state: "Resolved"));
        });

        await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        var pending = Assert.Single(duringWrite!);
        Assert.False(pending.IsConfirmed);
        Assert.Equal(4, pending.ExpectedRevision);
        Assert.Equal(KeyValuePair.Create("System.State", (string?)"Resolved"), Assert.Single(pending.Fields));
        var confirmed = Assert.Single(_harness.Ledger.Writes);
        Assert.Equal((pending.WriteId, 4), (confirmed.WriteId, confirmed.Revision));
        Assert.Empty(_harness.Ledger.Unsettled);
    }

    [Fact]
    public async Task A_write_whose_answer_was_lost_stays_pending_in_the_ledger_and_says_its_outcome_is_unknown()
    {
        // Azure DevOps may have applied it: its webhook must still be recognised as the SDK's own.
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        Assert.True(ex.IsOutcomeUnknown);
        Assert.True(ex.IsTransient);
        var pending = Assert.Single(_harness.Ledger.Unsettled);
        Assert.Equal(4, pending.ExpectedRevision);
        Assert.Empty(_harness.Ledger.Removed);
        Assert.NotEmpty(await _harness.Ledger.Inner.FindAsync(OrganizationId, 42, 4));
    }

    [Fact]
    public async Task A_host_retry_after_a_lost_answer_that_landed_ends_in_sync_not_in_a_conflict()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Mock.When(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        // The first attempt had landed: the host's retry reads the item already resolved.
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 4, state: "Resolved"));
        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal((OutboundSyncOutcome.AlreadyInTarget, 4), (result.Outcome, result.Revision));
        _harness.Client.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_conflict_once_re_reads_and_writes_with_the_new_revision()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        ExpectConflict(_harness);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 5, state: "New"));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 6, state: "Resolved"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([$"GET {ReadUrl}", $"GET {BugStatesUrl}", $"PATCH {ItemUrl}", $"GET {ReadUrl}", $"PATCH {ItemUrl}"], Sent(_harness));
        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceState("Resolved")));
        _harness.Client.Requests[4].AssertBody(MediaTypes.JsonPatch, Guarded(5, ReplaceState("Resolved")));
        Assert.Equal((OutboundSyncOutcome.Updated, 6), (result.Outcome, result.Revision));
        Assert.Equal(6, Assert.Single(_harness.Ledger.Writes).Revision);
        Assert.Single(_projects.Lookups); // the mapping is read once per call, not per attempt
    }

    [Fact]
    public async Task A_TF26071_conflict_is_retried_like_a_412()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadRequest, "application/json",
            """{"message":"TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.","typeKey":"WorkItemRevisionMismatchException","errorCode":0}""");
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 4));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 5, state: "Resolved"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(5, result.Revision);
    }

    [Fact]
    public async Task A_conflict_after_which_the_item_is_already_in_the_state_ends_as_a_skip()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        ExpectConflict(_harness);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 4, state: "Resolved"));

        var result = await _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal(4, _harness.Client.Requests.Count);
        Assert.Equal((OutboundSyncOutcome.AlreadyInTarget, 4), (result.Outcome, result.Revision));
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Theory]
    [InlineData(null, 4)] // default: 3 retries
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public async Task Conflicts_that_persist_end_in_a_typed_conflict_after_the_bound(int? maxRetries, int writes)
    {
        using var harness = Harness(_projects, configure: o =>
        {
            if (maxRetries is { } max)
            {
                o.Outbound.MaxConflictRetries = max;
            }
        });
        harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 10));
        harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        ExpectConflict(harness);
        for (var i = 1; i < writes; i++)
        {
            harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 10 + i));
            ExpectConflict(harness);
        }

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(IssueIntegrationErrorKind.Conflict, ex.Kind);
        Assert.Equal(VstsErrorKind.Conflict, Assert.IsType<VstsApiException>(ex.InnerException).Kind);
        var patches = harness.Client.Requests.Where(r => r.Method == HttpMethod.Patch).ToList();
        Assert.Equal(writes, patches.Count);
        for (var i = 0; i < writes; i++)
        {
            patches[i].AssertBody(MediaTypes.JsonPatch, Guarded(10 + i, ReplaceState("Resolved")));
        }

        Assert.Empty(harness.Ledger.Writes);
    }

    [Fact]
    public async Task A_work_item_that_is_gone_is_a_not_found_VstsApiException()
    {
        _harness.Client.Expect(HttpMethod.Get, ReadUrl).Respond(HttpStatusCode.NotFound, "application/json",
            """{"message":"TF401232: Work item 42 does not exist, or you do not have permissions to read it.","typeKey":"WorkItemUnauthorizedAccessException"}""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        Assert.Equal(VstsErrorKind.NotFound, ex.Kind);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task A_rule_error_on_the_write_is_a_validation_error_naming_the_field()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        _harness.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadRequest, "application/json",
            """{"message":"TF401320: Rule Error for field Resolved Reason. Error code: Required, InvalidEmpty.","typeKey":"RuleValidationException","errorCode":0}""");

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.True(ex.FieldErrors.ContainsKey("Resolved Reason"));
        Assert.Equal(3, _harness.Client.Requests.Count);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("")]
    public async Task A_key_that_is_not_a_work_item_number_is_rejected_without_a_call(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _harness.Integration.SyncStatusOutboundAsync(new LinkedWorkItem(key), isResolved: true));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _harness.Integration.SyncStatusOutboundAsync(null!, isResolved: true));
        Assert.Empty(_harness.Client.Requests);
    }

    private static string UnsupportedState(string state) =>
        $$"""{"message":"The field 'State' contains the value '{{state}}' that is not in the list of supported values","typeKey":"WorkItemFieldInvalidException","errorCode":0}""";
}
