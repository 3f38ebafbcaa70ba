using System.Globalization;
using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.DocsTests.Snippets;

/// <summary>
/// The Testing README's inbound loop: a host (AddVstsIssueSync, the host's own stores, MapVstsWebhook on https
/// loopback) creates a work item through the SDK, a person resolves it in the emulator, and the webhook
/// resolves the host's group. Run by <c>InboundLoopTests</c>, and compiled against the packed packages by
/// tests/consumer (so it uses public API only).
/// </summary>
public static class InboundLoopSnippet
{
    /// <summary>What the loop saw: the endpoint's answer to the delivery and the host's group after it.</summary>
    public sealed record Seen(int StatusCode, string? ResponseBody, bool GroupResolved, string WorkItemKey);

    public static async Task<Seen> RunAsync()
    {
        #region snippet:testing-inbound
        await using var emulator = await VstsEmulator.StartAsync();
        var integrations = new InMemoryIntegrationStore();   // the host's own instances, registered by the host
        var groups = new InMemoryGroupStore();                // and shared with the SDK (Add...Store<T>() resolves T)

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(emulator.WebhookCertificate)));
        builder.Services.AddSingleton(integrations).AddSingleton(groups);
        builder.Services.AddVstsIssueSync(o =>
            {
                o.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;
                o.PersonalAccessToken = emulator.PersonalAccessToken;
            })
            .AddIntegrationStore<InMemoryIntegrationStore>()
            .AddGroupStore<InMemoryGroupStore>();
        await using var app = builder.Build();
        app.MapVstsWebhook();                                 // POST /extensions/vsts/issue-updated
        await app.StartAsync();

        // Port 0 asks for a free port: read the one Kestrel bound.
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;

        // Every sync direction defaults to off: this installation turns inbound status on.
        var installation = integrations.Add(new VstsInstallation
        {
            IntegrationId = "integration-1",
            OrganizationId = emulator.Organization.Id,
            OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri,
            SyncSettings = new VstsSyncSettings { StatusInbound = true },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var subscriptions = app.Services.GetRequiredService<IVstsSubscriptionManager>();
        var report = await subscriptions.EnsureAsync(installation, new Uri($"https://127.0.0.1:{port}/extensions/vsts/issue-updated"), timeout.Token);
        // report.Subscriptions[i].Health: Created, Healthy, Recreated, ... (report.IsHealthy: all delivering)

        // The host creates a work item for its group and links them (through the stored installation:
        // EnsureAsync saved the webhook secret and the subscription ids into it).
        var issues = await app.Services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(integrations.Installations.Single(), timeout.Token);
        var created = await issues.CreateIssueAsync(new CreateIssueRequest { Project = "Project 1", WorkItemType = "Bug", Title = "Login times out" }, timeout.Token);
        var bug = emulator.Organization.GetWorkItem(int.Parse(created.Key, CultureInfo.InvariantCulture))!;
        groups.Link("integration-1", bug.Id, new LinkedGroup("group-1", "host-project", IsResolved: false, VstsProjectId: bug.ProjectId));

        // A person resolves it in Azure DevOps; the emulator delivers the webhook to the host.
        emulator.Organization.SetState(bug.Id, "Resolved", by: emulator.Organization.Users[1]);
        var delivery = await emulator.WaitForDeliveryAsync(d => d.WorkItemId == bug.Id && d.StatusCode == 200, timeout.Token);
        // delivery.StatusCode is the endpoint's answer, delivery.ResponseBody its body ({"outcome":"Applied",...});
        // when it is recorded, the endpoint has finished with the host's stores:
        var resolved = groups.GetGroup("group-1")!.IsResolved;   // true
        #endregion

        return new Seen(delivery.StatusCode ?? 0, delivery.ResponseBody, resolved, created.Key);
    }
}
