using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>Builds the inbound handler from the service provider: the host's ports and the Sync floor.</summary>
internal static class InboundRegistrations
{
    /// <summary>The DI factory: the installation and group stores are required, the others optional.</summary>
    public static InboundSyncHandler CreateHandler(IServiceProvider services)
    {
        var integrations = services.GetService<IIntegrationStore>() ?? throw new InvalidOperationException(
            "The inbound webhook handler needs the host's IIntegrationStore to find the installation of a delivery: call AddIntegrationStore(...) on the builder AddVstsIssueSync returns.");
        var groups = services.GetService<IGroupStore>() ?? throw new InvalidOperationException(
            "The inbound webhook handler needs the host's IGroupStore to find and change the groups linked to a work item: call AddGroupStore(...) on the builder AddVstsIssueSync returns.");
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(InboundSyncHandler.LoggerName);
        var claims = new DeliveryClaims(services.GetRequiredService<IDeliveryDedupeStore>(), logger);
        var watermarks = services.GetRequiredService<FieldWatermarks>();
        var ownWrites = services.GetRequiredService<OwnWriteTracker>();
        var gate = new WorkItemGate();
        var changes = new WorkItemChangeHandler(
            groups,
            services.GetService<IAssigneeStore>(),
            claims,
            watermarks,
            ownWrites,
            services.GetRequiredService<ResolveDecision>(),
            services.GetRequiredService<InstallationConnector>(),
            gate,
            logger);
        var deletions = services.GetService<IWorkItemDeletionStore>() is { } deletionStore
            ? new WorkItemDeletedHandler(groups, deletionStore, claims, logger)
            : null;
        var comments = services.GetService<ICommentStore>() is { } commentStore
            ? new WorkItemCommentedHandler(groups, commentStore, claims, watermarks, ownWrites, gate, logger)
            : null;
        return new InboundSyncHandler(integrations, WebhookOptions(services), logger, changes, deletions, comments);
    }

    private static IOptionsMonitor<VstsWebhookOptions> WebhookOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>();
}
