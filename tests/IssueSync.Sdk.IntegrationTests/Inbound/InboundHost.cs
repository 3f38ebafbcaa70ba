using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.IntegrationTests.Inbound;

/// <summary>
/// A real host of the SDK: ASP.NET Core on Kestrel (https on 127.0.0.1, a random port, the
/// emulator's loopback certificate), <c>AddVstsIssueSync</c> pointed at an emulator, the in-memory
/// stores (comments and deletions included, so all three event types are subscribed) and
/// <c>MapVstsWebhook</c>. A "person" changes work items through <see cref="Organization"/>; the
/// emulator delivers to <see cref="CallbackUrl"/>.
/// </summary>
internal sealed class InboundHost : IAsyncDisposable
{
    public const string IntegrationId = "integration-1";
    public const string HostProjectId = "host-project-1";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    private WebApplication _app = null!;

    private InboundHost(VstsEmulator emulator)
    {
        Emulator = emulator;
        Assignees = new InMemoryAssigneeStore(Groups);
        Deletions = new InMemoryWorkItemDeletionStore(Groups);
    }

    public VstsEmulator Emulator { get; }

    public EmulatedOrganization Organization => Emulator.Organization;

    public Uri CallbackUrl { get; private set; } = null!;

    public InMemoryIntegrationStore Integrations { get; } = new();

    public InMemoryGroupStore Groups { get; } = new();

    public InMemoryAssigneeStore Assignees { get; }

    public InMemoryExternalProjectStore Projects { get; } = new();

    public InMemoryCommentStore Comments { get; } = new();

    public InMemoryWorkItemDeletionStore Deletions { get; }

    public IServiceProvider Services => _app.Services;

    public IVstsSubscriptionManager Subscriptions => Services.GetRequiredService<IVstsSubscriptionManager>();

    public IVstsClient Client => Services.GetRequiredService<IVstsClient>();

    /// <summary>The installation as stored now (the subscription manager saves ids and secrets into it).</summary>
    public VstsInstallation Installation => Integrations.Installations.Single(i => i.IntegrationId == IntegrationId);

    /// <summary>Starts the emulator (with <paramref name="emulatorOptions"/>, if any) and the host, and stores one installation with every sync direction on.</summary>
    public static async Task<InboundHost> StartAsync(Action<IVstsIssueSyncBuilder>? configure = null, VstsEmulatorOptions? emulatorOptions = null)
    {
        var host = new InboundHost(await VstsEmulator.StartAsync(emulatorOptions));
        try
        {
            await host.StartAppAsync(configure);
        }
        catch
        {
            await host.Emulator.DisposeAsync();
            throw;
        }

        host.Integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = host.Organization.Id,
            OrganizationName = host.Organization.Name,
            OrganizationUrl = host.Emulator.OrganizationUrl.AbsoluteUri,
            SyncSettings = new VstsSyncSettings { StatusInbound = true, StatusOutbound = true, AssigneeInbound = true, AssigneeOutbound = true, Comments = true },
        });
        return host;
    }

    /// <summary>Creates the subscriptions in the emulator through the SDK (<c>EnsureAsync</c> to the host's https callback).</summary>
    public Task<VstsSubscriptionReport> SubscribeAsync() => Subscriptions.EnsureAsync(Installation, CallbackUrl, Timeout());

    /// <summary>A new Bug in Project 1, made by Ada, with a group of the host linked to it.</summary>
    public (EmulatedWorkItem Item, LinkedGroup Group) AddLinkedBug(string groupId, string? assignedTo = null, bool resolved = false, string? state = null)
    {
        var fields = new Dictionary<string, object?>();
        if (assignedTo is not null)
        {
            fields["System.AssignedTo"] = assignedTo;
        }

        if (state is not null)
        {
            fields["System.State"] = state;
        }

        var item = Organization.AddWorkItem("Project 1", "Bug", "Checkout fails for " + groupId, fields, by: Organization.Users[1]);
        var group = Groups.Link(IntegrationId, item.Id, new LinkedGroup(groupId, HostProjectId, resolved, VstsProjectId: item.ProjectId));
        return (item, group);
    }

    /// <summary>Replaces a subscription's <c>httpHeaders</c> behind the SDK's back, as a person editing it in Azure DevOps would (e.g. a wrong secret).</summary>
    public async Task SetSubscriptionHeadersAsync(string subscriptionId, string httpHeaders)
    {
        var remote = await Client.Subscriptions.GetAsync(subscriptionId, Timeout());
        var inputs = new Dictionary<string, string>(remote.ConsumerInputs, StringComparer.OrdinalIgnoreCase) { ["httpHeaders"] = httpHeaders };
        await Client.Subscriptions.ReplaceAsync(
            subscriptionId,
            new ServiceHookSubscriptionRequest { EventType = remote.EventType!, PublisherInputs = remote.PublisherInputs, ConsumerInputs = inputs },
            Timeout());
    }

    public async Task<IIssueIntegration> IntegrationAsync() =>
        await Services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(Installation, Timeout());

    /// <summary>Waits (bounded) until the emulator has delivered a matching webhook and recorded the answer.</summary>
    public Task<WebhookDelivery> DeliveryAsync(string eventType, int workItemId, int revision) =>
        Emulator.WaitForDeliveryAsync(d => d.EventType == eventType && d.WorkItemId == workItemId && d.Revision == revision, Timeout());

    public static CancellationToken Timeout() => new CancellationTokenSource(WaitLimit).Token;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private async Task StartAppAsync(Action<IVstsIssueSyncBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Emulator.WebhookCertificate)));
        var sdk = builder.Services.AddVstsIssueSync(options =>
            {
                options.OrganizationUrl = Emulator.OrganizationUrl.AbsoluteUri;
                options.PersonalAccessToken = Emulator.PersonalAccessToken;
                options.ApplicationName = "IssueSync.Sdk.IntegrationTests";
            })
            .AddIntegrationStore(_ => Integrations)
            .AddGroupStore(_ => Groups)
            .AddAssigneeStore(_ => Assignees)
            .AddExternalProjectStore(_ => Projects)
            .AddCommentStore(_ => Comments)
            .AddWorkItemDeletionStore(_ => Deletions);
        configure?.Invoke(sdk);
        _app = builder.Build();
        _app.MapVstsWebhook();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        CallbackUrl = new Uri(new Uri(address.TrimEnd('/') + "/"), VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern);
    }
}
