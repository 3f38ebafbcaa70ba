using System.Net;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Issues;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// The SDK's outbound write and a person's save of the same work item, racing: the pending ledger entry
/// recorded before the write makes the person's webhook wait until the write is settled, so the person's
/// change is applied, the SDK's write is decided again and retried, and only the SDK's own revision is an echo.
/// </summary>
public sealed class InboundOwnWriteRaceTests
{
    private const string SdkIdentityId = "5b1d7c3e-0000-4000-8000-00000000a11c";
    private const string PersonId = "0f0e0d0c-0b0a-4909-8807-060504030201";
    private const string ItemUrl = ClientTestHarness.OrganizationUrl + "_apis/wit/workitems/1729";
    private const string ReadUrl = ItemUrl + "?fields=System.State%2CSystem.WorkItemType%2CSystem.TeamProject%2CSystem.AssignedTo";

    [Theory]
    [InlineData(SdkIdentityId)] // the SDK's identity is known: the person's revision is by someone else
    [InlineData(null)] // not known: the delivery cannot tell who saved it, and waits all the same
    public async Task A_person_saving_revision_9_while_the_sdks_write_under_test_rev_8_is_in_flight_is_applied_and_the_write_retried(string? sdkIdentityId)
    {
        var projects = new FakeExternalProjectStore();
        projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", "Active");
        using var kit = new InboundTestKit(
            settings: new VstsSyncSettings { StatusOutbound = true, StatusInbound = true, AssigneeInbound = true },
            configureServices: services => services.AddSingleton<IExternalProjectStore>(projects));
        kit.UpdateInstallation(i => i with { SdkIdentityId = sdkIdentityId });
        kit.Link("g1", resolved: true); // the host resolved it: that is what goes out
        kit.AddUser("u-ada", "ada@example.com");
        var personsSave = Edit("updated-state-active-resolved.json").AsDelivery(9).WithRev(9).WithRevisedById(PersonId)
            .WithoutStateChange().WithAssignedTo(null, JsonValue.Create("Ada <ada@example.com>"));
        var waitingForTheWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Probe.OnNext("IOwnWriteLedger.FindAsync", _ =>
        {
            waitingForTheWrite.TrySetResult();
            return Task.CompletedTask;
        });
        Task<VstsWebhookResult>? personsDelivery = null;
        kit.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 8));
        kit.ExpectBugStates();
        kit.Client.Expect(HttpMethod.Patch, ItemUrl).Respond(async _ =>
        {
            // Azure DevOps took the person's save first: its webhook arrives while the SDK's write is pending.
            personsDelivery = kit.DeliverAsync(personsSave);
            await waitingForTheWrite.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(personsDelivery.IsCompleted);
            return new HttpResponseMessage(HttpStatusCode.PreconditionFailed)
            {
                Content = new StringContent("""{"message":"The update failed: the work item was changed since revision 8 was read.","typeKey":"VssServiceException","errorCode":0}"""),
            };
        });
        kit.Client.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 9, assignedTo: "ada@example.com"));
        kit.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 10, state: "Resolved", assignedTo: "ada@example.com"));
        var integration = kit.Client.Services.GetRequiredService<IIssueIntegrationFactory>().Create(kit.Installation, kit.Client.Connection);

        var written = await integration.SyncStatusOutboundAsync(new LinkedWorkItem(WorkItemId.ToString(System.Globalization.CultureInfo.InvariantCulture), ProjectId), isResolved: true);
        var person = await personsDelivery!.WaitAsync(TimeSpan.FromSeconds(10));
        var echo = await kit.DeliverAsync(Edit("updated-state-active-resolved.json").AsDelivery(10).WithRev(10).WithRevisedById(SdkIdentityId));

        // The SDK's write was decided again on revision 9 and written as revision 10.
        Assert.Equal((OutboundSyncOutcome.Updated, 10), (written.Outcome, written.Revision));
        kit.Client.Mock.VerifyNoOutstandingExpectation();
        // The person's change was applied, not taken for the SDK's.
        Assert.Equal((200, VstsWebhookOutcome.Applied), (person.StatusCode, person.Outcome));
        Assert.Equal([new GroupAssigneeChange("g1", "u-ada", InboundTestKit.Source)], kit.Assignees.AssigneeChanges);
        // The SDK's own revision is an echo: the host's group is not told of its own resolve.
        Assert.Equal((200, VstsWebhookOutcome.Echo), (echo.StatusCode, echo.Outcome));
        Assert.Empty(kit.Groups.StatusChanges);
        var entry = Assert.Single(await kit.Ledger.FindAsync(CollectionId, WorkItemId, 10));
        Assert.Equal(10, entry.Revision);
        Assert.Empty(await kit.Ledger.FindAsync(CollectionId, WorkItemId, 9));
    }

    private static string Item(int rev, string state = "Active", string? assignedTo = null)
    {
        var assigned = assignedTo is null
            ? string.Empty
            : $$""","System.AssignedTo":{"displayName":"Ada","uniqueName":"{{assignedTo}}","id":"d6245f20-2af8-44f4-9451-8107cb2767db"}""";
        return $$"""{"id":{{WorkItemId}},"rev":{{rev}},"fields":{"System.State":"{{state}}","System.WorkItemType":"Bug","System.TeamProject":"{{ProjectId}}"{{assigned}}},"url":"{{ItemUrl}}"}""";
    }
}
