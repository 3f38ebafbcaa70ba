using System.Runtime.CompilerServices;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe, single-process <see cref="IIntegrationStore"/> for host tests and samples. Saves
/// are exact compare-and-sets on <see cref="VstsInstallation.Version"/>: each successful save stores
/// the installation with the version one above the one it replaced. It also lists its installations
/// (<see cref="IInstallationEnumerator"/>), so the subscription monitor runs on it without a separate
/// registration.
/// </summary>
public sealed class InMemoryIntegrationStore : IIntegrationStore, IInstallationEnumerator
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VstsInstallation> _byIntegrationId = new(StringComparer.Ordinal);

    /// <summary>Every stored installation, as stored now.</summary>
    public IReadOnlyList<VstsInstallation> Installations
    {
        get
        {
            lock (_gate)
            {
                return [.. _byIntegrationId.Values];
            }
        }
    }

    /// <summary>Adds (or overwrites) an installation, stored with version 1.</summary>
    /// <param name="installation">The installation.</param>
    /// <returns>The installation as stored, with its version.</returns>
    public VstsInstallation Add(VstsInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentException.ThrowIfNullOrWhiteSpace(installation.IntegrationId, nameof(installation));
        var stored = installation with { Version = 1 };
        lock (_gate)
        {
            _byIntegrationId[installation.IntegrationId] = stored;
        }

        return stored;
    }

    /// <inheritdoc />
    public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Organization ids are GUIDs whose case varies between Azure DevOps payloads.
            var found = _byIntegrationId.Values.FirstOrDefault(i => string.Equals(i.OrganizationId, organizationId, StringComparison.OrdinalIgnoreCase));
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_byIntegrationId.GetValueOrDefault(integrationId));
        }
    }

    /// <summary>
    /// Lists every stored installation as stored when the listing starts, with its version: a save made
    /// while the listing runs is seen by the next listing. The store keeps no uninstalled or suspended
    /// state, so every stored installation is listed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing, checked before each installation.</param>
    /// <returns>The installations, one at a time.</returns>
    public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var installation in Installations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return installation;
        }
    }

    /// <summary>
    /// Saves when the stored version equals <paramref name="expectedVersion"/>; an installation not
    /// stored yet is added when <paramref name="expectedVersion"/> is 0.
    /// </summary>
    /// <param name="installation">The new state.</param>
    /// <param name="expectedVersion">The version that was read (0 for a new installation).</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Whether it was saved.</returns>
    public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentException.ThrowIfNullOrWhiteSpace(installation.IntegrationId, nameof(installation));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var currentVersion = _byIntegrationId.TryGetValue(installation.IntegrationId, out var current) ? current.Version : 0;
            if (currentVersion != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _byIntegrationId[installation.IntegrationId] = installation with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }
}
