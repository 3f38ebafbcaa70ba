using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Auth;

/// <summary>The default <see cref="IVstsCredentialResolver"/>: OAuth identity by reference, else the configured PAT.</summary>
/// <param name="options">The default credential (the PAT and its organization), read per call.</param>
/// <param name="tokenStore">The host's token store, when OAuth identities are used.</param>
internal sealed class VstsCredentialResolver(IOptionsMonitor<VstsAuthOptions> options, ITokenStore? tokenStore = null) : IVstsCredentialResolver
{
    private const string Prefix = VstsAuthOptions.SectionName + ":";

    public async ValueTask<VstsCredential> ResolveAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        if (installation.CredentialReference is { Length: > 0 } identityId)
        {
            if (tokenStore is null)
            {
                throw new InvalidOperationException(
                    $"Installation {installation.IntegrationId} uses the OAuth identity '{identityId}', but no ITokenStore is registered. "
                    + "Register one with AddVstsIssueSync(...).AddTokenStore<T>(), or plug in your own IVstsCredentialResolver.");
            }

            var tokens = await tokenStore.GetAsync(identityId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"Installation {installation.IntegrationId} uses the OAuth identity '{identityId}', but the token store has no tokens for it: the installation must be authorized again.");
            return VstsCredential.OAuthIdentity(identityId, tokens.Protocol);
        }

        var configured = options.CurrentValue;
        if (configured.PersonalAccessToken is { Length: > 0 } pat)
        {
            // The PAT belongs to the configured organization: never send it to another one.
            if (!SameOrganization(configured.OrganizationUrl, installation.OrganizationUrl))
            {
                throw new InvalidOperationException(
                    $"Installation {installation.IntegrationId} is for {installation.OrganizationUrl}, but {Prefix}{nameof(VstsAuthOptions.PersonalAccessToken)} "
                    + $"belongs to {Prefix}{nameof(VstsAuthOptions.OrganizationUrl)} {configured.OrganizationUrl}. "
                    + "Give the installation a CredentialReference, or plug in your own IVstsCredentialResolver with UseCredentialResolver.");
            }

            return VstsCredential.PersonalAccessToken(pat);
        }

        throw new InvalidOperationException(
            $"Installation {installation.IntegrationId} has no CredentialReference and {Prefix}{nameof(VstsAuthOptions.PersonalAccessToken)} is not set. "
            + "Set one of them, or plug in your own IVstsCredentialResolver with UseCredentialResolver.");
    }

    private static bool SameOrganization(string? configured, string installation) =>
        Normalize(configured) is { } a && Normalize(installation) is { } b && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Normalize(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
            : null;
}
