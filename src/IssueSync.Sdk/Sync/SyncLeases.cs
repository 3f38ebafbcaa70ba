using System.Globalization;
using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// How the SDK uses <see cref="ISyncLeaseStore"/>: the resource names it leases, whether the registered
/// store is shared between host instances, and a job run by one instance at a time.
/// </summary>
internal static class SyncLeases
{
    /// <summary>
    /// The registered store when it is shared between instances; <see langword="null"/> for the in-process
    /// default. In one process the SDK's own exclusion already covers what a lease would (the work item
    /// stripes, the single-flight refresh), and the inbound hot path stays free of a lease round trip.
    /// </summary>
    /// <param name="store">The registered lease store.</param>
    /// <returns>The store to take distributed leases from, or <see langword="null"/>.</returns>
    public static ISyncLeaseStore? Shared(ISyncLeaseStore? store) => store is InMemorySyncLeaseStore ? null : store;

    /// <summary>The lease over the inbound handling of one work item: <c>workitem:{organization id, lower case}:{id}</c>.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item id.</param>
    /// <returns>The resource name.</returns>
    public static string WorkItem(string organizationId, int workItemId) =>
        string.Create(CultureInfo.InvariantCulture, $"workitem:{organizationId.ToLowerInvariant()}:{workItemId}");

    /// <summary>The lease over one organization's run of a singleton job: <c>job:{job}:{organization id, lower case}</c>.</summary>
    /// <param name="job">The job's name, e.g. <c>subscription-monitor</c>.</param>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <returns>The resource name.</returns>
    public static string Job(string job, string organizationId) => $"job:{job}:{organizationId.ToLowerInvariant()}";

    /// <summary>
    /// Runs <paramref name="work"/> only when this instance takes the lease on <paramref name="resource"/> at
    /// once (no waiting: another instance is doing the job), and releases it afterwards, also on failure. A
    /// lease store that fails to take the lease throws (the job is not run unguarded); one that fails to release
    /// it is logged, and the lease lapses after <paramref name="leaseTime"/>.
    /// </summary>
    /// <param name="store">The lease store.</param>
    /// <param name="resource">The job's lease, see <see cref="Job"/>.</param>
    /// <param name="leaseTime">How long a crashed run blocks the job: about the job's interval.</param>
    /// <param name="work">The job.</param>
    /// <param name="logger">Where a failed release is logged.</param>
    /// <param name="cancellationToken">Cancels the attempt and the job.</param>
    /// <returns><see langword="true"/> when this instance ran the job; <see langword="false"/> when another holds the lease.</returns>
    public static async Task<bool> TryRunAsSingletonAsync(
        ISyncLeaseStore store,
        string resource,
        TimeSpan leaseTime,
        Func<CancellationToken, Task> work,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (await store.TryAcquireAsync(resource, leaseTime, cancellationToken).ConfigureAwait(false) is not { } lease)
        {
            return false;
        }

        try
        {
            await work(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            await ReleaseAsync(store, lease, logger).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a lease back, whatever happened to the work; a store failure is logged, never thrown.</summary>
    /// <param name="store">The lease store.</param>
    /// <param name="lease">The lease as taken.</param>
    /// <param name="logger">Where a failure is logged.</param>
    /// <returns>A task that completes when the store answered.</returns>
    public static async Task ReleaseAsync(ISyncLeaseStore store, SyncLease lease, ILogger logger)
    {
        try
        {
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SyncLog.LeaseNotReleased(logger, lease.Resource, ex);
        }
    }
}
