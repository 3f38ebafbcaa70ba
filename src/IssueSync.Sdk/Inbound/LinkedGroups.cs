using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Inbound;

/// <summary>The one lookup of a work item's linked groups every event handler makes.</summary>
internal static class LinkedGroups
{
    /// <summary>Finds the groups linked to the delivery's work item.</summary>
    /// <exception cref="HostStoreException">The group store failed.</exception>
    public static async ValueTask<IReadOnlyList<LinkedGroup>> FindAsync(IGroupStore groups, VerifiedDelivery delivery, int workItemId, CancellationToken cancellationToken)
    {
        try
        {
            return await groups.FindLinkedGroupsAsync(delivery.Installation.IntegrationId, workItemId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(IGroupStore), ex);
        }
    }

    /// <summary>Tells every linked group of the delivery's work item something, through one host store.</summary>
    /// <param name="groups">The group store, to find the linked groups.</param>
    /// <param name="delivery">The verified delivery.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="store">The name of the port <paramref name="tell"/> calls, for the 503's log line.</param>
    /// <param name="tell">Tells one group, with the delivery's change source.</param>
    /// <param name="changed">Receives each group told.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="HostStoreException">A store failed; the groups told before are in <paramref name="changed"/>.</exception>
    public static async ValueTask TellEachAsync(IGroupStore groups, VerifiedDelivery delivery, int workItemId, string store, Func<LinkedGroup, ChangeSource, CancellationToken, Task> tell, List<string> changed, CancellationToken cancellationToken)
    {
        var linked = await FindAsync(groups, delivery, workItemId, cancellationToken).ConfigureAwait(false);
        var source = ChangeSource.FromIntegration(delivery.Installation.IntegrationId);
        try
        {
            foreach (var group in linked)
            {
                await tell(group, source, cancellationToken).ConfigureAwait(false);
                changed.Add(group.GroupId);
            }
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(store, ex);
        }
    }
}
