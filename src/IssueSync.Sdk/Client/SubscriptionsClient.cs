using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The service-hook subscriptions area over one connection.</summary>
internal sealed class SubscriptionsClient(VstsRequestSender sender) : ISubscriptionsClient
{
    public Task<ServiceHookSubscription> CreateAsync(ServiceHookSubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        var body = Body(request);
        // A create whose answer is lost may have landed; a second subscription would deliver every event twice.
        var message = new VstsRequest(HttpMethod.Post, sender.OrganizationUri(VstsApiPaths.Subscriptions), VstsApiVersions.Subscriptions, "Subscriptions.Create", IsIdempotent: false, body);
        return sender.SendAsync(message, VstsJsonContext.Default.ServiceHookSubscription, cancellationToken);
    }

    public Task<ServiceHookSubscription> GetAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        var message = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Subscription(subscriptionId)), VstsApiVersions.Subscriptions, "Subscriptions.Get", IsIdempotent: true);
        return sender.SendAsync(message, VstsJsonContext.Default.ServiceHookSubscription, cancellationToken);
    }

    public Task<ServiceHookSubscription> ReplaceAsync(string subscriptionId, ServiceHookSubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.Subscription(subscriptionId));
        // A PUT of the whole definition leaves the same subscription however often it is sent.
        var message = new VstsRequest(HttpMethod.Put, uri, VstsApiVersions.Subscriptions, "Subscriptions.Replace", IsIdempotent: true, Body(request));
        return sender.SendAsync(message, VstsJsonContext.Default.ServiceHookSubscription, cancellationToken);
    }

    public Task DeleteAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        var message = new VstsRequest(HttpMethod.Delete, sender.OrganizationUri(VstsApiPaths.Subscription(subscriptionId)), VstsApiVersions.Subscriptions, "Subscriptions.Delete", IsIdempotent: true);
        return sender.SendAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceHookSubscription>> QueryAsync(ServiceHookSubscriptionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var body = VstsContent.Json(query, VstsJsonContext.Default.ServiceHookSubscriptionQuery);
        // The query POST only reads.
        var message = new VstsRequest(HttpMethod.Post, sender.OrganizationUri(VstsApiPaths.SubscriptionsQuery), VstsApiVersions.Subscriptions, "Subscriptions.Query", IsIdempotent: true, body);
        var result = await sender.SendAsync(message, VstsJsonContext.Default.SubscriptionsQueryResult, cancellationToken).ConfigureAwait(false);
        return result.Items;
    }

    private static ByteArrayContent Body(ServiceHookSubscriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return VstsContent.Json(request, VstsJsonContext.Default.ServiceHookSubscriptionRequest);
    }
}
