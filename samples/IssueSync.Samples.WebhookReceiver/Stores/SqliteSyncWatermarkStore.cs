using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// Per work item and field, the newest revision applied to the host (<see cref="ISyncWatermarkStore"/>), so a late or
/// repeated delivery cannot move a group back, also after a restart. A save is a compare-and-set on the field's
/// version inside one write transaction; versions come from a counter in the file, so none is given twice (a version
/// read before an item was forgotten never matches a later record). An item's fields are kept together for
/// <see cref="Retention"/> after its last save.
/// </summary>
internal sealed class SqliteSyncWatermarkStore(SampleDatabase database, TimeProvider timeProvider, TimeSpan retention) : ISyncWatermarkStore
{
    /// <summary>Seven days, as the SDK's in-memory default: past Azure DevOps' redelivery window and the reconciliation lookback.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    public SqliteSyncWatermarkStore(SampleDatabase database, TimeProvider timeProvider)
        : this(database, timeProvider, DefaultRetention)
    {
    }

    public TimeSpan Retention { get; } = retention > TimeSpan.Zero ? retention : throw new ArgumentOutOfRangeException(nameof(retention));

    public async Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        await using var db = database.Open();
        var rows = await db.Watermarks.AsNoTracking()
            .Where(w => w.OrganizationKey == org && w.WorkItemId == workItemId && w.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(w => new SyncWatermark
        {
            Field = w.Field,
            Revision = w.Revision,
            Value = w.Value,
            EarliestRevision = w.EarliestRevision,
            PriorValue = w.PriorValue,
            PendingAction = w.PendingAction,
            Version = w.Version,
        });
    }

    public async Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
        ArgumentNullException.ThrowIfNull(watermark);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermark.Field, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(watermark.Revision, nameof(watermark));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        var expiresAt = SampleDatabase.Later(now, Retention);

        await using var db = database.Open();
        await using var transaction = await SampleDatabase.BeginWriteAsync(db, cancellationToken);
        var item = db.Watermarks.Where(w => w.OrganizationKey == org && w.WorkItemId == workItemId);
        // A forgotten item (every field shares the expiry) counts as absent: its rows go before the compare.
        await item.Where(w => w.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var stored = await item.SingleOrDefaultAsync(w => w.Field == watermark.Field, cancellationToken);
        if ((stored?.Version ?? 0) != expectedVersion)
        {
            return 0; // another save came first; the transaction rolls back on dispose
        }

        var version = await SampleDatabase.NextAsync(db, "watermark-version", cancellationToken);
        if (stored is null)
        {
            stored = new WatermarkRow { OrganizationKey = org, WorkItemId = workItemId, Field = watermark.Field };
            db.Watermarks.Add(stored);
        }

        stored.Revision = watermark.Revision;
        stored.Value = watermark.Value;
        stored.EarliestRevision = watermark.EarliestRevision;
        stored.PriorValue = watermark.PriorValue;
        stored.PendingAction = watermark.PendingAction;
        stored.Version = version;
        stored.ExpiresAt = expiresAt;
        await db.SaveChangesAsync(cancellationToken);
        // A save keeps the whole item: the other fields' expiry moves with it.
        await item.ExecuteUpdateAsync(s => s.SetProperty(w => w.ExpiresAt, expiresAt), cancellationToken);
        await db.Watermarks.Where(r => r.ExpiresAt <= now).Take(SampleDatabase.ForgetPerWrite).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }
}
