using System.Net;
using System.Net.Http.Headers;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// Adds the connection's credential to each request, and only to the organization's own URLs: a
/// request to any other host, or to another organization on a shared host, leaves without an
/// <c>Authorization</c> header. Stateless (token state
/// lives in the singleton <see cref="VstsTokenProvider"/>); runs once per attempt (inside the retry
/// handler), so every attempt carries a current credential.
/// <para>
/// Bearer credentials get one more chance on a 401: the rejected token is refreshed once and the
/// request (whose content is buffered, so it replays) is sent once more. A second 401 goes back to
/// the caller, which reports it as <see cref="VstsErrorKind.Unauthorized"/>.
/// </para>
/// </summary>
internal sealed class VstsAuthenticationHandler : DelegatingHandler
{
    /// <summary>
    /// For organization-less calls (accounts, profile): the credential to send, allowed only to
    /// <see cref="VstsApiPaths.AccountsHost"/>.
    /// </summary>
    internal static readonly HttpRequestOptionsKey<VstsCredential> AccountCredential = new("IssueSync.Sdk.AccountCredential");

    private readonly VstsTokenProvider _tokens;

    public VstsAuthenticationHandler(VstsTokenProvider tokens)
    {
        _tokens = tokens;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = null;
        var credential = CredentialFor(request);
        switch (credential)
        {
            case null:
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            case PersonalAccessTokenCredential pat:
                request.Headers.Authorization = pat.BasicAuthorization;
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await _tokens.GetAccessTokenAsync(credential, rejectedToken: null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // Refresh once and resend once; the 401 holds a pooled connection until disposed.
        response.Dispose();
        token = await _tokens.GetAccessTokenAsync(credential, rejectedToken: token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static VstsCredential? CredentialFor(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return null;
        }

        if (request.Options.TryGetValue(VstsRequestOptions.Connection, out var connection))
        {
            return connection.IsOwnUrl(uri) ? connection.Credential : null;
        }

        return request.Options.TryGetValue(AccountCredential, out var account) && VstsApiPaths.IsAccountsHost(uri) ? account : null;
    }
}
