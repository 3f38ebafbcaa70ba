using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Samples.Console;

/// <summary>
/// No arguments (or <c>--emulator</c>): the whole round trip against the built-in Azure DevOps
/// emulator, with the host's stores in memory. The sample hosts the SDK's webhook endpoint in
/// process (Kestrel, https on 127.0.0.1 with the emulator's loopback certificate), installs
/// (resolves the organization by name, reads who the token is, subscribes the webhook), creates a
/// work item from a host group, resolves, assigns and comments on the group through the SDK's
/// outbound sync, then a person reassigns and reopens the item "in Azure DevOps" and the delivered
/// <c>workitem.updated</c> webhooks update the host's group. Each step prints the HTTP calls it made.
/// </summary>
internal static class EmulatorMode
{
    public const string OrganizationName = "sample";
    public const string IntegrationId = "sample-integration";
    public const string HostProjectId = "host-project-1";
    public const string GroupId = "group-1";

    /// <summary>Fixed, so the output is the same on every run.</summary>
    public static readonly Guid OrganizationId = new("5a3b1e0c-0d7f-4a8e-9c1d-2b6f0e4a7c11");


    private static readonly HostUser Ada = new("user-ada", ["ada@example.com"], "Ada Lovelace");
    private static readonly HostUser Grace = new("user-grace", ["grace@example.com"], "Grace Hopper");

