using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// Leases (<see cref="ISyncLeaseStore"/>), so one holder at a time handles a work item or runs an organization's jobs,
/// across every process sharing the file. One row per resource holds the current fencing token and the expiry; the row
/// outlives a release (the expiry is cleared, the token kept), so every acquisition gets a greater token.
/// </summary>
internal sealed class SqliteSyncLeaseStore(SampleDatabase database, TimeProvider timeProvider) : ISyncLeaseStore
{
    public async Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var now = timeProvider.GetUtcNow();
        var nowTicks = SampleDatabase.Ticks(now);
        var expiresAt = SampleDatabase.Later(nowTicks, leaseTime);

        await using var db = database.Open();
        // The transaction only lets the token be read back: the take-over itself is the one upsert below.
        await using var transaction = await SampleDatabase.BeginWriteAsync(db, cancellationToken);
        var taken = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "Leases" ("Resource", "FencingToken", "ExpiresAt") VALUES ({resource}, 1, {expiresAt})
            ON CONFLICT ("Resource") DO UPDATE SET "FencingToken" = "Leases"."FencingToken" + 1, "ExpiresAt" = excluded."ExpiresAt"
            WHERE "Leases"."ExpiresAt" <= {nowTicks}
            """,
            cancellationToken) == 1;
        if (!taken)
        {
            return null;
        }

        var token = await db.Leases.Where(l => l.Resource == resource).Select(l => l.FencingToken).SingleAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SyncLease(resource, token, now + leaseTime);
    }

    /// <summary>Only while still held under the lease's token: <c>UPDATE … WHERE FencingToken = @token AND ExpiresAt &gt; @now</c>.</summary>
    public async Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        var expiresAt = SampleDatabase.Later(now, leaseTime);
        await using var db = database.Open();
        return await db.Leases.Where(l => l.Resource == lease.Resource && l.FencingToken == lease.FencingToken && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken) == 1;
    }

    /// <remarks>The cancellation token is not observed: a release must happen even after the work was cancelled.</remarks>
    public async Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        await using var db = database.Open();
        // The expiry is cleared, the row (and so the token) stays: the next holder's token is greater.
        return await db.Leases.Where(l => l.Resource == lease.Resource && l.FencingToken == lease.FencingToken && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, 0L), CancellationToken.None) == 1;
    }
}
