using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Samples.WebhookReceiver.Stores;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>The sample's host, the same against a real organization and against the emulator.</summary>
internal static class SampleApp
{
    public const string IntegrationId = "sample";
    public const string GroupId = "group-1";
    public const string UserId = "user-1";

    /// <summary>
    /// Registers the SDK (options from the <c>IssueSync:Vsts</c> configuration section) with every port on the sample's
    /// SQLite database: "a host plugs in its own stores". Each store is one file in <c>Stores/</c>.
    /// </summary>
    public static IVstsIssueSyncBuilder AddServices(WebApplicationBuilder builder, SampleDatabase database)
    {
        builder.Services.AddSingleton(database);
        var sdk = builder.Services.AddVstsIssueSync(builder.Configuration)
            // The host's own data. The integration store also lists the installations (IInstallationEnumerator)
            // for the subscription monitor.
            .AddIntegrationStore<SqliteIntegrationStore>()
            .AddGroupStore<SqliteGroupStore>()
            .AddAssigneeStore<SqliteAssigneeStore>()
            .AddTokenStore<SqliteTokenStore>()
            .AddExternalProjectStore<SqliteExternalProjectStore>()
            // The SDK's sync state, in the same database instead of process memory: a restart (or a second
            // instance sharing the file) keeps every claim, watermark, ledger entry and lease.
            .AddDeliveryDedupeStore<SqliteDeliveryDedupeStore>()
            .AddSyncWatermarkStore<SqliteSyncWatermarkStore>()
            .AddOwnWriteLedger<SqliteOwnWriteLedger>()
            .AddSyncLeaseStore<SqliteSyncLeaseStore>()
            .AddReconciliationStateStore<SqliteReconciliationStateStore>();
        builder.Services.AddHealthChecks().AddVstsSubscriptionCheck();
        return sdk;
    }

    /// <summary>Maps the webhook endpoint, the health check and <c>GET /sample/groups</c>.</summary>
    public static void Map(WebApplication app)
    {
        app.MapVstsWebhook();
        // The status and what each check found ("Subscriptions are not monitored: ..." until a callback URL is set).
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new
            {
                Status = report.Status.ToString(),
                Checks = report.Entries.ToDictionary(e => e.Key, e => new { Status = e.Value.Status.ToString(), e.Value.Description }),
            }),
        });
        app.MapGet("/sample/groups", (SampleDatabase database, CancellationToken cancellationToken) => GroupsAsync(database, cancellationToken));
    }

    /// <summary>
    /// Creates the schema, then the host's data unless it is there: one installation (status and assignee changes made
    /// in Azure DevOps are applied to the host's groups), <see cref="GroupId"/> linked to the configured work item, one
    /// user, and the states to set in every project. What is already stored is kept (a restart changes no group); the
    /// installation follows the configuration (organization, URL, webhook secret).
    /// </summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, SampleSettings settings, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<SampleDatabase>();
        await database.CreateAsync(cancellationToken);
        await SaveInstallationAsync(new SqliteIntegrationStore(database), settings, cancellationToken);

        await using var db = database.Open();
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Groups" ("GroupId", "HostProjectId", "WorkItemId", "IsResolved") VALUES ({GroupId}, 'host-project', {settings.WorkItemId}, 0) ON CONFLICT DO NOTHING""",
            cancellationToken);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "Users" ("UserId", "DisplayName") VALUES ({UserId}, 'Jamie') ON CONFLICT DO NOTHING""", cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "UserEmails" ("EmailKey", "Email", "UserId") VALUES ('jamie@example.com', 'jamie@example.com', {UserId}) ON CONFLICT DO NOTHING""",
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "ProjectMappings" ("IntegrationId", "ProjectId", "ResolvedState", "UnresolvedState") VALUES ({IntegrationId}, {SqliteExternalProjectStore.AnyProject}, 'Closed', 'Active') ON CONFLICT DO NOTHING""",
            cancellationToken);
    }

    /// <summary>The groups as <c>GET /sample/groups</c> shows them.</summary>
    public static async Task<IReadOnlyList<object>> GroupsAsync(SampleDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.Open();
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.GroupId).ToListAsync(cancellationToken);
        return groups.ConvertAll(g => (object)new { g.GroupId, g.WorkItemId, g.IsResolved, g.AssigneeUserId });
    }

    private static async Task SaveInstallationAsync(SqliteIntegrationStore store, SampleSettings settings, CancellationToken cancellationToken)
    {
        var configured = new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = settings.OrganizationId,
            OrganizationUrl = settings.OrganizationUrl,
            WebhookSecrets = settings.WebhookSecret is { } secret ? new VstsWebhookSecrets(secret) : null,
            SyncSettings = new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        };
        if (await store.TryAddAsync(configured, cancellationToken))
        {
            return;
        }

        // Stored already: keep what the SDK saved (subscriptions, a repaired URL's history, …) and apply the configuration,
        // by compare-and-set like every other writer of the record.
        while (await store.FindByIntegrationIdAsync(IntegrationId, cancellationToken) is { } stored)
        {
            var wanted = stored with
            {
                OrganizationId = settings.OrganizationId,
                OrganizationUrl = settings.OrganizationUrl,
                WebhookSecrets = WantedSecrets(stored.WebhookSecrets, settings.WebhookSecret),
            };
            if (wanted == stored || await store.TrySaveAsync(wanted, stored.Version, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// A configured secret that differs from the stored one becomes the current secret, the stored one stays accepted as
    /// the previous: the subscriptions made earlier still carry it, and the next subscribe (or the monitor) gives them the
    /// new one and ends the rotation. Without a configured secret, the stored one (from subscribing) is kept.
    /// </summary>
    private static VstsWebhookSecrets? WantedSecrets(VstsWebhookSecrets? stored, string? configured) =>
        configured is null || string.Equals(stored?.Current, configured, StringComparison.Ordinal)
            ? stored
            : new VstsWebhookSecrets(configured, stored?.Current);
}
