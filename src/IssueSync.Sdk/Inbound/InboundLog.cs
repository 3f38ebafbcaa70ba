using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// The inbound handler's log lines (event ids 7001-7099; 7025 tells once per installation that inbound sync is off; 7017, the former in-process wait for a write, is
/// retired: the Sync floor's 9001 took its place). None carries a secret, a header value or a
/// payload text; organization ids, work item ids, revisions and host group ids are not secrets.
/// </summary>
internal static partial class InboundLog
{
    [LoggerMessage(EventId = 7001, EventName = "WebhookTooLarge", Level = LogLevel.Warning,
        Message = "Webhook body of {Length} bytes is over the {Limit}-byte limit; answered 413.")]
    public static partial void TooLarge(ILogger logger, int length, long limit);

    [LoggerMessage(EventId = 7002, EventName = "WebhookInvalid", Level = LogLevel.Warning,
        Message = "Webhook body is not an Azure DevOps service-hook event ({Problem}); answered 400.")]
    public static partial void Invalid(ILogger logger, string problem);

    [LoggerMessage(EventId = 7003, EventName = "WebhookUnknownOrganization", Level = LogLevel.Warning,
        Message = "Webhook for organization {OrganizationId}, which no installation is linked to; answered 401.")]
    public static partial void UnknownOrganization(ILogger logger, string organizationId);

    [LoggerMessage(EventId = 7004, EventName = "WebhookUnauthorized", Level = LogLevel.Warning,
        Message = "Webhook for installation {IntegrationId} not verified ({Problem}); answered 401, no host store touched.")]
    public static partial void Unauthorized(ILogger logger, string integrationId, string problem);

    [LoggerMessage(EventId = 7005, EventName = "WebhookIgnored", Level = LogLevel.Debug,
        Message = "Webhook {EventType} for installation {IntegrationId} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string eventType, string integrationId, string reason);

    [LoggerMessage(EventId = 7006, EventName = "WebhookDuplicate", Level = LogLevel.Debug,
        Message = "Webhook {EventType} for work item {WorkItemId} was delivered before; ignored.")]
    public static partial void Duplicate(ILogger logger, string eventType, int workItemId);

    [LoggerMessage(EventId = 7007, EventName = "WebhookStale", Level = LogLevel.Debug,
        Message = "Webhook for work item {WorkItemId} revision {Revision} is not newer than the applied revision {Watermark}; ignored.")]
    public static partial void Stale(ILogger logger, int workItemId, int revision, int watermark);

    [LoggerMessage(EventId = 7008, EventName = "WebhookEcho", Level = LogLevel.Debug,
        Message = "Webhook for work item {WorkItemId} revision {Revision} is the SDK's own write; ignored.")]
    public static partial void Echo(ILogger logger, int workItemId, int? revision);

    [LoggerMessage(EventId = 7009, EventName = "WebhookApplied", Level = LogLevel.Information,
        Message = "Webhook {EventType} for work item {WorkItemId} revision {Revision} applied: {ChangedGroups} group(s) changed.")]
    public static partial void Applied(ILogger logger, string eventType, int workItemId, int? revision, int changedGroups);

    [LoggerMessage(EventId = 7015, EventName = "HostStoreFailed", Level = LogLevel.Error,
        Message = "The host's {Store} failed while handling a webhook for installation {IntegrationId}; answered 503 so Azure DevOps delivers it again.")]
    public static partial void StoreFailed(ILogger logger, string store, string? integrationId, Exception exception);

    [LoggerMessage(EventId = 7016, EventName = "DeliveryNotForgotten", Level = LogLevel.Warning,
        Message = "A failed delivery could not be forgotten by the delivery store; its redelivery may be taken for a duplicate.")]
    public static partial void DeliveryNotForgotten(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7025, EventName = "InboundSyncOff", Level = LogLevel.Warning,
        Message = "Installation {IntegrationId} has a {EventType} subscription, but {Settings} is off in its SyncSettings (every direction defaults to off): Azure DevOps changes are answered 'Ignored' and not applied to the host's groups. To apply them, set VstsSyncSettings.StatusInbound and/or AssigneeInbound to true on the installation and save it through IIntegrationStore. Logged once per installation.")]
    public static partial void InboundOff(ILogger logger, string integrationId, string eventType, string settings);
}
