using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// The inbound handler as a host wires it (<c>AddVstsIssueSync</c> and its DI registration), with the
/// in-memory host stores of <c>IssueSync.Sdk.Testing</c> so tests assert what the host's stores saw,
/// and MockHttp behind the real handler chain for the states the resolve decision reads. The
/// installation is the one of the payload corpus (<see cref="WebhookPayloads"/>): every corpus file is
/// a delivery for it. Every store call goes through <see cref="Probe"/>, which also injects failures;
/// every log line at Trace level is in <see cref="Logs"/>.
/// </summary>
internal sealed class InboundTestKit : IDisposable
{
    public const string IntegrationId = "integration-1";
    public const string Secret = "webhook-secret-0123456789";
    public const string HostProjectId = "host-project";

    /// <summary>The Bug states of the corpus' project, as the resolve decision reads them (by project id).</summary>
    public const string BugStatesUrl = ClientTestHarness.OrganizationUrl + ProjectId + "/_apis/wit/workitemtypes/Bug/states";

    /// <summary>An Agile-like Bug (Resolved and Closed are done; Removed is not).</summary>
    public const string BugStatesJson = Issues.ResolveSyncActionTests.BugStatesJson;

    /// <param name="settings">The installation's sync settings; default both inbound directions on.</param>
    /// <param name="configureOptions">More SDK options (e.g. <c>Webhook</c>).</param>
    /// <param name="optionalPorts">Registers the optional <see cref="IWorkItemDeletionStore"/> and <see cref="ICommentStore"/>.</param>
    /// <param name="configureServices">More services.</param>
    public InboundTestKit(
        VstsSyncSettings? settings = null,
        Action<VstsIssueSyncOptions>? configureOptions = null,
        bool optionalPorts = false,
        Action<IServiceCollection>? configureServices = null)
    {
        Assignees = new InMemoryAssigneeStore(Groups);
        Deletions = new RecordingDeletionStore(Probe);
        Comments = new RecordingCommentStore(Probe);
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
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
                services.AddSingleton<IIntegrationStore>(new ProbedIntegrationStore(Integrations, Probe));
                services.AddSingleton<IGroupStore>(new ProbedGroupStore(Groups, Probe));
                services.AddSingleton<IAssigneeStore>(new ProbedAssigneeStore(Assignees, Probe));
                services.AddSingleton<IDeliveryDedupeStore>(sp => new ProbedDedupeStore(new InMemoryDeliveryDedupeStore(sp.GetRequiredService<TimeProvider>()), Probe));
                services.AddSingleton(sp => new InMemorySyncWatermarkStore(sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton<ISyncWatermarkStore>(sp => new ProbedWatermarkStore(sp.GetRequiredService<InMemorySyncWatermarkStore>(), Probe));
                services.AddSingleton(sp => new InMemoryOwnWriteLedger(sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton<IOwnWriteLedger>(sp => new ProbedOwnWriteLedger(sp.GetRequiredService<InMemoryOwnWriteLedger>(), Probe));
                if (optionalPorts)
                {
                    services.AddSingleton<IWorkItemDeletionStore>(Deletions);
                    services.AddSingleton<ICommentStore>(Comments);
                }

                configureServices?.Invoke(services);
            });
        Installation = Integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = CollectionId,
            OrganizationUrl = ClientTestHarness.OrganizationUrl,
            WebhookSecrets = new VstsWebhookSecrets(Secret),
            SyncSettings = settings ?? new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        });
    }

    public ClientTestHarness Client { get; }

    /// <summary>Every host store call, and the failures to inject.</summary>
    public StoreProbe Probe { get; } = new();

    /// <summary>Every log line, Trace level and up.</summary>
    public FakeLogCollector Logs { get; } = new();

    public InMemoryIntegrationStore Integrations { get; } = new();

    public InMemoryGroupStore Groups { get; } = new();

    public InMemoryAssigneeStore Assignees { get; }

    /// <summary>The optional deletion port (registered with <c>optionalPorts</c>).</summary>
    public RecordingDeletionStore Deletions { get; }

