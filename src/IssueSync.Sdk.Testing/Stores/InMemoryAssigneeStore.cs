using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe <see cref="IAssigneeStore"/> for host tests and samples: host users per host
/// project, and every assign / deassign the SDK asks for recorded in <see cref="AssigneeChanges"/>.
/// Given an <see cref="InMemoryGroupStore"/>, it also keeps <see cref="LinkedGroup.AssigneeUserId"/> there in step.
/// </summary>
/// <param name="groups">The group store whose groups' assignees follow this store; optional.</param>
public sealed class InMemoryAssigneeStore(InMemoryGroupStore? groups = null) : IAssigneeStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<HostUser>> _usersByProject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _assignees = new(StringComparer.Ordinal);
    private readonly List<GroupAssigneeChange> _changes = [];

    /// <summary>Every assign and deassign received, in order.</summary>
    public IReadOnlyList<GroupAssigneeChange> AssigneeChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>Makes a host user assignable in a host project.</summary>
    /// <param name="hostProjectId">The host project.</param>
    /// <param name="user">The user.</param>
    public void AddUser(string hostProjectId, HostUser user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostProjectId);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            if (!_usersByProject.TryGetValue(hostProjectId, out var users))
            {
                _usersByProject[hostProjectId] = users = [];
            }

            users.RemoveAll(u => u.UserId == user.UserId);
            users.Add(user);
        }
    }

    /// <summary>The host user a group is assigned to now, through this store.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The user id, or <see langword="null"/> when unassigned.</returns>
    public string? GetAssignee(string groupId)
    {
        lock (_gate)
        {
            return _assignees.GetValueOrDefault(groupId);
        }
    }

    /// <inheritdoc />
    public Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostProjectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        cancellationToken.ThrowIfCancellationRequested();
        var wanted = email.Trim();
        lock (_gate)
        {
            var user = _usersByProject.TryGetValue(hostProjectId, out var users)
                ? users.Find(u => u.Emails.Any(e => string.Equals(e, wanted, StringComparison.OrdinalIgnoreCase)))
                : null;
            return Task.FromResult(user);
        }
    }

    /// <inheritdoc />
    public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SetAsync(group, user.UserId, source, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) =>
        SetAsync(group, null, source, cancellationToken);

    private Task SetAsync(LinkedGroup group, string? userId, ChangeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (userId is null)
            {
                _assignees.Remove(group.GroupId);
            }
            else
            {
                _assignees[group.GroupId] = userId;
            }

            _changes.Add(new GroupAssigneeChange(group.GroupId, userId, source));
        }

        groups?.SetAssignee(group.GroupId, userId);
        return Task.CompletedTask;
    }
}

/// <summary>An assign or deassign an <see cref="InMemoryAssigneeStore"/> received.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="UserId">The new assignee, or <see langword="null"/> for a deassign.</param>
/// <param name="Source">Where the SDK said the change came from.</param>
public sealed record GroupAssigneeChange(string GroupId, string? UserId, ChangeSource Source);
