using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Service-hook subscriptions of the organization (<c>_apis/hooks/subscriptions</c>, api-version 7.1):
/// create, read, replace, delete and query. Managing them needs Project Collection Administrator
/// rights (OAuth scope <c>vso.hooks_write</c>); without them calls fail as <see cref="VstsErrorKind.Forbidden"/>.
/// </summary>
public interface ISubscriptionsClient
{
    /// <summary>
    /// Creates a subscription (<c>POST _apis/hooks/subscriptions</c>). Not retried on ambiguous failures:
    /// a lost answer may mean it exists, and a resend would create a second one delivering every event twice.
    /// </summary>
    /// <param name="request">What to subscribe to and where to deliver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new subscription, with its id.</returns>
    /// <exception cref="ArgumentException"><see cref="ServiceHookSubscriptionRequest.EventType"/> or another identifier is empty.</exception>
    /// <exception cref="VstsApiException">The call failed.</exception>
    Task<ServiceHookSubscription> CreateAsync(ServiceHookSubscriptionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads one subscription (<c>GET _apis/hooks/subscriptions/{id}</c>).</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription, with its current status.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when it was deleted.</exception>
    Task<ServiceHookSubscription> GetAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a subscription with <paramref name="request"/> (<c>PUT _apis/hooks/subscriptions/{id}</c>,
    /// the full body). Safe to resend. It does not revive a <see cref="SubscriptionStatus.DisabledBySystem"/>
    /// subscription: delete and create that one instead.
    /// </summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="request">The whole new definition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription as stored.</returns>
    Task<ServiceHookSubscription> ReplaceAsync(string subscriptionId, ServiceHookSubscriptionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a subscription (<c>DELETE _apis/hooks/subscriptions/{id}</c>).</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the subscriptions matching <paramref name="query"/> (<c>POST _apis/hooks/subscriptionsquery</c>;
    /// a read, unlike the unfiltered organization-wide list).
    /// </summary>
    /// <param name="query">The filters; unset values match anything.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching subscriptions.</returns>
    Task<IReadOnlyList<ServiceHookSubscription>> QueryAsync(ServiceHookSubscriptionQuery query, CancellationToken cancellationToken = default);
}
