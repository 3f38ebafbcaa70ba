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
