using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>Users by verified email, and group assignment (<see cref="IAssigneeStore"/>); the assignee is a column of the group.</summary>
internal sealed partial class SqliteAssigneeStore(SampleDatabase database, ILogger<SqliteAssigneeStore> logger) : IAssigneeStore
{
    // The sample's users may be assigned in every host project, so hostProjectId narrows nothing here.
    public async Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var key = email.Trim().ToLowerInvariant();
        await using var db = database.Open();
        var user = await (from e in db.UserEmails
                          join u in db.Users on e.UserId equals u.UserId
                          where e.EmailKey == key
                          select u).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var emails = await db.UserEmails.Where(e => e.UserId == user.UserId).OrderBy(e => e.EmailKey).Select(e => e.Email).ToListAsync(cancellationToken);
        return new HostUser(user.UserId, emails, user.DisplayName);
    }

    public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SetAssigneeAsync(group, user.UserId, source, cancellationToken);
    }

    public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => SetAssigneeAsync(group, null, source, cancellationToken);

    private async Task SetAssigneeAsync(LinkedGroup group, string? userId, ChangeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await using var db = database.Open();
        var changed = await db.Groups.Where(g => g.GroupId == group.GroupId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.AssigneeUserId, userId).SetProperty(g => g.ChangedBy, source.IntegrationId), cancellationToken);
        if (changed == 0)
        {
            throw new InvalidOperationException($"Unknown group {group.GroupId}.");
        }

        LogAssigned(logger, group.GroupId, userId, source.IntegrationId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} assigned to {UserId} by integration {IntegrationId}")]
    private static partial void LogAssigned(ILogger logger, string groupId, string? userId, string integrationId);
}
