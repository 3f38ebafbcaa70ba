using System.Globalization;
using System.Net;
using System.Text.Json;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>
/// <c>--emulator</c>: the same host against the built-in Azure DevOps emulator, on a machine with no
/// account. The host listens on https on 127.0.0.1 (a random port) with the emulator's loopback
/// certificate, on a fresh SQLite database in the temp folder, subscribes through the subscription manager,
/// and a person then resolves the linked work item and assigns it to Jamie; the emulator posts both changes
/// to the webhook endpoint.
/// </summary>
internal static class EmulatorMode
{
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { OrganizationName = "sample" }, cancellationToken);
        var organization = emulator.Organization;
        var jamie = organization.AddUser("Jamie", "jamie@example.com");
        var item = organization.AddWorkItem("Project 1", "Bug", "Checkout fails for some users", new Dictionary<string, object?> { ["System.State"] = "Active" });
        var databasePath = Path.Combine(Path.GetTempPath(), $"issuesync-sample-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await StartHostAsync(emulator, databasePath, item.Id, webhookSecret: null, port: 0, cancellationToken);
            try
            {
                var callbackUrl = CallbackUrl(app);
                await output.WriteLineAsync($"Started the built-in Azure DevOps emulator at {emulator.OrganizationUrl} and this host at {new Uri(callbackUrl, "/")} (no account needed).");
                var installation = await app.Services.GetRequiredService<IIntegrationStore>().FindByIntegrationIdAsync(SampleApp.IntegrationId, cancellationToken);
                var report = await app.Services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(installation!, callbackUrl, cancellationToken);
                foreach (var subscription in report.Subscriptions)
                {
                    await output.WriteLineAsync($"Subscribed {callbackUrl} to {subscription.EventType} ({subscription.Health}).");
                }

                // A person changes the linked work item in Azure DevOps.
                var grace = organization.Users[2];
                var resolved = organization.SetState(item.Id, "Resolved", by: grace);
                var assigned = organization.Assign(item.Id, jamie, by: grace);
                await output.WriteLineAsync($"{grace.DisplayName} resolved work item {item.Id} (revision {resolved.Revision}) and assigned it to {jamie.DisplayName} (revision {assigned.Revision}).");

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(DeliveryWait);
                var deliveries = new List<WebhookDelivery>();
                try
                {
                    foreach (var revision in (int[])[resolved.Revision, assigned.Revision])
                    {
                        deliveries.Add(await emulator.WaitForDeliveryAsync(d => d.WorkItemId == item.Id && d.Revision == revision, wait.Token));
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await error.WriteLineAsync($"Not every webhook was delivered within {DeliveryWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
                    return 1;
                }

                foreach (var delivery in deliveries)
                {
                    await output.WriteLineAsync($"Delivered {delivery.EventType} (revision {delivery.Revision}) to {new Uri(delivery.Url).AbsolutePath}: {delivery.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? delivery.Error} ({delivery.Outcome}).");
                }

                var database = app.Services.GetRequiredService<SampleDatabase>();
                await output.WriteLineAsync("GET /sample/groups: " + JsonSerializer.Serialize(await SampleApp.GroupsAsync(database, cancellationToken)));
                var groups = await app.Services.GetRequiredService<IGroupStore>().FindLinkedGroupsAsync(SampleApp.IntegrationId, item.Id, cancellationToken);
                return groups is [{ IsResolved: true, AssigneeUserId: SampleApp.UserId }] ? 0 : 1;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            DeleteDatabase(databasePath);
        }
    }

    /// <summary>
    /// Builds and starts the sample's host against <paramref name="emulator"/> on the database file
    /// <paramref name="databasePath"/> (created when absent, kept as it is otherwise), listening on https on 127.0.0.1.
    /// </summary>
    /// <param name="emulator">The emulator whose organization the host is installed in.</param>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="workItemId">The work item the sample's group is linked to.</param>
    /// <param name="webhookSecret">The installation's webhook secret (<c>Sample:WebhookSecret</c>), or none.</param>
    /// <param name="port">The port; 0 for any free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="configuration">More settings, e.g. <c>IssueSync:Vsts:Webhook:AcceptBasicAuthentication</c>.</param>
    /// <returns>The started host; stop and dispose it.</returns>
    public static async Task<WebApplication> StartHostAsync(
        VstsEmulator emulator,
        string databasePath,
        int workItemId,
        string? webhookSecret,
        int port,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SampleSettings.OrganizationUrlKey] = emulator.OrganizationUrl.AbsoluteUri,
            [SampleSettings.PersonalAccessTokenKey] = emulator.PersonalAccessToken,
            [SampleSettings.OrganizationIdKey] = emulator.Organization.Id,
            [SampleSettings.WebhookSecretKey] = webhookSecret,
            [SampleSettings.DatabaseKey] = databasePath,
        });
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(emulator.WebhookCertificate)));
        var settings = SampleSettings.Read(builder.Configuration) with { WorkItemId = workItemId };
        SampleApp.AddServices(builder, new SampleDatabase(settings.Database));
        var app = builder.Build();
        SampleApp.Map(app);
        await SampleApp.PrepareDatabaseAsync(app.Services, settings, cancellationToken);
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The webhook endpoint's URL on a started host.</summary>
    public static Uri CallbackUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return new Uri(new Uri(address), VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern);
    }

    /// <summary>Deletes a database file and its write-ahead log, after closing the pooled connections to it.</summary>
    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[path, path + "-wal", path + "-shm"])
        {
            File.Delete(file);
        }
    }
}
