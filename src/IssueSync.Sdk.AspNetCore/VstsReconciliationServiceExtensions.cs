using IssueSync.Sdk.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk;

/// <summary>Opt-in hosting of reconciliation: the periodic run over every installation.</summary>
public static class VstsReconciliationServiceExtensions
{
    /// <summary>
    /// Registers a hosted service that runs <c>IVstsReconciler.ReconcileAsync</c> for every installation periodically
    /// (default every 15 minutes), and at once for an installation whose subscription the subscription monitor
    /// (<c>AddSubscriptionMonitor</c>) finds on probation, disabled or recreated. One instance at a time per
    /// organization, through the lease store (<c>ISyncLeaseStore</c>; register a shared one when the host runs several
    /// instances). Installations are listed through an <c>IInstallationEnumerator</c> (or an <c>IIntegrationStore</c>
    /// that implements it); without one the host fails to start with a message saying so. Options are validated at
    /// start. Calling it again only applies <paramref name="configure"/> again.
    /// </summary>
    /// <param name="builder">The builder <c>AddVstsIssueSync</c> returned.</param>
    /// <param name="configure">Sets the timing and the lease time; the defaults when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddReconciliationService(this IVstsIssueSyncBuilder builder, Action<VstsReconciliationServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<VstsReconciliationServiceOptions>().Configure(configure ?? (static _ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VstsReconciliationServiceOptions>, VstsReconciliationServiceOptionsValidator>());
        services.TryAddSingleton<VstsSubscriptionHealthState>();
        services.TryAddSingleton<VstsReconciliationService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, VstsReconciliationService>(static sp => sp.GetRequiredService<VstsReconciliationService>()));
        return builder;
    }
}

/// <summary>Checks the reconciliation service's timing at start, naming the key to fix.</summary>
internal sealed class VstsReconciliationServiceOptionsValidator : IValidateOptions<VstsReconciliationServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, VstsReconciliationServiceOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{nameof(VstsReconciliationServiceOptions)}.{nameof(options.Interval)} must be at least 1 second (got {options.Interval}).");
        }

        if (options.FirstRunDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(VstsReconciliationServiceOptions)}.{nameof(options.FirstRunDelay)} must not be negative (got {options.FirstRunDelay}).");
        }

        if (options.LeaseTime < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{nameof(VstsReconciliationServiceOptions)}.{nameof(options.LeaseTime)} must be at least 1 second (got {options.LeaseTime}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
