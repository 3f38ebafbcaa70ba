using Azure.Core;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// How the SDK authenticates to one organization: a personal access token, an OAuth identity whose
/// tokens live in the host's <see cref="ITokenStore"/>, or an app identity (service principal,
/// managed identity) through an Azure.Core <see cref="TokenCredential"/>.
/// <see cref="object.ToString"/> never shows a secret.
/// </summary>
public abstract class VstsCredential
{
    private protected VstsCredential()
    {
    }

    /// <summary>A personal access token, sent as Basic authentication with an empty user name.</summary>
    /// <param name="token">The PAT. Prefer an organization-scoped one.</param>
    /// <returns>The credential.</returns>
    public static PersonalAccessTokenCredential PersonalAccessToken(string token) => new(token);

    /// <summary>An OAuth identity whose access and refresh tokens the host keeps in <see cref="ITokenStore"/>.</summary>
    /// <param name="identityId">The identity id the token store knows.</param>
    /// <param name="protocol">How its refresh token is redeemed.</param>
    /// <returns>The credential.</returns>
    public static OAuthIdentityCredential OAuthIdentity(string identityId, VstsOAuthProtocol protocol = VstsOAuthProtocol.EntraId) =>
        new(identityId, protocol);

    /// <summary>An app identity (service principal, managed identity) that gets its tokens from <paramref name="credential"/>.</summary>
    /// <param name="credential">E.g. <c>ClientSecretCredential</c> or <c>ManagedIdentityCredential</c> from Azure.Identity.</param>
    /// <returns>The credential.</returns>
    public static AppIdentityCredential AppIdentity(TokenCredential credential) => new(credential);
}
