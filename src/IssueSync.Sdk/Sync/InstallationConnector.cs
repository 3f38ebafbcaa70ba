using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Turns an installation into a client of its organization, with the credential the host's
/// <see cref="IVstsCredentialResolver"/> names: the one place the outbound, inbound and subscription
/// sides build connections. An installation whose stored URL is not <c>https://…/</c> (a legacy
/// <c>{account}.visualstudio.com</c> value) has it resolved from its organization id through the
/// Resource Areas API and saved back once, on whichever path meets it first. A singleton.
/// </summary>
/// <param name="resolver">Finds the installation's credential.</param>
/// <param name="clientFactory">Creates the client.</param>
/// <param name="accounts">Resolves an organization's URL from its id.</param>
/// <param name="store">The host's installations, to save a repaired URL back; only needed for a legacy URL.</param>
internal sealed class InstallationConnector(
    IVstsCredentialResolver resolver,
    IVstsClientFactory clientFactory,
    IVstsAccountClient accounts,
    IIntegrationStore? store)
{
    public IVstsClientFactory ClientFactory => clientFactory;

    /// <summary>Connects to the installation's organization, repairing a legacy stored URL first.</summary>
    /// <param name="installation">The installation as read from the store.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The installation to use from now on (the repaired one when its URL was fixed) and its client.</returns>
    /// <exception cref="InstallationUrlException">The stored URL is unusable and could not be repaired.</exception>
    /// <exception cref="VstsApiException">Resolving the URL failed at Azure DevOps.</exception>
    public async ValueTask<ConnectedInstallation> ConnectAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        installation = await EnsureOrganizationUrlAsync(installation, cancellationToken).ConfigureAwait(false);
        var credential = await resolver.ResolveAsync(installation, cancellationToken).ConfigureAwait(false);
        var connection = new VstsConnection(new Uri(installation.OrganizationUrl, UriKind.Absolute), credential, installation.OrganizationId, installation.IntegrationId);
        return new ConnectedInstallation(installation, clientFactory.CreateClient(connection));
    }

    /// <summary>
    /// The domain-name check: a stored URL that is not <c>https://…/</c> is resolved from the
    /// organization id and saved back through <see cref="IIntegrationStore.TrySaveAsync"/>
    /// (compare-and-set on the version read; a concurrent writer's record wins when it is valid).
    /// </summary>
    /// <param name="installation">The installation as read from the store.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The installation unchanged when its URL is fine; otherwise the saved (or concurrently saved) one.</returns>
    /// <exception cref="InstallationUrlException">No integration store is registered, or the record kept an unusable URL.</exception>
    /// <exception cref="VstsApiException">Resolving the URL failed at Azure DevOps.</exception>
    public ValueTask<VstsInstallation> EnsureOrganizationUrlAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        if (IsStoredUrlValid(installation.OrganizationUrl))
        {
            return ValueTask.FromResult(installation);
        }

        // Only a repair is an operation worth a span; a stored URL that is fine is not.
        return new ValueTask<VstsInstallation>(VstsOperationScope.RunAsync(
            "Sync.RepairOrganizationUrl", organizationUrl: null, workItemId: null, logger: null, () => RepairAsync(installation, cancellationToken)));
    }

    /// <summary>
    /// An absolute organization URL the client accepts as it is (<c>https://…/</c>, or <c>http://</c> on a
    /// loopback address for emulators), with its trailing slash: the shape every stored URL must have.
    /// </summary>
    public static bool IsStoredUrlValid(string? url) =>
        url is not null
        && url.EndsWith('/')
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && VstsConnection.DescribeProblem(uri) is null;

    private async Task<VstsInstallation> RepairAsync(VstsInstallation installation, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new InstallationUrlException(
                $"Installation {installation.IntegrationId} stores '{installation.OrganizationUrl}', which must be resolved and saved back, but no IIntegrationStore is registered: call AddIntegrationStore<T>() on the builder AddVstsIssueSync returns.");
        }

        var url = await accounts.GetOrganizationUrlByIdAsync(installation.OrganizationId, cancellationToken).ConfigureAwait(false);
        var repaired = installation with { OrganizationUrl = url.AbsoluteUri };
        var saved = await store.TrySaveAsync(repaired, installation.Version, cancellationToken).ConfigureAwait(false);

        // Saved: re-read for the new version. Lost the race: the other writer's record is the one to use.
        var current = await store.FindByIntegrationIdAsync(installation.IntegrationId, cancellationToken).ConfigureAwait(false);
        if (current is not null && IsStoredUrlValid(current.OrganizationUrl))
        {
            return current;
        }

        return saved
            ? repaired
            : throw new InstallationUrlException(
                $"Installation {installation.IntegrationId} changed while its organization URL was being repaired, and the stored record still has no valid URL.");
    }
}

/// <summary>An installation with the client of its organization.</summary>
/// <param name="Installation">The installation as it is stored now (repaired when its URL was fixed).</param>
/// <param name="Client">The organization's client, with the installation's credential.</param>
internal readonly record struct ConnectedInstallation(VstsInstallation Installation, IVstsClient Client);

/// <summary>An installation's stored organization URL is unusable and could not be repaired.</summary>
/// <param name="message">What is wrong and what to do.</param>
internal sealed class InstallationUrlException(string message) : InvalidOperationException(message);
