namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// Waiting for a lease of an <see cref="ISyncLeaseStore"/>: the port does not wait, so a caller that must
/// have the lease polls with a small, jittered, growing backoff up to a bounded wait. Here, beside the port,
/// because both <c>Auth</c> (the refresh lease, floor 1) and the floors above (the work item lease) use it.
/// </summary>
internal static class SyncLeaseWaits
{
    /// <summary>The first pause between two attempts.</summary>
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause between two attempts.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Takes the lease on <paramref name="resource"/>, trying again while another holds it until
    /// <paramref name="wait"/> has passed on <paramref name="timeProvider"/>. The store's own failures propagate.
    /// </summary>
    /// <param name="store">The lease store.</param>
    /// <param name="resource">What the lease covers.</param>
    /// <param name="leaseTime">How long the lease holds once taken.</param>
    /// <param name="wait">How long to keep trying; zero tries once.</param>
    /// <param name="timeProvider">The clock the wait and the pauses run on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The lease, or <see langword="null"/> when the wait ran out.</returns>
    public static async Task<SyncLease?> AcquireAsync(
        ISyncLeaseStore store,
        string resource,
        TimeSpan leaseTime,
        TimeSpan wait,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            if (await store.TryAcquireAsync(resource, leaseTime, cancellationToken).ConfigureAwait(false) is { } lease)
            {
                return lease;
            }

            var left = wait - timeProvider.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            // Between half and all of the pause, so the waiters for one resource do not ask in step.
            var jittered = pause * (0.5 + (Random.Shared.NextDouble() / 2));
            await Task.Delay(jittered < left ? jittered : left, timeProvider, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 < MaxPause ? pause * 2 : MaxPause;
        }
    }
}
