using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Reconciliation;

/// <summary>The host's in-memory group store behind a counter of every call, with one resolve made to fail on demand.</summary>
internal sealed class CountingGroupStore : IGroupStore
{
    private int _singleLookups;
    private int _batchLookups;
    private int _resolves;

    public InMemoryGroupStore Inner { get; set; } = null!;

    public int SingleLookups => Volatile.Read(ref _singleLookups);

    public int BatchLookups => Volatile.Read(ref _batchLookups);

    /// <summary>When set, the resolve with this number (from 1) throws, changing nothing.</summary>
    public int? FailResolveNumber { get; set; }

    public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _singleLookups);
        return Inner.FindLinkedGroupsAsync(integrationId, workItemId, cancellationToken);
    }

    public Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _batchLookups);
        return Inner.FindLinkedGroupsAsync(integrationId, workItemIds, cancellationToken);
    }

    public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _resolves) == FailResolveNumber)
        {
            throw new InvalidOperationException("Injected failure of the host's group store.");
        }

        return Inner.ResolveAsync(group, source, cancellationToken);
    }

    public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) =>
        Inner.UnresolveAsync(group, source, cancellationToken);
}
