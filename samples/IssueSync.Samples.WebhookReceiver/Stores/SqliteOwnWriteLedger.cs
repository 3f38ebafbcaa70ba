using System.Text.Json;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// The SDK's own writes to Azure DevOps (<see cref="IOwnWriteLedger"/>), so their webhooks are known as echoes and not
/// applied back to the host, also when the webhook reaches another process or comes after a restart. As the SDK's
/// in-memory ledger: per work item the newest <see cref="EntriesPerWorkItem"/> entries and
/// <see cref="CommentsPerWorkItem"/> comment ids, kept for <see cref="Retention"/> after the item's last record; an
/// attempt for as long after its last record. Each change of an item is one write transaction (add, then trim to the
/// cap); a record also deletes the rows of a few forgotten items.
/// </summary>
internal sealed class SqliteOwnWriteLedger(SampleDatabase database, TimeProvider timeProvider, TimeSpan retention) : IOwnWriteLedger
{
    public const int EntriesPerWorkItem = 32;

    public const int CommentsPerWorkItem = 64;

    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    public SqliteOwnWriteLedger(SampleDatabase database, TimeProvider timeProvider)
        : this(database, timeProvider, DefaultRetention)
    {
    }

    public TimeSpan Retention { get; } = retention > TimeSpan.Zero ? retention : throw new ArgumentOutOfRangeException(nameof(retention));

