using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>How the hosted services find the host's installations.</summary>
internal static class InstallationListing
{
    /// <summary>
    /// The registered <see cref="IInstallationEnumerator"/>, else the <see cref="IIntegrationStore"/> when it implements it;
    /// otherwise fails the host's start with what to fix, rather than a service that never runs.
    /// </summary>
    /// <param name="services">The service provider.</param>
    /// <param name="consumer">The service that needs the listing, for the message (e.g. "The reconciliation service").</param>
    public static IInstallationEnumerator Resolve(IServiceProvider services, string consumer) =>
        services.GetService<IInstallationEnumerator>()
        ?? services.GetService<IIntegrationStore>() as IInstallationEnumerator
        ?? throw new InvalidOperationException(
            $"{consumer} needs to list installations: implement IInstallationEnumerator on the host's IIntegrationStore, "
            + "or register one with AddInstallationEnumerator on the builder AddVstsIssueSync returns.");
}