    public static Task<int> RunAsync(bool verbose, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(verbose, output, error, new EmulatorRunOptions(), cancellationToken);

    /// <summary>The round trip, with what the tests change: how long to wait for a webhook, and a hook before each step.</summary>
    public static async Task<int> RunAsync(bool verbose, TextWriter output, TextWriter error, EmulatorRunOptions options, CancellationToken cancellationToken)
    {
        await using var emulator = await VstsEmulator.StartAsync(
            new VstsEmulatorOptions { OrganizationName = OrganizationName, OrganizationId = OrganizationId }, cancellationToken);

        // The host's own stores: installations, groups, assignees and status mappings, in memory.
        var stores = new HostStores();
        var host = BuildWebhookHost(emulator, stores, verbose, error); // SampleHost.RunAsync disposes it
        return await SampleHost.RunAsync(host, error, async (services, ct) =>
        {
            var callbackUrl = new Uri(new Uri(ListeningAddress(host)), VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern);
            await output.WriteLineAsync("IssueSync.Sdk round trip against the built-in Azure DevOps emulator (no account needed).");
            await output.WriteLineAsync($"Emulated organization: {emulator.OrganizationUrl}");
            await output.WriteLineAsync($"The host's webhook endpoint: {callbackUrl}");
            var walk = new Walkthrough(emulator, services, stores, callbackUrl, options, output, ct);
            return await walk.RunAsync();
        }, cancellationToken);
    }

    /// <summary>An ASP.NET Core host of the SDK with its webhook endpoint, on an https loopback port the emulator's deliveries trust.</summary>
    private static WebApplication BuildWebhookHost(VstsEmulator emulator, HostStores stores, bool verbose, TextWriter error)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        SampleHost.ConfigureLogging(builder.Logging, verbose);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(emulator.WebhookCertificate)));
        var sdk = SampleHost.AddSdk(builder.Services, emulator.OrganizationUrl, emulator.PersonalAccessToken, error)
            .AddIntegrationStore(_ => stores.Integrations)
            .AddGroupStore(_ => stores.Groups)
            .AddAssigneeStore(_ => stores.Assignees)
            .AddExternalProjectStore(_ => stores.Projects);

        // The SDK resolves organizations on app.vssps.visualstudio.com; the emulator serves those routes too.
        sdk.HttpClientBuilder.AddHttpMessageHandler(emulator.CreateAccountsHostHandler);
        var app = builder.Build();
        app.MapVstsWebhook();
        return app;
    }

    private static string ListeningAddress(WebApplication host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    /// <summary>The host's stores, in memory.</summary>
    private sealed class HostStores
    {
        public HostStores()
        {
            Assignees = new InMemoryAssigneeStore(Groups);
            Assignees.AddUser(HostProjectId, Ada);
            Assignees.AddUser(HostProjectId, Grace);
        }

        public InMemoryIntegrationStore Integrations { get; } = new();

        public InMemoryGroupStore Groups { get; } = new();

        public InMemoryAssigneeStore Assignees { get; }

        public InMemoryExternalProjectStore Projects { get; } = new();
    }

    /// <summary>The six steps, each printed with the calls it made and checked against the emulator's state.</summary>
    private sealed class Walkthrough(VstsEmulator emulator, IServiceProvider services, HostStores stores, Uri callbackUrl, EmulatorRunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        private readonly List<StepRecord> _steps = [];
        private IIssueIntegration? _integration;
        private EmulatedProject? _project;
        private string? _workItemType;
        private LinkedWorkItem? _item;
        private LinkedGroup? _group;

        private EmulatedOrganization Organization => emulator.Organization;

        /// <summary>The client of the configured organization (the same organization the installation names).</summary>
        private IVstsClient Client => services.GetRequiredService<IVstsClient>();

        private int ItemId => int.Parse(_item!.Key, NumberStyles.None, CultureInfo.InvariantCulture);

        /// <summary>Runs the steps; the first that does not do what it should ends the run (<see cref="SampleException"/>, exit 1) after the summary.</summary>
        public async Task<int> RunAsync()
        {
            (string Title, string Short, Func<Task<string?>> Run)[] steps =
            [
                ("Install: resolve the organization and subscribe the webhook", "Install", InstallAsync),
                ("Create a work item from host group " + GroupId, "Create work item", CreateAsync),
                ("Resolve the group: status outbound", "Resolve (status out)", ResolveAsync),
                ("Assign the group to Ada: assignee outbound (matched by email)", "Assign (assignee out)", AssignAsync),
                ("Comment on the group", "Comment", CommentAsync),
                ("In Azure DevOps, Grace reassigns and reopens the work item: the webhooks update the group", "Reassign + reopen (in)", InboundAsync),
            ];
            for (var i = 0; i < steps.Length; i++)
            {
                var number = i + 1;
                await output.WriteLineAsync();
                await output.WriteLineAsync($"{number}. {steps[i].Title}");
                options.BeforeStep?.Invoke(number, emulator);
                var requestsBefore = emulator.Requests.Count;
                var deliveriesBefore = emulator.Deliveries.Count;
                string? problem = null;
                Exception? failure = null;
                try
                {
                    problem = await steps[i].Run();
                }
                catch (Exception ex) when (ex is not OperationCanceledException && SampleHost.Describe(ex) is not null)
                {
                    // Azure DevOps refused: the step's calls and the summary are still printed, then the one-line error.
                    failure = ex;
                }

                var calls = emulator.Requests.Skip(requestsBefore).ToList();
                var deliveries = emulator.Deliveries.Skip(deliveriesBefore).ToList();
                await output.WriteLineAsync($"   HTTP calls ({calls.Count}):");
                foreach (var call in calls)
                {
                    await output.WriteLineAsync($"     {call.Method,-6} {CallFormat.Path(call.PathAndQuery, Organization)} -> {call.StatusCode.ToString(CultureInfo.InvariantCulture)}");
                }

                _steps.Add(new StepRecord(number, steps[i].Short, calls.Count, deliveries.Count));
                if (failure is not null)
                {
                    await PrintSummaryAsync();
                    ExceptionDispatchInfo.Throw(failure);
                }

                if (problem is not null)
                {
                    await PrintSummaryAsync();
                    throw new SampleException($"Step {number} did not do what it should: {problem}");
                }
            }

            await PrintSummaryAsync();
            await output.WriteLineAsync();
            await output.WriteLineAsync("Every step did what it should.");
            return 0;
        }

        private async Task PrintSummaryAsync()
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Summary");
            await output.WriteLineAsync($"   {"Step",-28} {"HTTP calls",10} {"Webhooks",9}");
            foreach (var step in _steps)
            {
                await output.WriteLineAsync($"   {step.Number + ". " + step.Title,-28} {step.Calls,10} {step.Deliveries,9}");
            }

            await output.WriteLineAsync($"   {"Total",-28} {_steps.Sum(s => s.Calls),10} {_steps.Sum(s => s.Deliveries),9}");
        }

        /// <summary>
        /// What a host does when a user connects an organization: resolve its URL from the name the user
        /// typed, read who the token is (the organization id and the SDK's identity), save the
        /// installation and subscribe the webhook.
        /// </summary>
        private async Task<string?> InstallAsync()
        {
            var url = await services.GetRequiredService<IVstsAccountClient>().GetOrganizationUrlByNameAsync(OrganizationName, cancellationToken);
            var client = services.GetRequiredService<IVstsClientFactory>().CreateClient(
                new VstsConnection(url, VstsCredential.PersonalAccessToken(emulator.PersonalAccessToken)));
            var connection = await client.Connection.GetConnectionDataAsync(cancellationToken);
            await output.WriteLineAsync($"   Organization '{OrganizationName}' is at {url} (id {connection.InstanceId}); the token is {Organization.AuthenticatedUser.DisplayName}'s.");
            var installation = stores.Integrations.Add(new VstsInstallation
            {
                IntegrationId = IntegrationId,
                OrganizationId = connection.InstanceId ?? OrganizationId.ToString("D"),
                OrganizationName = OrganizationName,
                OrganizationUrl = url.AbsoluteUri,
                SdkIdentityId = connection.AuthenticatedUser?.Id,
                SyncSettings = new VstsSyncSettings { StatusOutbound = true, StatusInbound = true, AssigneeOutbound = true, AssigneeInbound = true, Comments = true },
            });
            var report = await services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(installation, callbackUrl, cancellationToken);
            foreach (var subscription in report.Subscriptions)
            {
                await output.WriteLineAsync($"   Subscribed {subscription.EventType} to the host's webhook endpoint ({subscription.Health}).");
            }

            _integration = await services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(installation, cancellationToken);
            return url == emulator.OrganizationUrl && report.Subscriptions.Count > 0 && report.Subscriptions.All(s => s.Health == VstsSubscriptionHealth.Created)
                && Organization.Subscriptions.Any(s => s.Url == callbackUrl.AbsoluteUri)
                ? null
                : "the organization was not resolved or the webhook was not subscribed.";
        }

        private async Task<string?> CreateAsync()
        {
            var project = Organization.Projects[0];
            _project = project;
            var (type, category) = await ProcessChoice.PickTypeAsync(Client.WorkItemTypes, project.Id, cancellationToken);
            await output.WriteLineAsync($"   Work item type: {type} (the default type of {category}).");
            var created = await _integration!.CreateIssueAsync(
                new CreateIssueRequest
                {
                    Project = project.Id,
                    WorkItemType = type,
                    Title = SampleGroup.Title,
                    Description = SampleGroup.Description,
                    GroupKey = GroupId,
                    HostIssueUrl = SampleGroup.Url,
                },
                cancellationToken);
            _item = new LinkedWorkItem(created.Key, project.Id);
            _group = stores.Groups.Link(IntegrationId, ItemId, new LinkedGroup(GroupId, HostProjectId, IsResolved: false, VstsProjectId: project.Id));
            _workItemType = type;
            await output.WriteLineAsync($"   Created work item {created.Key} \"{created.Title}\" from {GroupId}; the host links the group to it.");
            await output.WriteLineAsync($"   {created.Url}");
            var stored = Organization.GetWorkItem(ItemId);
            var description = stored?.GetString("System.Description");
            await output.WriteLineAsync($"   Description (Markdown, stored as HTML): {OneLine(description)}");
            return description is not null && description.Contains("<strong>cart</strong>", StringComparison.Ordinal) ? null : "the work item has no HTML description.";
        }

        private async Task<string?> ResolveAsync()
        {
            // The host's status mapping for the project, picked by state category.
            var (resolved, unresolved) = await ProcessChoice.PickStatesAsync(Client.WorkItemTypes, _project!.Id, _workItemType!, cancellationToken);
            stores.Projects.SetStatusMapping(IntegrationId, new VstsProjectStatusMapping(_project.Id, resolved, unresolved));
            await output.WriteLineAsync($"   Status mapping (by state category): resolved = {resolved}, unresolved = {unresolved}.");
            _group = stores.Groups.Link(IntegrationId, ItemId, _group! with { IsResolved = true });
            var before = Revision();
            var result = await _integration!.SyncStatusOutboundAsync(_item!, isResolved: true, cancellationToken);
            await output.WriteLineAsync($"   The host resolved {GroupId}; work item {_item!.Key} {OrganizationMode.Describe(result)}.");
            var delivered = await PrintDeliveriesAsync(before);
            return Organization.GetWorkItem(ItemId)?.State != resolved ? $"work item {_item.Key} is not {resolved}."
                : !delivered ? NotDelivered
                : null;
        }

        private async Task<string?> AssignAsync()
        {
            _group = stores.Groups.Link(IntegrationId, ItemId, _group! with { AssigneeUserId = Ada.UserId });
            var before = Revision();
            var result = await _integration!.SyncAssigneeOutboundAsync(_item!, Ada, cancellationToken);
            await output.WriteLineAsync($"   The host assigned {GroupId} to {Ada.DisplayName} ({Ada.Emails[0]}); work item {_item!.Key} {Describe(result)}.");
            var delivered = await PrintDeliveriesAsync(before);
            return !string.Equals(Organization.GetWorkItem(ItemId)?.AssignedTo, Ada.Emails[0], StringComparison.OrdinalIgnoreCase) ? $"work item {_item.Key} is not assigned to {Ada.Emails[0]}."
                : !delivered ? NotDelivered
                : null;
        }

        private async Task<string?> CommentAsync()
        {
            var before = Revision();
            var result = await _integration!.AddCommentAsync(_item!, SampleGroup.Comment, cancellationToken);
            var comments = Organization.GetComments(ItemId);
            var comment = comments.Count > 0 ? comments[^1] : null;
            await output.WriteLineAsync($"   The host's comment \"{SampleGroup.Comment.Text}\" is comment {result.CommentId} on work item {_item!.Key}:");
            await output.WriteLineAsync($"   {OneLine(comment?.Text)}");
            var delivered = await PrintDeliveriesAsync(before);
            return comment is null || comment.Id != result.CommentId ? $"work item {_item.Key} has no comment {result.CommentId}."
                : !delivered ? NotDelivered
                : null;
        }

        private async Task<string?> InboundAsync()
        {
            var grace = Organization.FindUser(Grace.Emails[0])!;
            var before = Revision();
            var reassigned = Organization.Assign(ItemId, grace, by: grace);
            await output.WriteLineAsync($"   {grace.DisplayName} assigns work item {_item!.Key} to herself (revision {reassigned.Revision}).");
            var reopened = Organization.SetState(ItemId, ReopenState, by: grace);
            await output.WriteLineAsync($"   {grace.DisplayName} moves work item {_item.Key} back to {reopened.State} (revision {reopened.Revision}).");
            if (!await PrintDeliveriesAsync(before))
            {
                return NotDelivered;
            }

            var group = stores.Groups.GetGroup(GroupId)!;
            await output.WriteLineAsync(
                $"   The host's {GroupId} is now {(group.IsResolved ? "resolved" : "unresolved")} and assigned to {group.AssigneeUserId ?? "nobody"}.");
            return !group.IsResolved && group.AssigneeUserId == Grace.UserId
                ? null
                : $"{GroupId} should be unresolved and assigned to {Grace.UserId}.";
        }

        private const string NotDelivered = "the webhooks were not delivered in time.";

        /// <summary>The state a person reopening a Bug picks in the emulator's process (Agile).</summary>
        private const string ReopenState = "Active";

        private int Revision() => Organization.GetWorkItem(ItemId)!.Revision;

        /// <summary>
        /// Waits for the <c>workitem.updated</c> deliveries of the revisions made since <paramref name="before"/>
        /// and prints what the host's endpoint answered.
        /// </summary>
        /// <returns>Whether every one was delivered in time.</returns>
        private async Task<bool> PrintDeliveriesAsync(int before)
        {
            var id = ItemId;
            var after = Revision();
            for (var revision = before + 1; revision <= after; revision++)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(options.DeliveryWait);
                var wanted = revision;
                try
                {
                    var delivery = await emulator.WaitForDeliveryAsync(d => d.WorkItemId == id && d.Revision == wanted && d.EventType == "workitem.updated", wait.Token);
                    await output.WriteLineAsync($"   Azure DevOps posted workitem.updated (revision {wanted}) to the host: {Describe(delivery)}.");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await output.WriteLineAsync($"   No workitem.updated for revision {wanted} arrived within {options.DeliveryWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>HTML as stored, on one line.</summary>
    private static string OneLine(string? html) => string.Join(' ', (html ?? "-").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record StepRecord(int Number, string Title, int Calls, int Deliveries);

    private static string Describe(OutboundSyncResult result) => result.Outcome switch
    {
        OutboundSyncOutcome.Updated => $"is assigned to {result.AssignedTo} (revision {result.Revision?.ToString(CultureInfo.InvariantCulture) ?? "?"})",
        OutboundSyncOutcome.AlreadyInTarget => $"was already assigned to {result.AssignedTo}",
        _ => $"was not assigned: {result.Outcome} ({result.Reason})",
    };

    /// <summary>The status and the outcome the endpoint answered, e.g. <c>200 Applied</c>, with what it means.</summary>
    private static string Describe(WebhookDelivery delivery) =>
        delivery.StatusCode is not { } status ? $"no answer ({delivery.Error})"
        : delivery.Outcome switch
        {
            "Echo" => $"{status.ToString(CultureInfo.InvariantCulture)} Echo (the SDK's own write, nothing to apply)",
            "Applied" => $"{status.ToString(CultureInfo.InvariantCulture)} Applied (the change was applied to the host's group)",
            "Ignored" => $"{status.ToString(CultureInfo.InvariantCulture)} Ignored (nothing the host syncs changed)",
            { } outcome => $"{status.ToString(CultureInfo.InvariantCulture)} {outcome}",
            null => status.ToString(CultureInfo.InvariantCulture),
        };
}

/// <summary>What the tests change in the emulator round trip.</summary>
internal sealed record EmulatorRunOptions
{
    /// <summary>How long to wait for each webhook delivery. Default 15 s.</summary>
    public TimeSpan DeliveryWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Called with the step number (1 to 6) and the emulator before each step, e.g. to add a fault.</summary>
    public Action<int, VstsEmulator>? BeforeStep { get; init; }
}
