using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Turns an installation into a client of its organization, with the credential the host's
/// <see cref="IVstsCredentialResolver"/> names. The one place the inbound and subscription sides
/// build connections.
/// </summary>
/// <param name="resolver">Finds the installation's credential.</param>
/// <param name="clientFactory">Creates the client.</param>
internal sealed class VstsInstallationConnector(IVstsCredentialResolver resolver, IVstsClientFactory clientFactory)
{
    public IVstsClientFactory ClientFactory => clientFactory;

    public async ValueTask<VstsConnection> ConnectAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var credential = await resolver.ResolveAsync(installation, cancellationToken).ConfigureAwait(false);
        return new VstsConnection(new Uri(installation.OrganizationUrl, UriKind.Absolute), credential, installation.OrganizationId, installation.IntegrationId);
    }

    public async ValueTask<IVstsClient> CreateClientAsync(VstsInstallation installation, CancellationToken cancellationToken = default) =>
        clientFactory.CreateClient(await ConnectAsync(installation, cancellationToken).ConfigureAwait(false));
}
