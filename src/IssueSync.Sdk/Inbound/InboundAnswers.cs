using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Inbound;

/// <summary>The answers the handler gives, one shape each, so every path fills a result the same way.</summary>
internal static class InboundAnswers
{
    public static VstsWebhookResult Answer(int status, VstsWebhookOutcome outcome, string reason, WorkItemRevision? item = null, TimeSpan? retryAfter = null, IReadOnlyList<string>? changed = null) => new()
    {
        StatusCode = status,
        Outcome = outcome,
        Reason = reason,
        RetryAfter = retryAfter,
        WorkItemId = item?.WorkItemId,
        Revision = item?.Revision,
        ChangedGroupIds = changed ?? [],
    };

    public static VstsWebhookResult Duplicate(WorkItemRevision item) =>
        Answer(200, VstsWebhookOutcome.Duplicate, "This delivery was handled before.", item);

    public static VstsWebhookResult Echo(WorkItemRevision item, string reason) =>
        Answer(200, VstsWebhookOutcome.Echo, reason, item);

    public static VstsWebhookResult Applied(WorkItemRevision item, IReadOnlyList<string> changed, string nothingChanged) =>
        Answer(200, VstsWebhookOutcome.Applied, changed.Count == 0 ? nothingChanged : "Applied.", item, changed: changed);

    public static VstsWebhookResult StoreFailed(WorkItemRevision? item, VstsWebhookOptions options, IReadOnlyList<string>? changed = null) =>
        Answer(503, VstsWebhookOutcome.StoreUnavailable, "A host store failed; deliver the event again later.", item, options.StoreFailureRetryAfter, changed);
}