    /// <summary>The optional comment port (registered with <c>optionalPorts</c>).</summary>
    public RecordingCommentStore Comments { get; }

    /// <summary>The installation as stored now.</summary>
    public VstsInstallation Installation { get; private set; }

    public IInboundSyncHandler Handler => Client.Services.GetRequiredService<IInboundSyncHandler>();

    /// <summary>The write ledger the SDK uses, without the probe (for arranging own writes).</summary>
    public InMemoryOwnWriteLedger Ledger => Client.Services.GetRequiredService<InMemoryOwnWriteLedger>();

    /// <summary>The watermark store the handler uses, without the probe.</summary>
    public InMemorySyncWatermarkStore Watermarks => Client.Services.GetRequiredService<InMemorySyncWatermarkStore>();

    /// <summary>The change source every inbound change must carry.</summary>
    public static ChangeSource Source => ChangeSource.FromIntegration(IntegrationId);

    /// <summary>Stores a changed installation (the handler reads it at every delivery).</summary>
    public VstsInstallation UpdateInstallation(Func<VstsInstallation, VstsInstallation> change) =>
        Installation = Integrations.Add(change(Installation));

    /// <summary>Links a group of <see cref="HostProjectId"/> to the corpus' work item (or another item).</summary>
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

    /// <summary>The newest revision applied to any followed field of the work item (<see langword="null"/>: none).</summary>
    public async Task<int?> WatermarkAsync(int workItemId = WorkItemId)
    {
        var marks = await Watermarks.ReadAsync(CollectionId, workItemId);
        return marks.Count == 0 ? null : marks.Max(m => m.Revision);
    }

    /// <summary>One field's watermark (<see langword="null"/>: none).</summary>
    public async Task<SyncWatermark?> FieldWatermarkAsync(string field, int workItemId = WorkItemId) =>
        (await Watermarks.ReadAsync(CollectionId, workItemId)).SingleOrDefault(m => m.Field == field);

    /// <summary>Records a confirmed write of the SDK's in the ledger, as the outbound side does after a write.</summary>
    public Task RecordOwnWriteAsync(int revision, string field, string? value = null, int workItemId = WorkItemId) =>
        Ledger.RecordAsync(OwnWriteFixtures.Confirmed(CollectionId, workItemId, revision, field, value));

    /// <summary>Delivers a corpus file as it is.</summary>
    public Task<VstsWebhookResult> DeliverAsync(string corpusFile, CancellationToken cancellationToken = default) =>
        DeliverAsync(Load(corpusFile), cancellationToken: cancellationToken);

    /// <summary>Delivers an edited payload.</summary>
    public Task<VstsWebhookResult> DeliverAsync(WebhookPayloadBuilder payload, CancellationToken cancellationToken = default) =>
        DeliverAsync(payload.ToBytes(), cancellationToken: cancellationToken);

    /// <summary>Delivers a body with the shared secret in the default header (or none, or another).</summary>
    public Task<VstsWebhookResult> DeliverAsync(byte[] body, string? secret = Secret, string header = "Shared-Secret", CancellationToken cancellationToken = default) =>
        DeliverWithHeadersAsync(body, secret is null ? [] : [new(header, secret)], cancellationToken);

    /// <summary>Delivers a body as text (for bodies that are no corpus payload).</summary>
    public Task<VstsWebhookResult> DeliverTextAsync(string body) => DeliverAsync(Encoding.UTF8.GetBytes(body));

    public Task<VstsWebhookResult> DeliverWithHeadersAsync(byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken = default) =>
        Handler.HandleAsync(new VstsWebhookRequest(body, headers), cancellationToken);

    public void Dispose() => Client.Dispose();
}

/// <summary>A test class with a fresh default <see cref="InboundTestKit"/> per test (xunit creates one instance per test).</summary>
public abstract class InboundTestBase : IDisposable
{
    private InboundTestKit? _kit;

    /// <summary>The default kit, made on first use (tests that need other settings make their own).</summary>
    private protected InboundTestKit Kit => _kit ??= new InboundTestKit();

    public void Dispose()
    {
        _kit?.Dispose();
        GC.SuppressFinalize(this);
    }
}
