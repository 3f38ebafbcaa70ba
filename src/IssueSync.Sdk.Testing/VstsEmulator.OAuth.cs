using IssueSync.Sdk.Testing.Emulator;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing;

// The routes outside the organization: the OAuth token endpoints, and the deployment-level
// Resource Areas, profile and accounts routes (app.vssps.visualstudio.com and dev.azure.com in
// Azure DevOps Services), all served on the emulator's one loopback host.
public sealed partial class VstsEmulator
{
    private EmulatedOAuth? _oauth;

    /// <summary>
    /// The root of the emulator's host, e.g. <c>http://127.0.0.1:5123/</c>: where it serves what Azure
    /// DevOps serves outside an organization (<c>_apis/resourceAreas</c>, <c>_apis/profile</c>,
    /// <c>_apis/accounts</c>, <c>oauth2/token</c>).
    /// </summary>
    public Uri BaseUrl => new(OrganizationUrl, "/");

    /// <summary>
    /// OAuth: register apps, issue authorization codes and tokens, revoke or expire them, and the
    /// URLs of the two token endpoints to give the SDK's <c>VstsOAuthOptions</c>.
    /// </summary>
    public EmulatedOAuth OAuth => LazyInitializer.EnsureInitialized(ref _oauth, () => new EmulatedOAuth(BaseUrl, _options));

    /// <summary>
    /// A handler that sends the SDK's requests for <c>https://app.vssps.visualstudio.com/</c> (Resource
    /// Areas lookups by organization name or id, profile and accounts) to this emulator's
    /// <see cref="BaseUrl"/> instead, keeping path, query and headers. The SDK calls that host at a
    /// fixed address, so this is how a test runs <c>IVstsAccountClient</c> (and the legacy-URL repair
    /// that uses it) against the emulator. Add it innermost, after the SDK's own handlers:
    /// <c>builder.HttpClientBuilder.AddHttpMessageHandler(emulator.CreateAccountsHostHandler)</c>.
    /// Requests for any other host pass through unchanged.
    /// </summary>
    /// <returns>A new handler (the HTTP client factory wants one per pipeline).</returns>
    public DelegatingHandler CreateAccountsHostHandler() => new AccountsHostHandler(BaseUrl);

    /// <summary>
    /// Answers a request that is not for an organization route, or <see langword="null"/> to leave it
    /// to the organization routes.
    /// </summary>
    private async Task<EmulatorAnswer?> RouteOutsideOrganizationAsync(HttpContext context, List<string> segments, string? apiVersion)
    {
        var method = context.Request.Method;
        switch (segments)
        {
            case ["oauth2", "token"]:
                RequirePost(method);
                return await OAuthTokenEndpoints.AzureDevOpsAsync(context, OAuth).ConfigureAwait(false);
            case [var tenant, "oauth2", "v2.0", "token"]:
                RequirePost(method);
                return await OAuthTokenEndpoints.EntraAsync(context, OAuth, tenant, _options.TimeProvider).ConfigureAwait(false);
        }

        var organization = Organization;
        if (AccountEndpoints.Match(segments, organization.Name) is not { } route)
        {
            return null;
        }

        if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatorError(405, $"The requested resource does not support http method '{method}'.");
        }

        // Resource Areas answers anonymously; Sentry's production lookup sends no api-version at all.
        if (route.Anonymous)
        {
            if (apiVersion is not null)
            {
                CheckApiVersion(method, apiVersion, route.PreviewOnly);
            }

            return route.Handler(new AccountCall(context, organization, BaseUrl, User: null, route.Values));
        }

        if (Authenticate(context) is not { } user)
        {
            return SignInAnswer(context);
        }

        CheckApiVersion(method, apiVersion, route.PreviewOnly);
        return route.Handler(new AccountCall(context, organization, BaseUrl, user, route.Values));
    }

    private static void RequirePost(string method)
    {
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatorError(405, $"The requested resource does not support http method '{method}'.");
        }
    }

    /// <summary>Rewrites <c>https://app.vssps.visualstudio.com/…</c> to the emulator's root.</summary>
    private sealed class AccountsHostHandler(Uri baseUrl) : DelegatingHandler
    {
        private const string AccountsHost = "app.vssps.visualstudio.com";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.RequestUri is { IsAbsoluteUri: true } uri && string.Equals(uri.IdnHost, AccountsHost, StringComparison.OrdinalIgnoreCase))
            {
                request.RequestUri = new Uri(baseUrl, uri.PathAndQuery.TrimStart('/'));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
