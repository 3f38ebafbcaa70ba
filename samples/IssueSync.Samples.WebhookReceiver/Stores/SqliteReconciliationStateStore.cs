using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// How far each installation's reconciliation has read the revisions feed (<see cref="IReconciliationStateStore"/>).
/// A save is one statement: the first an <c>INSERT … ON CONFLICT DO NOTHING</c>, later ones an
/// <c>UPDATE … WHERE Version = @expected</c> that raises the version. Rows are never deleted, so versions only rise.
/// </summary>
internal sealed class SqliteReconciliationStateStore(SampleDatabase database, TimeProvider timeProvider) : IReconciliationStateStore
{
    public async Task<ReconciliationWatermark?> GetAsync(string organizationId, string integrationId, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        await using var db = database.Open();
        var row = await db.Reconciliations.AsNoTracking().SingleOrDefaultAsync(r => r.OrganizationKey == org && r.IntegrationId == integrationId, cancellationToken);
        return row is null
            ? null
            : new ReconciliationWatermark(row.ContinuationToken, row.ChangedDate is { } changed ? SampleDatabase.Time(changed) : null, SampleDatabase.Time(row.SavedAt), row.Version);
    }

    public async Task<ReconciliationWatermark?> TrySaveAsync(string organizationId, string integrationId, long expectedVersion, string continuationToken, DateTimeOffset? changedDate, CancellationToken cancellationToken = default)
    {
        var org = SampleDatabase.OrganizationKey(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        ArgumentException.ThrowIfNullOrEmpty(continuationToken);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var savedAt = timeProvider.GetUtcNow();
        var savedAtTicks = SampleDatabase.Ticks(savedAt);
        long? changed = changedDate is { } date ? SampleDatabase.Ticks(date) : null;
        var version = expectedVersion + 1;
        await using var db = database.Open();
        var saved = expectedVersion == 0
            ? await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "Reconciliations" ("OrganizationKey", "IntegrationId", "ContinuationToken", "ChangedDate", "SavedAt", "Version")
                VALUES ({org}, {integrationId}, {continuationToken}, {changed}, {savedAtTicks}, {version}) ON CONFLICT DO NOTHING
                """,
                cancellationToken)
            : await db.Reconciliations.Where(r => r.OrganizationKey == org && r.IntegrationId == integrationId && r.Version == expectedVersion)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.ContinuationToken, continuationToken)
                    .SetProperty(r => r.ChangedDate, changed)
                    .SetProperty(r => r.SavedAt, savedAtTicks)
                    .SetProperty(r => r.Version, version), cancellationToken);
        return saved == 1 ? new ReconciliationWatermark(continuationToken, changedDate, savedAt, version) : null;
    }
}
