using IssueSync.Sdk.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk;

/// <summary>Opt-in hosting of the subscription lifecycle: the periodic check and its health check.</summary>
public static class VstsSubscriptionMonitoringExtensions
{
    /// <summary>The default name of the health check.</summary>
    public const string DefaultHealthCheckName = "vsts-subscriptions";

    /// <summary>
    /// Registers a hosted service that runs <c>IVstsSubscriptionManager.CheckAsync</c> for every installation
    /// periodically (default every 6 hours). Installations are listed through an
    /// <c>IInstallationEnumerator</c> (or an <c>IIntegrationStore</c> that implements it); without one the
    /// host fails to start with a message saying so. Options are validated at start. Calling it again only
    /// applies <paramref name="configure"/> again.
    /// </summary>
    /// <param name="builder">The builder <c>AddVstsIssueSync</c> returned.</param>
    /// <param name="configure">Sets the callback URL (required) and the timing.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddSubscriptionMonitor(this IVstsIssueSyncBuilder builder, Action<VstsSubscriptionMonitorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<VstsSubscriptionMonitorOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VstsSubscriptionMonitorOptions>, VstsSubscriptionMonitorOptionsValidator>());
        services.TryAddSingleton<VstsSubscriptionHealthState>();
        services.TryAddSingleton<VstsSubscriptionMonitorMarker>();
        services.TryAddSingleton<VstsSubscriptionMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, VstsSubscriptionMonitor>(static sp => sp.GetRequiredService<VstsSubscriptionMonitor>()));
        return builder;
    }

    /// <summary>
    /// Adds a health check reporting the subscription state found by the last run of the monitor
    /// (<see cref="AddSubscriptionMonitor"/>): unhealthy when a subscription is disabled or failing or a check
    /// failed, degraded when one is on probation or a secret rotation is unfinished. Without the monitor it is
    /// healthy and says "Subscriptions are not monitored". It reads the last result only: probing it calls
    /// nothing in Azure DevOps.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when events are not delivered; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by (e.g. <c>ready</c>).</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddVstsSubscriptionCheck(
        this IHealthChecksBuilder builder,
        string name = DefaultHealthCheckName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.TryAddSingleton<VstsSubscriptionHealthState>();
        return builder.Add(new HealthCheckRegistration(
            name,
            static sp => new VstsSubscriptionHealthCheck(sp.GetRequiredService<VstsSubscriptionHealthState>(), sp.GetService<VstsSubscriptionMonitorMarker>() is not null),
            failureStatus,
            tags));
    }
}
