using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The default <see cref="IReconciliationStateStore"/>: one watermark per installation in process memory, exact
/// under concurrency within <b>one process</b>. Kept for the life of the process (one small entry per installation).
/// A host running several instances registers a shared implementation.
/// </summary>
public sealed class InMemoryReconciliationStateStore : IReconciliationStateStore
{
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<(string OrganizationId, string IntegrationId), ReconciliationWatermark> _watermarks = new(KeyComparer.Instance);
    private long _lastVersion;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemoryReconciliationStateStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock <see cref="ReconciliationWatermark.SavedAt"/> is read from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public InMemoryReconciliationStateStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public Task<ReconciliationWatermark?> GetAsync(string organizationId, string integrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_watermarks.GetValueOrDefault((organizationId, integrationId)));
    }

    /// <inheritdoc/>
    public Task<ReconciliationWatermark?> TrySaveAsync(string organizationId, string integrationId, long expectedVersion, string continuationToken, DateTimeOffset? changedDate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentException.ThrowIfNullOrEmpty(continuationToken);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (organizationId, integrationId);
        var saved = new ReconciliationWatermark(continuationToken, changedDate, _timeProvider.GetUtcNow(), Interlocked.Increment(ref _lastVersion));
        if (expectedVersion == 0)
        {
            return Task.FromResult(_watermarks.TryAdd(key, saved) ? saved : null);
        }

        return Task.FromResult(
            _watermarks.TryGetValue(key, out var stored) && stored.Version == expectedVersion && _watermarks.TryUpdate(key, saved, stored)
                ? saved
                : null);
    }

    /// <summary>Organization ids compare case-insensitively, integration ids ordinally.</summary>
    private sealed class KeyComparer : IEqualityComparer<(string OrganizationId, string IntegrationId)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string OrganizationId, string IntegrationId) x, (string OrganizationId, string IntegrationId) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.OrganizationId, y.OrganizationId) && StringComparer.Ordinal.Equals(x.IntegrationId, y.IntegrationId);

        public int GetHashCode((string OrganizationId, string IntegrationId) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.OrganizationId), StringComparer.Ordinal.GetHashCode(key.IntegrationId));
    }
}
