using System.Text.Json;
using IssueSync.Sdk.Inbound.Triage;

namespace IssueSync.Sdk.Tests.Inbound.Triage;

/// <summary>
/// The triage pass on the benchmark's 4 KB payload (<c>resourceContainers</c> last, so it is read to the
/// end) allocates nothing: the property the Webhook benchmark's goal rests on, held here by counting
/// bytes, never by timing.
/// </summary>
public sealed class WebhookTriageAllocationTests
{
    [Fact]
    public void Read_on_the_4kb_payload_allocates_nothing_once_warm()
    {
        var body = WebhookPayloads.Load(WebhookPayloads.Benchmark);
        WebhookTriage.Read(body, out _); // the first call runs the static initialisers

        var failure = WebhookTriage.Failure.NotJson;
        WebhookEnvelope envelope = default;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            failure = WebhookTriage.Read(body, out envelope);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        // The reads that allocated nothing did reach the end of the body.
        Assert.Equal(WebhookTriage.Failure.None, failure);
        Assert.Equal(WebhookPayloads.CollectionId, envelope.CollectionId.GetString(body));
    }

    [Fact]
    public void Read_finds_what_the_sync_needs_in_the_4kb_payload()
    {
        var body = WebhookPayloads.Load(WebhookPayloads.Benchmark);

        var failure = WebhookTriage.Read(body, out var envelope);

        Assert.Equal(WebhookTriage.Failure.None, failure);
        Assert.Equal(WebhookEventKind.WorkItemUpdated, envelope.Kind);
        Assert.Equal(WebhookPayloads.CollectionId, envelope.CollectionId.GetString(body));
        Assert.Equal(WebhookPayloads.ProjectId, envelope.ProjectId.GetString(body));
        Assert.Equal(WebhookPayloads.SubscriptionId, envelope.SubscriptionId.GetString(body));
        Assert.Equal(115, envelope.NotificationId.GetInt32(body));
        Assert.Equal("e49f1b6c-5d7a-4e0f-9a2b-c4d5e6f7a8b9", envelope.EventId.GetString(body));
        Assert.Equal(WebhookPayloads.WorkItemId, envelope.ResourceWorkItemId.GetInt32(body));
        Assert.Equal(12, envelope.ResourceId.GetInt32(body)); // the update number, not the work item
        Assert.Equal(13, envelope.ResourceRev.GetInt32(body));
        Assert.Equal(13, envelope.Fields.Rev.Current.GetInt32(body));
        Assert.Equal(WebhookPayloads.WorkItemId, envelope.RevisionId.GetInt32(body));
        Assert.Equal(13, envelope.RevisionRev.GetInt32(body));
        Assert.Equal(WebhookPayloads.RevisedById, envelope.RevisedById.GetString(body));

        Assert.True(envelope.Fields.State.IsChange);
        Assert.Equal("Active", envelope.Fields.State.Old.GetString(body));
        Assert.Equal("Resolved", envelope.Fields.State.New.GetString(body));

        var assignedTo = envelope.Fields.AssignedTo;
        Assert.True(assignedTo.IsChange);
        Assert.Equal(JsonTokenType.String, assignedTo.New.Type);
        Assert.Equal("lauryn2 <lauryn2@sentry.io>", assignedTo.New.GetString(body));
        Assert.Equal("lauryn2@sentry.io", assignedTo.Current.GetIdentity(body)?.Email);
        Assert.Equal("lauryn@sentry.io", assignedTo.Old.GetIdentity(body)?.Email);

        Assert.Equal("Bug", envelope.RevisionFields.WorkItemType.Current.GetString(body));
        Assert.Equal(WebhookPayloads.ProjectName, envelope.RevisionFields.TeamProject.Current.GetString(body));
    }
}
