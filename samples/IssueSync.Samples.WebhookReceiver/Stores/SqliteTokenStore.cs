using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// OAuth token sets (<see cref="ITokenStore"/>), compare-and-set on the <c>Version</c> column: a rotated refresh token
/// is the only one that works, so two instances refreshing at once must not overwrite each other's. (The sample
/// signs in with a PAT; the store is here so an OAuth host sees where its tokens go.)
/// </summary>
internal sealed class SqliteTokenStore(SampleDatabase database) : ITokenStore
{
    public async Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        await using var db = database.Open();
        var row = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.IdentityId == identityId, cancellationToken);
        return row is null
            ? null
            : new VstsTokenSet
            {
                AccessToken = row.AccessToken,
                RefreshToken = row.RefreshToken,
                ExpiresAt = SampleDatabase.Time(row.ExpiresAt),
                IssuedAt = row.IssuedAt is { } issued ? SampleDatabase.Time(issued) : null,
                Protocol = (VstsOAuthProtocol)row.Protocol,
                Version = row.Version,
            };
    }

    /// <summary>
    /// Version 0 adds the identity's first set (<c>INSERT … ON CONFLICT DO NOTHING</c>); any other is one
    /// <c>UPDATE … WHERE Version = @expected</c>. Either way the loser of a race changes nothing.
    /// </summary>
    public async Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        ArgumentNullException.ThrowIfNull(tokens);
        var expiresAt = SampleDatabase.Ticks(tokens.ExpiresAt);
        long? issuedAt = tokens.IssuedAt is { } issued ? SampleDatabase.Ticks(issued) : null;
        var protocol = (int)tokens.Protocol;
        await using var db = database.Open();
        if (expectedVersion == 0)
        {
            return await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "Tokens" ("IdentityId", "AccessToken", "RefreshToken", "ExpiresAt", "IssuedAt", "Protocol", "Version")
                VALUES ({identityId}, {tokens.AccessToken}, {tokens.RefreshToken}, {expiresAt}, {issuedAt}, {protocol}, 1) ON CONFLICT DO NOTHING
                """,
                cancellationToken) == 1;
        }

        return await db.Tokens.Where(t => t.IdentityId == identityId && t.Version == expectedVersion)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.AccessToken, tokens.AccessToken)
                .SetProperty(t => t.RefreshToken, tokens.RefreshToken)
                .SetProperty(t => t.ExpiresAt, expiresAt)
                .SetProperty(t => t.IssuedAt, issuedAt)
                .SetProperty(t => t.Protocol, protocol)
                .SetProperty(t => t.Version, t => t.Version + 1), cancellationToken) == 1;
    }
}
