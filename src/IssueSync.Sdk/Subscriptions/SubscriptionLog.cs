using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Subscriptions;

/// <summary>
/// Log lines of the subscription lifecycle (event ids 8001-8049; 8050-8099 belong to the ASP.NET Core
/// adapter). Stable: never change or reuse an id. No line carries the secret or a subscription's
/// consumer inputs; failures are logged by kind and status, never by message text.
/// </summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(EventId = 8001, EventName = "SubscriptionCreated", Level = LogLevel.Information,
        Message = "Created the {EventType} subscription {SubscriptionId} for installation {IntegrationId}")]
    public static partial void Created(ILogger logger, string eventType, string subscriptionId, string integrationId);

    [LoggerMessage(EventId = 8002, EventName = "SubscriptionRecreated", Level = LogLevel.Warning,
        Message = "The {EventType} subscription {OldSubscriptionId} of installation {IntegrationId} was {Reason}; created {SubscriptionId} in its place (events sent meanwhile were lost)")]
    public static partial void Recreated(ILogger logger, string eventType, string oldSubscriptionId, string integrationId, string reason, string subscriptionId);

    [LoggerMessage(EventId = 8003, EventName = "SubscriptionNotDelivering", Level = LogLevel.Warning,
        Message = "The {EventType} subscription {SubscriptionId} of installation {IntegrationId} is {Status}: {Health}")]
    public static partial void NotDelivering(ILogger logger, string eventType, string subscriptionId, string integrationId, string status, VstsSubscriptionHealth health);

    [LoggerMessage(EventId = 8004, EventName = "SubscriptionCallFailed", Level = LogLevel.Warning,
        Message = "{Operation} for the {EventType} subscription of installation {IntegrationId} failed: {Kind} (status {StatusCode}, ActivityId {ActivityId})")]
    public static partial void CallFailed(ILogger logger, string? operation, string eventType, string integrationId, string kind, int statusCode, string? activityId);

    [LoggerMessage(EventId = 8005, EventName = "SubscriptionPermissionDenied", Level = LogLevel.Error,
        Message = "Azure DevOps refused {Operation} for installation {IntegrationId} (status {StatusCode}): {Remedy}")]
    public static partial void PermissionDenied(ILogger logger, string operation, string integrationId, int statusCode, string remedy);

    [LoggerMessage(EventId = 8006, EventName = "WebhookSecretRotating", Level = LogLevel.Information,
        Message = "New webhook secret for installation {IntegrationId}; the previous one stays accepted until every subscription carries the new one")]
    public static partial void SecretRotating(ILogger logger, string integrationId);

    [LoggerMessage(EventId = 8007, EventName = "WebhookSecretRotationCompleted", Level = LogLevel.Information,
        Message = "Every subscription of installation {IntegrationId} carries the new webhook secret; the previous one is no longer accepted")]
    public static partial void RotationCompleted(ILogger logger, string integrationId);

    [LoggerMessage(EventId = 8008, EventName = "SubscriptionDeleted", Level = LogLevel.Information,
        Message = "Deleted the {EventType} subscription {SubscriptionId} of installation {IntegrationId}")]
    public static partial void Deleted(ILogger logger, string eventType, string subscriptionId, string integrationId);

    [LoggerMessage(EventId = 8009, EventName = "InstallationSaveConflict", Level = LogLevel.Debug,
        Message = "Installation {IntegrationId} changed while saving its subscriptions (attempt {Attempt}); re-reading")]
    public static partial void SaveConflict(ILogger logger, string integrationId, int attempt);

    [LoggerMessage(EventId = 8010, EventName = "SubscriptionsNotSaved", Level = LogLevel.Error,
        Message = "Subscriptions {SubscriptionIds} of installation {IntegrationId} exist in Azure DevOps but were not saved: {Reason}")]
    public static partial void NotSaved(ILogger logger, string subscriptionIds, string integrationId, string reason);

    [LoggerMessage(EventId = 8011, EventName = "SubscriptionCredentialRejected", Level = LogLevel.Error,
        Message = "Azure DevOps did not accept the {CredentialKind} of installation {IntegrationId} for {Operation} (status {StatusCode}): expired, revoked, without the scope the call needs, or not valid in this organization")]
    public static partial void CredentialRejected(ILogger logger, string operation, string integrationId, int statusCode, string credentialKind);
}
