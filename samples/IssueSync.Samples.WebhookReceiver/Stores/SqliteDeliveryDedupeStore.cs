using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// Which deliveries were taken on (<see cref="IDeliveryDedupeStore"/>), so a redelivery is applied at most once, also
/// after a restart. A claim is one statement: insert the id, or take over a row whose retention has passed.
/// </summary>
internal sealed class SqliteDeliveryDedupeStore(SampleDatabase database, TimeProvider timeProvider) : IDeliveryDedupeStore
{
    public async Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        var expiresAt = SampleDatabase.Later(now, retention);
        await using var db = database.Open();
        // One row changed: the id was free (absent or expired) and is ours now; none: an earlier claim holds.
        var claimed = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "DeliveryClaims" ("DeliveryId", "ExpiresAt") VALUES ({deliveryId}, {expiresAt})
            ON CONFLICT ("DeliveryId") DO UPDATE SET "ExpiresAt" = excluded."ExpiresAt" WHERE "DeliveryClaims"."ExpiresAt" <= {now}
            """,
            cancellationToken) == 1;
        await db.DeliveryClaims.Where(r => r.ExpiresAt <= now).Take(SampleDatabase.ForgetPerWrite).ExecuteDeleteAsync(cancellationToken);
        return claimed;
    }

    /// <remarks>The cancellation token is not observed: a release follows a failed or cancelled delivery and must still happen.</remarks>
    public async Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        await using var db = database.Open();
        await db.DeliveryClaims.Where(c => c.DeliveryId == deliveryId).ExecuteDeleteAsync(CancellationToken.None);
    }
}
