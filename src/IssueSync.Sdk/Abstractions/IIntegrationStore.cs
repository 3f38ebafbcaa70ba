namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// The host's store of installations. Implementations must be safe to call concurrently and, when
/// the host runs several instances, shared between them (a database, Redis).
/// </summary>
public interface IIntegrationStore
{
    /// <summary>Finds the installation for an Azure DevOps organization (collection) id.</summary>
    /// <param name="organizationId">The collection id from <c>resourceContainers.collection.id</c>; compare case-insensitively.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The installation, or <see langword="null"/> when none is linked to that organization.</returns>
    Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default);

    /// <summary>Finds an installation by the host's integration id.</summary>
    /// <param name="integrationId">The host's id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The installation, or <see langword="null"/>.</returns>
    Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a changed installation (domain-name fix, subscriptions, secrets, defaults) if and only
    /// if the stored version still equals <paramref name="expectedVersion"/>, atomically, and gives
    /// it a new version.
    /// </summary>
    /// <param name="installation">The new state.</param>
    /// <param name="expectedVersion">The <see cref="VstsInstallation.Version"/> that was read.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when another writer saved first (re-read and retry).</returns>
    Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default);
}
