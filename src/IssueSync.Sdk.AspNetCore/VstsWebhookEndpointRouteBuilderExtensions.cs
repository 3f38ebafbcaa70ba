using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk;

/// <summary>Maps the Azure DevOps service-hook webhook endpoint.</summary>
public static class VstsWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The path the SDK's documentation and samples use.</summary>
    public const string DefaultPattern = "/extensions/vsts/issue-updated";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to the SDK's <see cref="IInboundSyncHandler"/>: a body
    /// over <see cref="VstsWebhookOptions.MaxBodyBytes"/> is answered 413 (from <c>Content-Length</c>
    /// before reading, or as soon as a chunked body passes the limit); otherwise the handler's status is
    /// answered, with <c>Retry-After</c> when it asks for one and a small JSON body (problem details for
    /// errors) that carries no stack trace and no secret. An unexpected handler failure answers 503, never
    /// 500 (Azure DevOps puts a subscription answering 500 on probation). A client that goes away is not an error.
    /// </summary>
    /// <param name="endpoints">The application's route builder (<c>app</c>).</param>
    /// <param name="pattern">The route; use the same path in the callback URL given to <c>IVstsSubscriptionManager</c>.</param>
    /// <returns>The endpoint's convention builder, e.g. to add rate limiting or host filtering.</returns>
    /// <exception cref="InvalidOperationException">The SDK's inbound handler is not registered, or a host store it needs (<c>IIntegrationStore</c>, <c>IGroupStore</c>) is missing.</exception>
    public static IEndpointConventionBuilder MapVstsWebhook(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(IInboundSyncHandler)) == false)
        {
            throw new InvalidOperationException(
                "MapVstsWebhook needs the SDK's IInboundSyncHandler: call services.AddVstsIssueSync(...) and register the host's stores on the builder it returns.");
        }

        // Resolved now, not at the first delivery: a missing host store fails the start with a message
        // that names the call to add, instead of every delivery answering 503.
        var endpoint = new VstsWebhookEndpoint(endpoints.ServiceProvider);

        return endpoints.MapPost(pattern, new RequestDelegate(endpoint.HandleAsync))
            .WithDisplayName("Azure DevOps webhook")
            // Azure DevOps sends no antiforgery token; the shared secret authenticates the call.
            .DisableAntiforgery();
    }
}
