using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Repositories;

/// <summary>Makes an <see cref="IRepositoryProvider"/> per installation. Registered by <c>AddVstsIssueSync</c>.</summary>
public interface IRepositoryProviderFactory
{
    /// <summary>Binds a repository provider to a connection. Cheap; no call is made.</summary>
    /// <param name="connection">The organization and credential to talk to.</param>
    /// <returns>The provider.</returns>
    IRepositoryProvider Create(VstsConnection connection);

    /// <summary>
    /// Binds a repository provider to one installation, with the credential the registered
    /// <see cref="Auth.IVstsCredentialResolver"/> names for it (a legacy stored URL is repaired first, as for issues).
    /// </summary>
    /// <param name="installation">The installation.</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="InvalidOperationException">No credential can be found for the installation.</exception>
    ValueTask<IRepositoryProvider> CreateAsync(VstsInstallation installation, CancellationToken cancellationToken = default);
}
