using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>The default <see cref="IIssueIntegrationFactory"/>.</summary>
/// <param name="connector">Creates the client per connection, or per installation through the credential resolver (repairing a legacy URL).</param>
/// <param name="store">The host's installations; only needed to save create-form defaults.</param>
/// <param name="services">The caches and settings every integration shares.</param>
/// <param name="decision">The resolve decision and the work item states cache, shared with the inbound side.</param>
/// <param name="ownWrites">The write ledger: every outbound write is recorded so the inbound side skips its echo.</param>
/// <param name="projectStore">The host's status mapping per Azure DevOps project; only status sync needs it.</param>
internal sealed class IssueIntegrationFactory(
    InstallationConnector connector,
    IIntegrationStore? store,
    IssueSyncServices services,
    ResolveDecision decision,
    OwnWriteTracker ownWrites,
    IExternalProjectStore? projectStore) : IIssueIntegrationFactory
{
    public IIssueIntegration Create(VstsInstallation installation, VstsConnection connection)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(connection);
        return new IssueIntegration(installation, connector.ClientFactory.CreateClient(connection), store, services, decision, ownWrites, projectStore);
    }

    public async ValueTask<IIssueIntegration> CreateAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var connected = await connector.ConnectAsync(installation, cancellationToken).ConfigureAwait(false);
        return new IssueIntegration(connected.Installation, connected.Client, store, services, decision, ownWrites, projectStore);
    }
}
