using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Issues;

/// <summary>The default <see cref="IIssueIntegrationFactory"/>.</summary>
/// <param name="clientFactory">Creates the client per connection.</param>
/// <param name="store">The host's installations; only needed to save create-form defaults.</param>
internal sealed class IssueIntegrationFactory(IVstsClientFactory clientFactory, IIntegrationStore? store) : IIssueIntegrationFactory
{
    public IIssueIntegration Create(VstsInstallation installation, VstsConnection connection)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(connection);
        return new IssueIntegration(installation, clientFactory.CreateClient(connection), store);
    }
}