    public async Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.WriteId, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Fields, nameof(write));
        var org = SampleDatabase.OrganizationKey(write.OrganizationId);
        cancellationToken.ThrowIfCancellationRequested();

        await using var db = database.Open();
        await using var transaction = await SampleDatabase.BeginWriteAsync(db, cancellationToken);
        await TouchItemAsync(db, org, write.WorkItemId, cancellationToken);
        var row = await db.OwnWrites.SingleOrDefaultAsync(w => w.OrganizationKey == org && w.WorkItemId == write.WorkItemId && w.WriteId == write.WriteId, cancellationToken);
        if (row is null)
        {
            // A new entry goes last; one replacing a kept entry (a confirmation) keeps its place.
            var last = await db.OwnWrites.Where(w => w.OrganizationKey == org && w.WorkItemId == write.WorkItemId).MaxAsync(w => (long?)w.Sequence, cancellationToken) ?? 0;
            row = new OwnWriteRow { OrganizationKey = org, WorkItemId = write.WorkItemId, WriteId = write.WriteId, OrganizationId = write.OrganizationId, FieldsJson = "{}", Sequence = last + 1 };
            db.OwnWrites.Add(row);
        }

        row.OrganizationId = write.OrganizationId;
        row.FieldsJson = JsonSerializer.Serialize(write.Fields);
        row.ExpectedRevision = write.ExpectedRevision;
        row.Revision = write.Revision;
        row.RecordedAt = SampleDatabase.Ticks(write.RecordedAt);
        await db.SaveChangesAsync(cancellationToken);
        // The oldest entries beyond the cap go.
        await db.OwnWrites.Where(w => w.OrganizationKey == org && w.WorkItemId == write.WorkItemId)
            .OrderByDescending(w => w.Sequence).Skip(EntriesPerWorkItem)
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(writeId);
        await using var db = database.Open();
        await db.OwnWrites.Where(w => w.OrganizationKey == org && w.WorkItemId == workItemId && w.WriteId == writeId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        await using var db = database.Open();
        // Confirmed entries of that revision, and pending ones expecting it (or no revision in particular), in record order.
        var rows = await db.OwnWrites.AsNoTracking()
            .Where(w => w.OrganizationKey == org && w.WorkItemId == workItemId
                && db.LedgerItems.Any(i => i.OrganizationKey == org && i.WorkItemId == workItemId && i.ExpiresAt > now)
                && (w.Revision != null ? w.Revision == revision : w.ExpectedRevision == null || w.ExpectedRevision == revision))
            .OrderBy(w => w.Sequence)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(w => new OwnWrite
        {
            WriteId = w.WriteId,
            OrganizationId = w.OrganizationId,
            WorkItemId = w.WorkItemId,
            Fields = JsonSerializer.Deserialize<Dictionary<string, string?>>(w.FieldsJson)!,
            ExpectedRevision = w.ExpectedRevision,
            Revision = w.Revision,
            RecordedAt = SampleDatabase.Time(w.RecordedAt),
        });
    }

    public async Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        cancellationToken.ThrowIfCancellationRequested();
        await using var db = database.Open();
        await using var transaction = await SampleDatabase.BeginWriteAsync(db, cancellationToken);
        await TouchItemAsync(db, org, workItemId, cancellationToken);
        var next = (await db.OwnComments.Where(c => c.OrganizationKey == org && c.WorkItemId == workItemId).MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0) + 1;
        // Recording a kept id again neither makes it newer nor evicts another.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "OwnComments" ("OrganizationKey", "WorkItemId", "CommentId", "Sequence") VALUES ({org}, {workItemId}, {commentId}, {next}) ON CONFLICT DO NOTHING""",
            cancellationToken);
        await db.OwnComments.Where(c => c.OrganizationKey == org && c.WorkItemId == workItemId)
            .OrderByDescending(c => c.Sequence).Skip(CommentsPerWorkItem)
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        await using var db = database.Open();
        return await db.OwnComments.AnyAsync(
            c => c.OrganizationKey == org && c.WorkItemId == workItemId && c.CommentId == commentId
                && db.LedgerItems.Any(i => i.OrganizationKey == org && i.WorkItemId == workItemId && i.ExpiresAt > now),
            cancellationToken);
    }

    /// <summary>Adds or replaces the attempt with the same organization and key, kept for the retention from now (one upsert).</summary>
    public async Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.OrganizationId, nameof(attempt));
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.Key, nameof(attempt));
        var org = SampleDatabase.OrganizationKey(attempt.OrganizationId);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        var expiresAt = SampleDatabase.Later(now, Retention);
        var first = SampleDatabase.Ticks(attempt.FirstAttemptAt);
        var last = SampleDatabase.Ticks(attempt.LastAttemptAt);
        await using var db = database.Open();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "OwnWriteAttempts" ("OrganizationKey", "Key", "OrganizationId", "FirstAttemptAt", "LastAttemptAt", "ResultId", "ExpiresAt")
            VALUES ({org}, {attempt.Key}, {attempt.OrganizationId}, {first}, {last}, {attempt.ResultId}, {expiresAt})
            ON CONFLICT ("OrganizationKey", "Key") DO UPDATE SET "OrganizationId" = excluded."OrganizationId", "FirstAttemptAt" = excluded."FirstAttemptAt",
              "LastAttemptAt" = excluded."LastAttemptAt", "ResultId" = excluded."ResultId", "ExpiresAt" = excluded."ExpiresAt"
            """,
            cancellationToken);
        await db.OwnWriteAttempts.Where(r => r.ExpiresAt <= now).Take(SampleDatabase.ForgetPerWrite).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        await using var db = database.Open();
        var row = await db.OwnWriteAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.OrganizationKey == org && a.Key == key && a.ExpiresAt > now, cancellationToken);
        return row is null
            ? null
            : new OwnWriteAttempt
            {
                OrganizationId = row.OrganizationId,
                Key = row.Key,
                FirstAttemptAt = SampleDatabase.Time(row.FirstAttemptAt),
                LastAttemptAt = SampleDatabase.Time(row.LastAttemptAt),
                ResultId = row.ResultId,
            };
    }

    public async Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var db = database.Open();
        await db.OwnWriteAttempts.Where(a => a.OrganizationKey == org && a.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Inside a write transaction: renews the item's expiry, first deleting the entries and comments of an item that
    /// was forgotten (they count as absent, so they must not come back with the renewal). A few other forgotten items
    /// go on the way, so their rows do not pile up.
    /// </summary>
    private async Task TouchItemAsync(SampleDbContext db, string org, int workItemId, CancellationToken cancellationToken)
    {
        var now = SampleDatabase.Ticks(timeProvider.GetUtcNow());
        var expiresAt = SampleDatabase.Later(now, Retention);
        var forgotten = await db.LedgerItems.AsNoTracking()
            .Where(i => i.ExpiresAt <= now)
            .OrderBy(i => i.OrganizationKey == org && i.WorkItemId == workItemId ? 0 : 1) // this item first, when it is one
            .Take(SampleDatabase.ForgetPerWrite)
            .ToListAsync(cancellationToken);
        foreach (var item in forgotten)
        {
            await db.OwnWrites.Where(w => w.OrganizationKey == item.OrganizationKey && w.WorkItemId == item.WorkItemId).ExecuteDeleteAsync(cancellationToken);
            await db.OwnComments.Where(c => c.OrganizationKey == item.OrganizationKey && c.WorkItemId == item.WorkItemId).ExecuteDeleteAsync(cancellationToken);
            await db.LedgerItems.Where(i => i.OrganizationKey == item.OrganizationKey && i.WorkItemId == item.WorkItemId).ExecuteDeleteAsync(cancellationToken);
        }

        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "LedgerItems" ("OrganizationKey", "WorkItemId", "ExpiresAt") VALUES ({org}, {workItemId}, {expiresAt}) ON CONFLICT ("OrganizationKey", "WorkItemId") DO UPDATE SET "ExpiresAt" = excluded."ExpiresAt" """,
            cancellationToken);
    }
}
