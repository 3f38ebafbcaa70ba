using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Issues;

/// <summary>Makes an <see cref="IIssueIntegration"/> per installation. Registered by <c>AddVstsIssueSync</c>.</summary>
public interface IIssueIntegrationFactory
{
    /// <summary>Binds an issue integration to one installation. Cheap; no call is made.</summary>
    /// <param name="installation">The installation (its persisted create-form defaults are read from it).</param>
    /// <param name="connection">The organization and credential to talk to.</param>
    /// <returns>The issue integration.</returns>
    IIssueIntegration Create(VstsInstallation installation, VstsConnection connection);

    /// <summary>
    /// Binds an issue integration to one installation, with the credential the registered
    /// <see cref="Auth.IVstsCredentialResolver"/> names for it. No Azure DevOps call is made.
    /// </summary>
    /// <param name="installation">The installation; its organization URL, ids and credential reference are used.</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>The issue integration.</returns>
    /// <exception cref="InvalidOperationException">No credential can be found for the installation.</exception>
    ValueTask<IIssueIntegration> CreateAsync(VstsInstallation installation, CancellationToken cancellationToken = default);
}
