namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Applies Azure DevOps service-hook deliveries (<c>workitem.updated</c> and friends) to the host's
/// groups: parses, verifies the shared secret, drops duplicates, stale revisions and the SDK's own
/// echoes, and applies assignee and status changes through the host's stores. Thread-safe.
/// </summary>
public interface IInboundSyncHandler
{
    /// <summary>Handles one delivery. Never throws for a bad request or a failing host store: the result says what to answer.</summary>
    /// <param name="request">The headers and body.</param>
    /// <param name="cancellationToken">Cancels the handling (e.g. the client went away).</param>
    /// <returns>The status to answer and what happened.</returns>
    Task<VstsWebhookResult> HandleAsync(VstsWebhookRequest request, CancellationToken cancellationToken = default);
}
