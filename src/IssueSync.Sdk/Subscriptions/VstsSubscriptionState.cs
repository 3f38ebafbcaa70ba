using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Subscriptions;

/// <summary>The state of one event type's subscription after a check. Never carries the secret.</summary>
/// <param name="EventType">The event type, e.g. <c>workitem.updated</c>.</param>
/// <param name="SubscriptionId">The subscription's id after the check (the new one when recreated), or <see langword="null"/> when none exists.</param>
/// <param name="Health">What the check found or did.</param>
/// <param name="Status">The status Azure DevOps reported (<see langword="default"/> when it was not read).</param>
/// <param name="Detail">Why, for <see cref="VstsSubscriptionHealth.Failed"/> and the disabled states; otherwise <see langword="null"/>.</param>
public sealed record VstsSubscriptionState(
    string EventType,
    string? SubscriptionId,
    VstsSubscriptionHealth Health,
    SubscriptionStatus Status = default,
    string? Detail = null)
{
    /// <summary>
    /// <see langword="true"/> when events of this type are being delivered: <see cref="VstsSubscriptionHealth.Healthy"/>,
    /// <see cref="VstsSubscriptionHealth.Created"/>, <see cref="VstsSubscriptionHealth.Recreated"/> (and
    /// <see cref="VstsSubscriptionHealth.Removed"/>, which needs nothing delivered).
    /// </summary>
    public bool IsDelivering => Health is VstsSubscriptionHealth.Healthy or VstsSubscriptionHealth.Created
        or VstsSubscriptionHealth.Recreated or VstsSubscriptionHealth.Removed;
}
