using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// Tells which credential the SDK uses for an installation when it acts on its own (a webhook that
/// needs a states lookup, a subscription health check). Replace it through
/// <c>IVstsIssueSyncBuilder.UseCredentialResolver</c> when installations use different PATs or app
/// identities.
/// </summary>
/// <remarks>
/// The default: an installation with a <see cref="VstsInstallation.CredentialReference"/> is an OAuth
/// identity whose tokens live in <see cref="ITokenStore"/> (the protocol is read from its token set);
/// otherwise the configured <c>IssueSync:Vsts:PersonalAccessToken</c> is used.
/// </remarks>
public interface IVstsCredentialResolver
{
    /// <summary>Finds the credential of an installation.</summary>
    /// <param name="installation">The installation.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The credential; never a secret in its <see cref="object.ToString"/>.</returns>
    /// <exception cref="InvalidOperationException">No credential can be found; the message says what to configure.</exception>
    ValueTask<VstsCredential> ResolveAsync(VstsInstallation installation, CancellationToken cancellationToken = default);
}
