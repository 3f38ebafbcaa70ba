namespace IssueSync.Sdk.Subscriptions;

/// <summary>The outcome of one subscription operation for one installation.</summary>
/// <param name="IntegrationId">The installation.</param>
/// <param name="CheckedAt">When the operation ran (the SDK's <see cref="TimeProvider"/>).</param>
/// <param name="Subscriptions">One entry per event type handled or removed, in the order checked.</param>
public sealed record VstsSubscriptionReport(string IntegrationId, DateTimeOffset CheckedAt, IReadOnlyList<VstsSubscriptionState> Subscriptions)
{
    /// <summary><see langword="true"/> when the webhook secret was replaced during the operation.</summary>
    public bool SecretRotated { get; init; }

    /// <summary>
    /// <see langword="true"/> while a rotation is unfinished: some subscription may still carry the previous
    /// secret, so the endpoint keeps accepting it. The next check or rotation finishes it.
    /// </summary>
    public bool RotationPending { get; init; }

    /// <summary>
    /// <see langword="true"/> when the installation has no subscriptions and the operation (a check) created
    /// none: the host never called <see cref="IVstsSubscriptionManager.EnsureAsync"/> for it, or deleted them.
    /// </summary>
    public bool NotSubscribed => Subscriptions.Count == 0;

    /// <summary><see langword="true"/> when every handled event type is being delivered (see <see cref="VstsSubscriptionState.IsDelivering"/>).</summary>
    public bool IsHealthy => Subscriptions.All(static s => s.IsDelivering);
}
