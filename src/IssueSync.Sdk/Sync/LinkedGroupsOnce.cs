using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The linked groups of one work item while its changes are applied, looked up when first needed and at most once
/// (or given, from reconciliation's batch lookup), and kept as those changes left them: a second action (a pending one
/// finished, then its own; the next revision of a batch) must see the first one's result.
/// </summary>
internal sealed class LinkedGroupsOnce
{
    private readonly IGroupStore _groups;
    private readonly string _integrationId;
    private readonly int _workItemId;
    private LinkedGroup[]? _found;

    /// <summary>Looks the groups up through <paramref name="groups"/> when first needed.</summary>
    public LinkedGroupsOnce(IGroupStore groups, string integrationId, int workItemId)
    {
        _groups = groups;
        _integrationId = integrationId;
        _workItemId = workItemId;
    }

    /// <summary>Starts from groups already looked up (no further lookup).</summary>
    public LinkedGroupsOnce(IGroupStore groups, string integrationId, int workItemId, IReadOnlyList<LinkedGroup> found)
        : this(groups, integrationId, workItemId)
    {
        _found = [.. found];
    }

    /// <exception cref="HostStoreException">The group store failed.</exception>
    public async ValueTask<IReadOnlyList<LinkedGroup>> GetAsync(CancellationToken cancellationToken)
    {
        if (_found is null)
        {
            try
            {
                _found = [.. await _groups.FindLinkedGroupsAsync(_integrationId, _workItemId, cancellationToken).ConfigureAwait(false)];
            }
            catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
            {
                throw new HostStoreException(nameof(IGroupStore), ex);
            }
        }

        return _found;
    }

    /// <summary>Records what a store call changed in a group.</summary>
    public void Changed(int index, LinkedGroup group) => _found![index] = group;
}
