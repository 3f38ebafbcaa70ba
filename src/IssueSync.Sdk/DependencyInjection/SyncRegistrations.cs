using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>The Sync floor's singletons: what the outbound and inbound sides share.</summary>
internal static class SyncRegistrations
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(static sp => new InstallationConnector(
            sp.GetRequiredService<IVstsCredentialResolver>(),
            sp.GetRequiredService<IVstsClientFactory>(),
            sp.GetRequiredService<IVstsAccountClient>(),
            sp.GetService<IIntegrationStore>()));
        services.TryAddSingleton(static sp => new WorkItemStateCache(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new ResolveDecision(
            sp.GetRequiredService<WorkItemStateCache>(),
            sp.GetRequiredService<IOptionsMonitor<SyncRuleOptions>>(),
            SyncLogger(sp)));
        services.TryAddSingleton(static sp => new OwnWriteTracker(
            sp.GetRequiredService<IOwnWriteLedger>(),
            sp.GetRequiredService<TimeProvider>(),
            SyncLogger(sp)));
        services.TryAddSingleton(static sp => new FieldWatermarks(sp.GetRequiredService<ISyncWatermarkStore>()));
        // One gate per process, for the webhook handlers and reconciliation; the work item lease only with a shared store.
        services.TryAddSingleton(static sp => new WorkItemGate(
            SyncLeases.Shared(sp.GetService<ISyncLeaseStore>()),
            sp.GetRequiredService<TimeProvider>(),
            SyncLogger(sp)));
    }

    private static ILogger SyncLogger(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(SyncLog.Category);
}
