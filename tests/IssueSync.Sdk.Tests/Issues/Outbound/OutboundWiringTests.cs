using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

public sealed class OutboundWiringTests
{
    [Fact]
    public async Task The_registered_factory_writes_to_the_registered_ledger_and_reads_the_registered_project_store()
    {
        var projects = new FakeExternalProjectStore();
        projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", "Active");
        RecordingLedger? ledger = null;
        using var harness = new ClientTestHarness(configureServices: services =>
        {
            // What a host does: its own stores on the builder AddVstsIssueSync returned.
            var builder = services.AddVstsIssueSync(_ => { });
            builder.AddExternalProjectStore(_ => projects);
            builder.AddOwnWriteLedger(_ => ledger = new RecordingLedger(new InMemoryOwnWriteLedger()));
        });
        harness.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3));
        harness.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);
        harness.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4, state: "Resolved"));
        var integration = harness.Services.GetRequiredService<IIssueIntegrationFactory>().Create(AllOn(), harness.Connection);

        var result = await integration.SyncStatusOutboundAsync(new LinkedWorkItem("42", ProjectId), isResolved: true);

        Assert.Equal(OutboundSyncOutcome.Updated, result.Outcome);
        Assert.Single(projects.Lookups);
        Assert.NotNull(ledger);
        Assert.Equal(4, Assert.Single(ledger.Writes).Revision);
    }

    [Fact]
    public async Task By_default_the_in_memory_ledger_holds_the_writes()
    {
        using var harness = new ClientTestHarness();
        harness.ExpectJson(HttpMethod.Get, ReadUrl, Item(rev: 3, assignedTo: "someone@else.example"));
        harness.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 4));
        var integration = harness.Services.GetRequiredService<IIssueIntegrationFactory>().Create(AllOn(), harness.Connection);

        await integration.SyncAssigneeOutboundAsync(new LinkedWorkItem("42"), assignee: null);

        var ledger = Assert.IsType<InMemoryOwnWriteLedger>(harness.Services.GetRequiredService<IOwnWriteLedger>());
        var write = Assert.Single(await ledger.FindAsync(OrganizationId.ToUpperInvariant(), 42, 4));
        Assert.Equal(4, write.Revision);
        Assert.Equal(["System.AssignedTo"], write.Fields.Keys);
    }
}
