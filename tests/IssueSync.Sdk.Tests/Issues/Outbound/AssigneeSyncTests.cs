using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

public sealed class AssigneeSyncTests : IDisposable
{
    private static readonly HostUser Francis = new("user-7", ["someone@else.example", "FTotten@VSCSI.us"], "Francis Totten");

    private static readonly string Directory = UsersPage(
        // Service identities: no mail address, a GUID or a display text as principal name.
        """{"subjectKind":"user","domain":"Build","principalName":"51ac8d19-6694-459f-a65e-bec30e9e2e33","mailAddress":"","origin":"vsts","displayName":"Project Collection Build Service","descriptor":"svc.ZWMwOWE0ZDg"}""",
        User("ftotten@vscsi.us", "ftotten@vscsi.us", "Francis Totten"),
        User("jamal@fabrikam.example", "jhartnett@fabrikam.onmicrosoft.com", "Jamal Hartnett"));

    private readonly IssueTestHarness _harness = Harness();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Assigning_matches_an_email_case_insensitively_and_writes_the_mail_address_guarded()
    {
        ExpectUsers(_harness, Directory);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, assignedTo: "ftotten@vscsi.us"));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        _harness.Client.AssertSent(0, HttpMethod.Get, UsersUrl, GraphApiVersion);
        _harness.Client.AssertSent(1, HttpMethod.Get, ReadUrl);
        _harness.Client.AssertSent(2, HttpMethod.Patch, ItemUrl).AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceAssignee("ftotten@vscsi.us")));
        Assert.Equal(3, _harness.Client.Requests.Count);
        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
        Assert.Equal(4, result.Revision);
        Assert.Equal("ftotten@vscsi.us", result.AssignedTo);
        var ledger = Assert.Single(_harness.Ledger.Writes);
        Assert.Equal((OrganizationId, 42, 4), (ledger.OrganizationId, ledger.WorkItemId, ledger.Revision));
        Assert.Equal(["System.AssignedTo"], ledger.Fields.Keys);
    }

    [Fact]
    public async Task A_user_is_matched_by_principal_name_too_and_assigned_by_mail_address()
    {
        ExpectUsers(_harness, Directory);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, assignedTo: "jamal@fabrikam.example"));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(
            new LinkedWorkItem("42"), new HostUser("user-9", ["JHartnett@fabrikam.onmicrosoft.com"]));

        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceAssignee("jamal@fabrikam.example")));
        Assert.Equal("jamal@fabrikam.example", result.AssignedTo);
    }

    [Fact]
    public async Task A_user_without_a_mail_address_is_assigned_by_principal_name()
    {
        ExpectUsers(_harness, UsersPage(User("", "dana@contoso.example", "Dana")));
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, assignedTo: "dana@contoso.example"));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), new HostUser("u", ["dana@contoso.example"]));

        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceAssignee("dana@contoso.example")));
        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
    }

    [Theory]
    [InlineData("ftotten@vscsi.us")]
    [InlineData("FTOTTEN@vscsi.US")]
    public async Task An_item_already_assigned_to_that_user_is_not_written(string current)
    {
        ExpectUsers(_harness, Directory);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 6, assignedTo: current));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);

        Assert.Equal([$"GET {UsersUrl}", $"GET {ReadUrl}"], Sent(_harness));
        Assert.Equal(OutboundSyncOutcome.AlreadyInTarget, result.Outcome);
        Assert.Equal(6, result.Revision);
        Assert.Equal(current, result.AssignedTo);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task Unassigning_sends_remove_without_listing_users()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, assignedTo: "ftotten@vscsi.us"));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), assignee: null);

        Assert.Equal([$"GET {ReadUrl}", $"PATCH {ItemUrl}"], Sent(_harness));
        _harness.Client.Requests[1].AssertBody(MediaTypes.JsonPatch, Guarded(3, RemoveAssignee));
        Assert.Equal((OutboundSyncOutcome.Updated, 4, null), (result.Outcome, result.Revision, result.AssignedTo));
        Assert.Equal(["System.AssignedTo"], Assert.Single(_harness.Ledger.Writes).Fields.Keys);
    }

    [Fact]
    public async Task Without_the_read_each_call_is_one_unguarded_write()
    {
        using var harness = Harness(configure: o => o.Outbound.ReadBeforeAssign = false);
        ExpectUsers(harness, Directory);
        harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 7, assignedTo: "ftotten@vscsi.us"));
        harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 8));

        var assigned = await harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);
        var unassigned = await harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), assignee: null);

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([$"GET {UsersUrl}", $"PATCH {ItemUrl}", $"PATCH {ItemUrl}"], Sent(harness));
        harness.Client.Requests[1].AssertBody(MediaTypes.JsonPatch, $"[{ReplaceAssignee("ftotten@vscsi.us")}]");
        harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, $"[{RemoveAssignee}]");
        Assert.Equal((OutboundSyncOutcome.Updated, 7, "ftotten@vscsi.us"), (assigned.Outcome, assigned.Revision, assigned.AssignedTo));
        Assert.Equal((OutboundSyncOutcome.Updated, 8, null), (unassigned.Outcome, unassigned.Revision, unassigned.AssignedTo));
        Assert.Equal([7, 8], harness.Ledger.Writes.Select(w => w.Revision));
        Assert.All(harness.Ledger.Writes, w => Assert.Equal(["System.AssignedTo"], w.Fields.Keys));
    }

    [Fact]
    public async Task Unassigning_an_unassigned_item_is_not_written()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), assignee: null);

        Assert.Single(_harness.Client.Requests);
        Assert.Equal(OutboundSyncOutcome.AlreadyInTarget, result.Outcome);
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task An_unknown_user_is_target_not_found_and_a_repeated_miss_reloads_only_after_the_interval()
    {
        var stranger = new HostUser("user-3", ["nobody@nowhere.example"]);
        ExpectUsers(_harness, Directory);

        var first = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), stranger);
        _harness.Client.Time.Advance(TimeSpan.FromMinutes(4));
        var second = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), stranger);

        Assert.Equal([$"GET {UsersUrl}"], Sent(_harness)); // no read, no write, no second listing
        Assert.Equal(OutboundSyncOutcome.TargetNotFound, first.Outcome);
        Assert.Contains("user-3", first.Reason, StringComparison.Ordinal);
        Assert.Equal(OutboundSyncOutcome.TargetNotFound, second.Outcome);

        // Past the interval, a miss reloads: the user was added meanwhile.
        _harness.Client.Time.Advance(TimeSpan.FromMinutes(1));
        ExpectUsers(_harness, UsersPage(User("nobody@nowhere.example", "nobody@nowhere.example")));
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4));

        var third = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), stranger);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(OutboundSyncOutcome.Updated, third.Outcome);
        Assert.Equal(4, _harness.Client.Requests.Count);
    }

    [Fact]
    public async Task A_host_user_without_emails_is_target_not_found_without_a_call()
    {
        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), new HostUser("user-1", []));

        Assert.Equal(OutboundSyncOutcome.TargetNotFound, result.Outcome);
        Assert.Empty(_harness.Client.Requests);
    }

    [Fact]
    public async Task Service_identities_are_never_matched()
    {
        ExpectUsers(_harness, Directory);

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(
            new LinkedWorkItem("42"), new HostUser("svc", ["51ac8d19-6694-459f-a65e-bec30e9e2e33"]));

        Assert.Equal(OutboundSyncOutcome.TargetNotFound, result.Outcome);
    }

    [Fact]
    public async Task Switched_off_in_the_sync_settings_makes_no_call()
    {
        using var harness = Harness(installation: IssueTestHarness.NewInstallation() with { SyncSettings = new VstsSyncSettings { StatusOutbound = true } });

        var result = await harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);

        Assert.Equal(OutboundSyncOutcome.Disabled, result.Outcome);
        Assert.Contains("AssigneeOutbound", result.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Client.Requests);
    }

    [Fact]
    public async Task A_conflict_re_reads_and_writes_with_the_new_revision()
    {
        ExpectUsers(_harness, Directory);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        ExpectConflict(_harness);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 4, assignedTo: "jamal@fabrikam.example"));
        _harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 5, assignedTo: "ftotten@vscsi.us"));

        var result = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        _harness.Client.Requests[2].AssertBody(MediaTypes.JsonPatch, Guarded(3, ReplaceAssignee("ftotten@vscsi.us")));
        _harness.Client.Requests[4].AssertBody(MediaTypes.JsonPatch, Guarded(4, ReplaceAssignee("ftotten@vscsi.us")));
        Assert.Equal(5, result.Revision);
        Assert.Equal(5, Assert.Single(_harness.Ledger.Writes).Revision);
    }

    [Fact]
    public async Task A_failed_user_listing_is_a_VstsApiException_and_is_not_cached()
    {
        _harness.Client.Expect(HttpMethod.Get, UsersUrl).Respond(HttpStatusCode.Forbidden);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis));

        Assert.Equal(VstsErrorKind.Forbidden, ex.Kind);
        ExpectUsers(_harness, Directory);
        _harness.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, assignedTo: "ftotten@vscsi.us"));
        var retried = await _harness.Integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), Francis);
        Assert.Equal(OutboundSyncOutcome.AlreadyInTarget, retried.Outcome);
        _harness.Client.Mock.VerifyNoOutstandingExpectation();
    }
}
