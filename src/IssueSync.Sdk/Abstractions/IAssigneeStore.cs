namespace IssueSync.Sdk.Abstractions;

/// <summary>The host's users and group assignment, as the inbound sync sees them.</summary>
public interface IAssigneeStore
{
    /// <summary>Finds the host user with a verified email, among the users who can be assigned in a host project.</summary>
    /// <param name="hostProjectId">The host project the group belongs to.</param>
    /// <param name="email">The email from Azure DevOps; compare case-insensitively.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user, or <see langword="null"/> when no member of that project has the email.</returns>
    Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default);

    /// <summary>Assigns a group to a user, recording <paramref name="source"/> so the host does not sync it back out.</summary>
    /// <param name="group">The group.</param>
    /// <param name="user">The assignee.</param>
    /// <param name="source">Where the change came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default);

    /// <summary>Removes a group's assignee, recording <paramref name="source"/>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="source">Where the change came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default);
}
