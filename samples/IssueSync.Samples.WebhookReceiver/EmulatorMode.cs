using System.Globalization;
using System.Net;
using System.Text.Json;
using IssueSync.Sdk;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>
/// <c>--emulator</c>: the same host against the built-in Azure DevOps emulator, on a machine with no
/// account. The host listens on https on 127.0.0.1 (a random port) with the emulator's loopback
/// certificate, subscribes through the subscription manager, and a person then resolves the linked
/// work item and assigns it to Jamie; the emulator posts both changes to the webhook endpoint.
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
        var data = SampleApp.CreateData(organization.Id, emulator.OrganizationUrl.AbsoluteUri, item.Id);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{VstsIssueSyncOptions.SectionName}:OrganizationUrl"] = emulator.OrganizationUrl.AbsoluteUri,
            [$"{VstsIssueSyncOptions.SectionName}:PersonalAccessToken"] = emulator.PersonalAccessToken,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(emulator.WebhookCertificate)));
        SampleApp.AddServices(builder, data);
        await using var app = builder.Build();
        SampleApp.Map(app, data);
        await app.StartAsync(cancellationToken);
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            var callbackUrl = new Uri(new Uri(address), VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern);
            await output.WriteLineAsync($"Started the built-in Azure DevOps emulator at {emulator.OrganizationUrl} and this host at {address} (no account needed).");
            var report = await app.Services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(data.Installations[SampleApp.IntegrationId], callbackUrl, cancellationToken);
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

            await output.WriteLineAsync("GET /sample/groups: " + JsonSerializer.Serialize(SampleApp.Groups(data)));
            var group = data.Groups[SampleApp.GroupId].Group;
            return group.IsResolved && group.AssigneeUserId == "user-1" ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
