using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>
/// The SDK's factories that read the service provider. Nothing below the DI layer sees it: each
/// component gets what it needs through its constructor, and a missing host store is reported here,
/// naming the call that adds it.
/// </summary>
internal static class VstsServiceFactories
{
    /// <summary>The inbound handler: the installation and group stores are required, the others optional.</summary>
    public static InboundSyncHandler CreateInboundSyncHandler(IServiceProvider services)
    {
        var integrations = services.GetService<IIntegrationStore>() ?? throw new InvalidOperationException(
            "The inbound webhook handler needs the host's IIntegrationStore to find the installation of a delivery: call AddIntegrationStore(...) on the builder AddVstsIssueSync returns.");
        var groups = services.GetService<IGroupStore>() ?? throw new InvalidOperationException(
            "The inbound webhook handler needs the host's IGroupStore to find and change the groups linked to a work item: call AddGroupStore(...) on the builder AddVstsIssueSync returns.");
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(InboundSyncHandler.LoggerName);
        var claims = new DeliveryClaims(services.GetRequiredService<IDeliveryDedupeStore>(), logger);
        var watermarks = services.GetRequiredService<FieldWatermarks>();
        var ownWrites = services.GetRequiredService<OwnWriteTracker>();
        // One gate per process (with a shared lease store, also the work item lease across instances):
        // deliveries and reconciliation of one work item never interleave.
        var gate = services.GetRequiredService<WorkItemGate>();
        var changes = new WorkItemChangeHandler(groups, claims, CreateChangeApplier(services, groups, logger), gate, logger);
        var deletions = services.GetService<IWorkItemDeletionStore>() is { } deletionStore
            ? new WorkItemDeletedHandler(groups, deletionStore, new WorkItemDeletions(watermarks), claims, logger)
            : null;
        var comments = services.GetService<ICommentStore>() is { } commentStore
            ? new WorkItemCommentedHandler(groups, commentStore, claims, watermarks, ownWrites, gate, logger)
            : null;
        return new InboundSyncHandler(integrations, services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>(), logger, changes, deletions, comments);
    }

    /// <summary>Reconciliation: the group store is required (its batch lookup), the assignee store optional as inbound.</summary>
    public static VstsReconciler CreateReconciler(IServiceProvider services)
    {
        var groups = services.GetService<IGroupStore>() ?? throw new InvalidOperationException(
            "Reconciliation needs the host's IGroupStore to find the groups linked to the work items it reads: call AddGroupStore(...) on the builder AddVstsIssueSync returns.");
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(ReconciliationLog.Category);
        return new VstsReconciler(
            services.GetRequiredService<InstallationConnector>(),
            services.GetRequiredService<IReconciliationStateStore>(),
            groups,
            CreateChangeApplier(services, groups, logger),
            services.GetRequiredService<FieldWatermarks>(),
            services.GetService<IWorkItemDeletionStore>(),
            services.GetRequiredService<WorkItemGate>(),
            WorkItemLeaseTimes(services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>()),
            services.GetRequiredService<IOptionsMonitor<VstsReconciliationOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            logger);
    }

    /// <summary>
    /// The work item lease's time and wait for reconciliation: the webhook options' <c>WorkItemLeaseTime</c> and
    /// <c>WorkItemLeaseWait</c>, read at each use, so both holders of the one lease per work item follow one setting.
    /// </summary>
    private static Func<(TimeSpan LeaseTime, TimeSpan LeaseWait)> WorkItemLeaseTimes(IOptionsMonitor<VstsWebhookOptions> webhook) => () =>
    {
        var current = webhook.CurrentValue;
        return (current.WorkItemLeaseTime, current.WorkItemLeaseWait);
    };

    /// <summary>The inbound sync rules over the host's group store (and assignee store, when registered).</summary>
    public static WorkItemChangeApplier CreateChangeApplier(IServiceProvider services, IGroupStore groups, ILogger logger) => new(
        groups,
        services.GetService<IAssigneeStore>(),
        services.GetRequiredService<FieldWatermarks>(),
        services.GetRequiredService<OwnWriteTracker>(),
        services.GetRequiredService<ResolveDecision>(),
        services.GetRequiredService<InstallationConnector>(),
        logger);

    /// <summary>
    /// The subscription manager: one subscription per event type the host's registered ports handle;
    /// the integration store is needed only when a method is called.
    /// </summary>
    public static VstsSubscriptionManager CreateSubscriptionManager(IServiceProvider services)
    {
        var registered = services.GetService<IServiceProviderIsService>();
        List<string> eventTypes = [VstsSubscriptionManager.WorkItemUpdated];
        if (registered?.IsService(typeof(IWorkItemDeletionStore)) == true)
        {
            eventTypes.Add(VstsSubscriptionManager.WorkItemDeleted);
        }

        if (registered?.IsService(typeof(ICommentStore)) == true)
        {
            eventTypes.Add(VstsSubscriptionManager.WorkItemCommented);
        }

        return new VstsSubscriptionManager(
            services.GetRequiredService<InstallationConnector>(),
            services.GetRequiredService<IOptionsMonitor<VstsSubscriptionOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetService<IIntegrationStore>(),
            eventTypes,
            services.GetService<ILoggerFactory>());
    }

    /// <summary>
    /// The OAuth refresher, with the host's token store when one is registered (without one, an
    /// OAuth identity's refresh fails saying to call <c>AddTokenStore</c>), and the lease store when
    /// it is shared between instances (<see cref="SyncLeases.Shared"/>).
    /// </summary>
    public static OAuthTokenRefresher CreateOAuthTokenRefresher(IServiceProvider services) => new(
        services.GetService<ITokenStore>(),
        SyncLeases.Shared(services.GetService<ISyncLeaseStore>()),
        services.GetRequiredService<IHttpClientFactory>(),
        services.GetRequiredService<IOptionsMonitor<VstsOAuthOptions>>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<OAuthTokenRefresher>>());

    /// <summary>
    /// Adds the SDK's retry and timeout policy (<see cref="VstsRetryPolicy"/>) to the client. Called
    /// before the per-attempt handlers are added, so the retry sits outside authentication and every
    /// attempt is authenticated afresh.
    /// </summary>
    public static void AddRetryPolicy(IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<VstsRetryPolicy>();
        builder.AddHttpMessageHandler(static services => services.GetRequiredService<VstsRetryPolicy>().CreateHandler());
        // The overall timeout replaces HttpClient's own: it would cap a longer OverallTimeout at
        // 100 s, and costs a linked source and a timer per request.
        builder.ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Gives the client back <see cref="HttpClient"/>'s default timeout (100 s) as a backstop when
    /// the policy <see cref="AddRetryPolicy"/> added is replaced; a timeout the host sets later wins.
    /// </summary>
    public static void RestoreClientTimeout(IHttpClientBuilder builder) =>
        builder.ConfigureHttpClient(static client =>
        {
            if (client.Timeout == Timeout.InfiniteTimeSpan)
            {
                client.Timeout = DefaultClientTimeout;
            }
        });

    /// <summary><see cref="HttpClient"/>'s default timeout.</summary>
    private static readonly TimeSpan DefaultClientTimeout = TimeSpan.FromSeconds(100);
}
