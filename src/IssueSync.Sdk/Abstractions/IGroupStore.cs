namespace IssueSync.Sdk.Abstractions;

/// <summary>The host's groups (issues), as the inbound sync sees them.</summary>
public interface IGroupStore
{
    /// <summary>Finds every host group linked to a work item of an installation.</summary>
    /// <param name="integrationId">The installation.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The linked groups; empty when none.</returns>
    Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the host groups linked to any of several work items in one call: reconciliation asks once per
    /// batch of revisions (up to the batch size, 1000 by default), never once per work item.
    /// </summary>
    /// <remarks>
    /// The default implementation calls <see cref="FindLinkedGroupsAsync(string, int, CancellationToken)"/>
    /// once per work item, one after the other: <b>slow</b> (a batch of revisions costs as many host calls as
    /// it names work items). A host whose store can answer a set of ids at once (<c>WHERE work_item_id IN (…)</c>)
    /// should implement this method.
    /// </remarks>
    /// <param name="integrationId">The installation.</param>
    /// <param name="workItemIds">The work item numbers; distinct.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The linked groups by work item; a work item without linked groups may be left out or map to an empty list.</returns>
    async Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItemIds);
        var found = new Dictionary<int, IReadOnlyList<LinkedGroup>>();
        foreach (var workItemId in workItemIds)
        {
            var groups = await FindLinkedGroupsAsync(integrationId, workItemId, cancellationToken).ConfigureAwait(false);
            if (groups.Count > 0)
            {
                found[workItemId] = groups;
            }
        }

        return found;
    }

    /// <summary>
    /// Resolves a group. The host must record <paramref name="source"/> with the change and must not
    /// sync it back out to the same integration.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="source">Where the change came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is stored; a failure makes the webhook answer 503 so Azure DevOps redelivers.</returns>
    Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default);

    /// <summary>Unresolves (re-opens) a group, with the same source rules as <see cref="ResolveAsync"/>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="source">Where the change came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default);
}
