using System.Net.Http.Headers;
using System.Text;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// Adds the connection's credential to each request, and only to the organization's own hosts: a
/// request to any other host leaves without an <c>Authorization</c> header. Stateless; runs once
/// per attempt (inside the retry handler), so every attempt carries a current credential.
/// </summary>
internal sealed class VstsAuthenticationHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = null;
        if (request.Options.TryGetValue(VstsRequestOptions.Connection, out var connection)
            && request.RequestUri is { } uri
            && connection.IsOwnHost(uri))
        {
            request.Headers.Authorization = connection.Credential switch
            {
                PersonalAccessTokenCredential pat => BasicForPersonalAccessToken(pat),
                _ => throw new VstsApiException(
                    $"{connection.Credential} credentials are not supported by this version of IssueSync.Sdk yet; use a personal access token.",
                    VstsErrorKind.Unauthorized,
                    operation: request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : null),
            };
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static AuthenticationHeaderValue BasicForPersonalAccessToken(PersonalAccessTokenCredential pat) =>
        // Azure DevOps expects an empty user name: base64(":" + pat).
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + pat.Token)));
}
