using System.Runtime.CompilerServices;
using System.Text.Json;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Stores;

/// <summary>
/// Installations (<see cref="IIntegrationStore"/>), also listed for the subscription monitor (<see cref="IInstallationEnumerator"/>).
/// The columns the SDK looks an installation up by are columns; the rest of the record is JSON. A real host would
/// keep the webhook secrets encrypted (e.g. with ASP.NET Core Data Protection); the sample stores them as they are.
/// </summary>
internal sealed class SqliteIntegrationStore(SampleDatabase database) : IIntegrationStore, IInstallationEnumerator
{
    public async Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var key = SampleDatabase.OrganizationKey(organizationId);
        await using var db = database.Open();
        var row = await db.Installations.AsNoTracking().SingleOrDefaultAsync(i => i.OrganizationKey == key, cancellationToken);
        return row is null ? null : ToInstallation(row);
    }

    public async Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        await using var db = database.Open();
        var row = await db.Installations.AsNoTracking().SingleOrDefaultAsync(i => i.IntegrationId == integrationId, cancellationToken);
        return row is null ? null : ToInstallation(row);
    }

    /// <summary>Compare-and-set in one statement: <c>UPDATE … SET Version = Version + 1 WHERE IntegrationId = @id AND Version = @expected</c>.</summary>
    public async Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var key = SampleDatabase.OrganizationKey(installation.OrganizationId);
        var json = ToJson(installation);
        await using var db = database.Open();
        var saved = await db.Installations
            .Where(i => i.IntegrationId == installation.IntegrationId && i.Version == expectedVersion)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.OrganizationKey, key)
                .SetProperty(i => i.Json, json)
                .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
        return saved == 1;
    }

    /// <summary>Adds an installation with version 1 unless one with its id is stored (<c>INSERT … ON CONFLICT DO NOTHING</c>).</summary>
    /// <returns>Whether it was added.</returns>
    public async Task<bool> TryAddAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var key = SampleDatabase.OrganizationKey(installation.OrganizationId);
        var json = ToJson(installation);
        await using var db = database.Open();
        return await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Installations" ("IntegrationId", "OrganizationKey", "Json", "Version") VALUES ({installation.IntegrationId}, {key}, {json}, 1) ON CONFLICT DO NOTHING""",
            cancellationToken) == 1;
    }

    public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = database.Open();
        // Streamed row by row: a large table is never read into memory at once.
        await foreach (var row in db.Installations.AsNoTracking().OrderBy(i => i.IntegrationId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ToInstallation(row);
        }
    }

    private static string ToJson(VstsInstallation installation) => JsonSerializer.Serialize(installation with { Version = 0 });

    // The version is the column's: the one in the JSON is never read.
    private static VstsInstallation ToInstallation(InstallationRow row) =>
        JsonSerializer.Deserialize<VstsInstallation>(row.Json)! with { Version = row.Version };
}
