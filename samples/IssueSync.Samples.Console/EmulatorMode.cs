using System.Globalization;
using System.Net;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Samples.Console;

/// <summary>
/// <c>--emulator</c>: the sample against the built-in Azure DevOps emulator, with its own in-memory
/// stores. It runs the same commands as against a real organization, then an issue round trip
/// through a real webhook: the sample hosts the SDK's webhook endpoint in process (Kestrel, https
/// on 127.0.0.1 with the emulator's loopback certificate), subscribes it through the subscription
/// manager, creates an issue from Markdown and comments on it; a person resolves the work item in
/// "Azure DevOps", the emulator delivers <c>workitem.updated</c>, and the SDK's inbound handler
/// resolves the host's linked group.
/// </summary>
internal static class EmulatorMode
{
    private const string HostProjectId = "host-project-1";
    private const string GroupId = "group-1";
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(int? workItemId, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { OrganizationName = "sample" }, cancellationToken);
        var organization = emulator.Organization;
        var ada = organization.Users[1];
        var seeded = organization.AddWorkItem(
            "Project 1", "Bug", "The login page times out", new Dictionary<string, object?> { ["System.AssignedTo"] = ada.MailAddress }, by: ada);

        // The host's own stores: installations, groups and assignees, in memory. Status and assignee
        // changes made in Azure DevOps are applied to the host's groups.
        var integrations = new InMemoryIntegrationStore();
        var groups = new InMemoryGroupStore();
        var assignees = new InMemoryAssigneeStore(groups);
        integrations.Add(new VstsInstallation
        {
            IntegrationId = "sample-integration",
            OrganizationId = organization.Id,
            OrganizationName = organization.Name,
            OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri,
            SyncSettings = new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        });

        await using var host = BuildWebhookHost(emulator, integrations, groups, assignees);
        await output.WriteLineAsync($"Started the built-in Azure DevOps emulator at {emulator.OrganizationUrl} (no account needed).");
        var outcome = 0;
        var exitCode = await SampleHost.RunAsync(host, error, async (services, stopping) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
            var client = services.GetRequiredService<IVstsClient>();
            await SampleCommands.ListProjectsAsync(client, output, linked.Token);
            await SampleCommands.PrintWorkItemAsync(client, workItemId ?? seeded.Id, output, linked.Token);

            var installation = integrations.Installations.Single();
            var callbackUrl = new Uri(new Uri(ListeningAddress(host)), VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern);
            var report = await services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(installation, callbackUrl, linked.Token);
            await output.WriteLineAsync();
            foreach (var subscription in report.Subscriptions)
            {
                await output.WriteLineAsync($"Subscribed {callbackUrl} to {subscription.EventType} ({subscription.Health}).");
            }

            var integration = await services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(integrations.Installations.Single(), linked.Token);
            outcome = await RoundTripAsync(emulator, client, integration, groups, installation, output, error, linked.Token);
        });
        return exitCode == 0 ? outcome : exitCode;
    }

    /// <summary>An ASP.NET Core host of the SDK with its webhook endpoint, on an https loopback port the emulator's deliveries trust.</summary>
    private static WebApplication BuildWebhookHost(VstsEmulator emulator, InMemoryIntegrationStore integrations, InMemoryGroupStore groups, InMemoryAssigneeStore assignees)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(emulator.WebhookCertificate)));
        SampleHost.AddSdk(builder.Services, emulator.OrganizationUrl, emulator.PersonalAccessToken)
            .AddIntegrationStore(_ => integrations)
            .AddGroupStore(_ => groups)
            .AddAssigneeStore(_ => assignees);
        var app = builder.Build();
        app.MapVstsWebhook();
        return app;
    }

    private static string ListeningAddress(WebApplication host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    private static async Task<int> RoundTripAsync(
        VstsEmulator emulator,
        IVstsClient client,
        IIssueIntegration integration,
        InMemoryGroupStore groups,
        VstsInstallation installation,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        var organization = emulator.Organization;
        var project = organization.Projects[0];
        var created = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = project.Id,
                WorkItemType = "Bug",
                Title = "Checkout fails for some users",
                Description = "The **cart** is empty after login.\n\n1. Sign in\n2. Open the cart",
                GroupKey = GroupId,
                HostIssueUrl = new Uri("https://host.example/groups/1"),
            },
            cancellationToken);
        var id = int.Parse(created.Key, NumberStyles.None, CultureInfo.InvariantCulture);
        groups.Link(installation.IntegrationId, id, new LinkedGroup(GroupId, HostProjectId, IsResolved: false, VstsProjectId: project.Id));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Created work item {created.Key} for {GroupId}: {created.Title}");
        await output.WriteLineAsync($"  {created.Url}");

        var comment = await client.Comments.AddAsync(project.Name, id, "Seen again by **3 users** today.", CommentFormat.Markdown, cancellationToken);
        await output.WriteLineAsync($"Added comment {comment.Id} (version {comment.Version}).");

        // A person resolves the work item in Azure DevOps; Azure DevOps posts workitem.updated to the host.
        var resolver = organization.Users[2];
        var resolved = organization.SetState(id, "Resolved", resolver);
        await output.WriteLineAsync($"{resolver.DisplayName} moved work item {id} to {resolved.State} (revision {resolved.Revision}).");

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(DeliveryWait);
        WebhookDelivery delivery;
        try
        {
            delivery = await emulator.WaitForDeliveryAsync(d => d.WorkItemId == id && d.Revision == resolved.Revision && d.EventType == "workitem.updated", wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"No webhook for revision {resolved.Revision} was delivered within {DeliveryWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            return 1;
        }

        await output.WriteLineAsync($"Azure DevOps delivered workitem.updated (revision {delivery.Revision}) to {new Uri(delivery.Url).AbsolutePath}: {Describe(delivery)}.");
        var state = groups.GetGroup(GroupId)!;
        var by = groups.StatusChanges.LastOrDefault(c => c.GroupId == GroupId)?.Source.IntegrationId;
        await output.WriteLineAsync($"{GroupId} is now {(state.IsResolved ? "resolved" : "unresolved")}{(by is null ? string.Empty : $" (changed by the webhook, source {by})")}.");
        await output.WriteLineAsync($"The emulator answered {emulator.Requests.Count} requests and delivered {emulator.Deliveries.Count} webhooks.");
        return delivery.Succeeded && state.IsResolved ? 0 : 1;
    }

    /// <summary>The status and the outcome the endpoint answered, e.g. <c>200 (Applied)</c>.</summary>
    private static string Describe(WebhookDelivery delivery) =>
        delivery.StatusCode is not { } status ? $"no answer ({delivery.Error})"
        : delivery.Outcome is { } outcome ? $"{status.ToString(CultureInfo.InvariantCulture)} ({outcome})"
        : status.ToString(CultureInfo.InvariantCulture);
}
