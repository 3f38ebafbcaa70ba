namespace IssueSync.Sdk.Client;

/// <summary>
/// The latest Azure DevOps rate-limit state the SDK has seen, per organization: the
/// <c>X-RateLimit-Limit</c> / <c>X-RateLimit-Remaining</c> headers and any delay Azure DevOps asked
/// for with <c>Retry-After</c> on a successful answer. Lets a host slow down before it is blocked.
/// Registered as a singleton by <c>AddVstsIssueSync</c>.
/// </summary>
public interface IVstsRateLimitMonitor
{
    /// <summary>The latest snapshot of every organization that sent rate-limit headers.</summary>
    IReadOnlyCollection<VstsRateLimitSnapshot> Snapshots { get; }

    /// <summary>The latest snapshot for one organization, or <see langword="null"/> when none was seen.</summary>
    /// <param name="organizationUrl">The organization URL, as in <see cref="VstsConnection.OrganizationUrl"/>.</param>
    /// <returns>The snapshot, or <see langword="null"/>.</returns>
    VstsRateLimitSnapshot? GetSnapshot(Uri organizationUrl);
}
