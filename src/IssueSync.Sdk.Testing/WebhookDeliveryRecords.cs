namespace IssueSync.Sdk.Testing;

/// <summary>Why a webhook post was made: see <see cref="WebhookDelivery.Kind"/>.</summary>
public enum WebhookDeliveryKind
{
    /// <summary>The first post of an event.</summary>
    First,

    /// <summary>A retry after a transient failure (408, 502, 503, 504), on the schedule's retry delays.</summary>
    Retry,

    /// <summary>A retry of the event that put the subscription on probation, on the schedule's probation delays.</summary>
    ProbationRetry,

    /// <summary>A second post of an event, from <see cref="VstsEmulatorOptions.DeliveryDisorder"/>.</summary>
    Duplicate,

    /// <summary>A post of a past delivery again, from <see cref="VstsEmulator.RedeliverAsync"/>.</summary>
    Redelivery,
}

/// <summary>Why an event never reached the receiver: see <see cref="LostWebhookEvent.Reason"/>.</summary>
public enum WebhookEventLossReason
{
    /// <summary>The event came while its subscription was on probation, and was dropped unsent: "when a subscription is in probation, any new events are lost".</summary>
    SubscriptionOnProbation,

    /// <summary>The subscription was disabled or deleted before the event, queued or held, could be sent.</summary>
    SubscriptionUnavailable,

    /// <summary>
    /// The event was sent, no post succeeded, and none will be made: the receiver answered 410 Gone,
    /// the last probation retry failed, or the subscription's status changed (e.g. another event put
    /// it on probation) while a retry of this event was waiting.
    /// </summary>
    Abandoned,
}

/// <summary>An event a subscription was due to get and never got (no 2xx answer, and no post left to make).</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="NotificationId">The notification id the event had, or would have had, in its payload.</param>
/// <param name="EventType">The event type.</param>
/// <param name="WorkItemId">The work item the event is about.</param>
/// <param name="Revision">The work item revision the event is about.</param>
/// <param name="Reason">Why it was lost.</param>
/// <param name="LostAt">When, on the emulator's clock.</param>
public sealed record LostWebhookEvent(
    string SubscriptionId,
    int NotificationId,
    string EventType,
    int WorkItemId,
    int Revision,
    WebhookEventLossReason Reason,
    DateTimeOffset LostAt);
