using IssueSync.Sdk.Inbound;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>
/// Log lines of the ASP.NET Core adapter (event ids 8050-8099). Stable: never change or reuse an id.
/// No line carries a header value, a body byte or a secret.
/// </summary>
internal static partial class AspNetCoreLog
{
    [LoggerMessage(EventId = 8050, EventName = "WebhookAnswered", Level = LogLevel.Debug,
        Message = "Webhook answered {StatusCode} ({Outcome}): {Reason}")]
    public static partial void Answered(ILogger logger, int statusCode, VstsWebhookOutcome outcome, string reason);

    [LoggerMessage(EventId = 8051, EventName = "WebhookTooLarge", Level = LogLevel.Warning,
        Message = "Webhook body refused with 413: over the limit of {Limit} bytes (Content-Length {DeclaredLength})")]
    public static partial void TooLarge(ILogger logger, long limit, long? declaredLength);

    [LoggerMessage(EventId = 8052, EventName = "WebhookClientGone", Level = LogLevel.Debug,
        Message = "Webhook request aborted by the client before it was answered")]
    public static partial void ClientGone(ILogger logger);

    [LoggerMessage(EventId = 8053, EventName = "WebhookHandlerFailed", Level = LogLevel.Error,
        Message = "The inbound handler failed unexpectedly; answered 503 so Azure DevOps delivers again")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8054, EventName = "WebhookBodyUnreadable", Level = LogLevel.Debug,
        Message = "Webhook body could not be read; answered 400")]
    public static partial void BodyUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8060, EventName = "SubscriptionCheckCompleted", Level = LogLevel.Information,
        Message = "Subscription check completed: {Installations} installations, {Delivering} delivering, {NotDelivering} not delivering, {Failed} failed")]
    public static partial void CheckCompleted(ILogger logger, int installations, int delivering, int notDelivering, int failed);

    [LoggerMessage(EventId = 8061, EventName = "SubscriptionCheckFailed", Level = LogLevel.Error,
        Message = "Checking the subscriptions of installation {IntegrationId} failed; the other installations are still checked")]
    public static partial void InstallationFailed(ILogger logger, string integrationId, Exception exception);

    [LoggerMessage(EventId = 8062, EventName = "InstallationListingFailed", Level = LogLevel.Error,
        Message = "Listing the installations to check failed; retrying at the next interval")]
    public static partial void ListingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8070, EventName = "ReconcileSkipped", Level = LogLevel.Debug,
        Message = "Reconciliation of installation {IntegrationId} skipped: another instance holds the organization's lease")]
    public static partial void ReconcileSkipped(ILogger logger, string integrationId);

    [LoggerMessage(EventId = 8071, EventName = "ReconcileFailed", Level = LogLevel.Error,
        Message = "Reconciliation of installation {IntegrationId} failed; the next run continues from its watermark")]
    public static partial void ReconcileFailed(ILogger logger, string integrationId, Exception exception);

    [LoggerMessage(EventId = 8072, EventName = "ReconcileTriggered", Level = LogLevel.Information,
        Message = "Subscription of installation {IntegrationId} found {Health}: reconciling at once")]
    public static partial void ReconcileTriggered(ILogger logger, string integrationId, Subscriptions.VstsSubscriptionHealth health);
    [LoggerMessage(EventId = 8063, EventName = "SubscriptionCheckSkipped", Level = LogLevel.Debug,
        Message = "Installation {IntegrationId} skipped this run: another instance holds its organization's subscription monitor lease")]
    public static partial void InstallationSkipped(ILogger logger, string integrationId);
}
