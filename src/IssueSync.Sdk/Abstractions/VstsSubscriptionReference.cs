namespace IssueSync.Sdk.Abstractions;

/// <summary>One Azure DevOps service-hook subscription the SDK created for an installation.</summary>
/// <param name="EventType">The event it delivers, e.g. <c>workitem.updated</c> (a subscription carries one event type).</param>
/// <param name="SubscriptionId">The subscription's id in Azure DevOps.</param>
/// <param name="LastCheckedAt">When its health was last checked, if ever.</param>
public sealed record VstsSubscriptionReference(string EventType, string SubscriptionId, DateTimeOffset? LastCheckedAt = null);
