namespace IssueSync.Sdk.Subscriptions;

/// <summary>What a subscription check found (and did) for one event type's subscription.</summary>
public enum VstsSubscriptionHealth
{
    /// <summary>The subscription exists and is <c>enabled</c>: events are delivered.</summary>
    Healthy,

    /// <summary>No subscription was recorded for the event type; one was created.</summary>
    Created,

    /// <summary>
    /// The recorded subscription was missing or <c>disabledBySystem</c>; it was deleted (when present)
    /// and created again with a new secret. Events sent while it was down are lost: reconcile if needed.
    /// </summary>
    Recreated,

    /// <summary>
    /// <c>onProbation</c> ("Enabled (restricted)"): recent deliveries failed; Azure DevOps retries
    /// slowly and drops new events until one succeeds. Check the webhook endpoint.
    /// </summary>
    OnProbation,

    /// <summary><c>disabledByUser</c>: someone turned it off in Azure DevOps; the SDK leaves it so.</summary>
    DisabledByUser,

    /// <summary>
    /// <c>disabledByInactiveIdentity</c>: the identity that owns it left or lost permission. Reconnect the
    /// installation with an active identity, then run <see cref="IVstsSubscriptionManager.EnsureAsync"/>.
    /// </summary>
    DisabledByInactiveIdentity,

    /// <summary>Azure DevOps reported a status this SDK does not know; see <see cref="VstsSubscriptionState.Status"/>.</summary>
    UnknownStatus,

    /// <summary>A recorded subscription for an event type the host no longer handles was deleted.</summary>
    Removed,

    /// <summary>Reading, creating, replacing or deleting it failed; <see cref="VstsSubscriptionState.Detail"/> says why.</summary>
    Failed,
}
