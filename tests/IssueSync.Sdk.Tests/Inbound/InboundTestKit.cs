using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// The inbound handler as a host wires it (<c>AddVstsIssueSync</c> and its DI registration), with the
/// in-memory host stores of <c>IssueSync.Sdk.Testing</c> so tests assert what the host's stores saw,
/// and MockHttp behind the real handler chain for the states the resolve decision reads.
/// </summary>
internal sealed class InboundTestKit : IDisposable
{
    public const string OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a";
    public const string ProjectId = "c0bf429a-c03c-4a99-9336-d45be74db5a6";
    public const string SubscriptionId = "fd672255-8b6b-4769-9260-beea83d752ce";
    public const string IntegrationId = "integration-1";
    public const string Secret = "webhook-secret-0123456789";
    public const string HostProjectId = "host-project";
    public const int WorkItemId = 31;

    /// <summary>The Bug states of the payloads' project, as the resolve decision reads them.</summary>
    public const string BugStatesUrl = ClientTestHarness.OrganizationUrl + ProjectId + "/_apis/wit/workitemtypes/Bug/states";

    /// <summary>An Agile-like Bug (Resolved and Closed are done; Removed is not).</summary>
    public const string BugStatesJson = Issues.ResolveSyncActionTests.BugStatesJson;

    public InboundTestKit(
        VstsSyncSettings? settings = null,
        Action<VstsIssueSyncOptions>? configureOptions = null,
        Func<IDeliveryStore, IDeliveryStore>? wrapDeliveryStore = null,
        Action<IServiceCollection>? configureServices = null)
    {
        Assignees = new InMemoryAssigneeStore(Groups);
        Client = new ClientTestHarness(
            configureOptions: o =>
            {
                // One answer per request: the retry layer has its own tests.
                o.Resilience.MaxRetries = 0;
                o.OrganizationUrl = ClientTestHarness.OrganizationUrl;
                o.PersonalAccessToken = ClientTestHarness.PersonalAccessToken;
                configureOptions?.Invoke(o);
            },
            configureServices: services =>
            {
                services.AddSingleton<IIntegrationStore>(Integrations);
                services.AddSingleton<IGroupStore>(Groups);
                services.AddSingleton<IAssigneeStore>(Assignees);
                if (wrapDeliveryStore is not null)
                {
                    services.AddSingleton(sp => wrapDeliveryStore(new InMemoryDeliveryStore(sp.GetRequiredService<TimeProvider>())));
                }

                configureServices?.Invoke(services);
            });
        Installation = Integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = OrganizationId,
            OrganizationUrl = ClientTestHarness.OrganizationUrl,
            WebhookSecrets = new VstsWebhookSecrets(Secret),
            SyncSettings = settings ?? new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        });
    }

    public ClientTestHarness Client { get; }

    public InMemoryIntegrationStore Integrations { get; } = new();

    public InMemoryGroupStore Groups { get; } = new();

    public InMemoryAssigneeStore Assignees { get; }

    public VstsInstallation Installation { get; }

    public IInboundSyncHandler Handler => Client.Services.GetRequiredService<IInboundSyncHandler>();

    public IDeliveryStore Deliveries => Client.Services.GetRequiredService<IDeliveryStore>();

    /// <summary>Links a group of <see cref="HostProjectId"/> to <see cref="WorkItemId"/> (or another item).</summary>
    public LinkedGroup Link(string groupId, bool resolved = false, string? assignee = null, int workItemId = WorkItemId) =>
        Groups.Link(IntegrationId, workItemId, new LinkedGroup(groupId, HostProjectId, resolved, ProjectId, assignee));

    /// <summary>Makes a host user with an email assignable in <see cref="HostProjectId"/>.</summary>
    public HostUser AddUser(string userId, string email)
    {
        var user = new HostUser(userId, [email], userId);
        Assignees.AddUser(HostProjectId, user);
        return user;
    }

    /// <summary>Answers the Bug states once (the decision caches them).</summary>
    public void ExpectBugStates() => Client.ExpectJson(HttpMethod.Get, BugStatesUrl, BugStatesJson);

    /// <summary>Delivers a body with the shared secret in the default header (or none, or another).</summary>
    public Task<VstsWebhookResult> DeliverAsync(string json, string? secret = Secret, string header = "Shared-Secret", CancellationToken cancellationToken = default) =>
        DeliverAsync(Encoding.UTF8.GetBytes(json), secret is null ? [] : [new(header, secret)], cancellationToken);

    public Task<VstsWebhookResult> DeliverAsync(byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken = default) =>
        Handler.HandleAsync(new VstsWebhookRequest(body, headers), cancellationToken);

    public void Dispose() => Client.Dispose();
}
