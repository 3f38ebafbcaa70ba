using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Tests.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class VstsWebhookEventTypeTests : ExtensibleStringTests<VstsWebhookEventType>
{
    public override IReadOnlyList<(VstsWebhookEventType Value, string Name)> KnownValues =>
    [
        (VstsWebhookEventType.WorkItemUpdated, "workitem.updated"),
        (VstsWebhookEventType.WorkItemCreated, "workitem.created"),
        (VstsWebhookEventType.WorkItemDeleted, "workitem.deleted"),
        (VstsWebhookEventType.WorkItemRestored, "workitem.restored"),
        (VstsWebhookEventType.WorkItemCommented, "workitem.commented"),
    ];

    public override string CustomName => "git.pullrequest.Merged";
}
