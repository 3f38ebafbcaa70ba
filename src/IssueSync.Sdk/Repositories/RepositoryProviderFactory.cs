using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Repositories;

/// <summary>The default <see cref="IRepositoryProviderFactory"/>.</summary>
/// <param name="connector">Creates the client per connection, or per installation through the credential resolver.</param>
/// <param name="options">The detail concurrency and cap, read when each provider is made.</param>
internal sealed class RepositoryProviderFactory(InstallationConnector connector, IOptionsMonitor<VstsRepositoryOptions> options) : IRepositoryProviderFactory
{
    public IRepositoryProvider Create(VstsConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new RepositoryProvider(connector.ClientFactory.CreateClient(connection), options.CurrentValue);
    }

    public async ValueTask<IRepositoryProvider> CreateAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var connected = await connector.ConnectAsync(installation, cancellationToken).ConfigureAwait(false);
        return new RepositoryProvider(connected.Client, options.CurrentValue);
    }
}
