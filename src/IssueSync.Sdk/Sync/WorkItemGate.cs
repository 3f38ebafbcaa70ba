using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Serialises the handling of one work item's changes (webhook deliveries and reconciliation alike), so the watermark check, the apply and the
/// watermark advance of one revision are not interleaved with another revision's (revision 6 applied, then
/// revision 5 applied over it).
/// <para>
/// Within this process: a fixed set of stripes, so memory stays bounded however many work items are seen;
/// two items sharing a stripe only wait for each other. Across host instances, when a shared
/// <see cref="ISyncLeaseStore"/> is registered: also the fenced lease <c>workitem:{organization}:{id}</c>,
/// waited for by polling up to the caller's wait (the webhook options' <c>WorkItemLeaseWait</c>, which reconciliation
/// uses too), and checked before each watermark write, so an instance whose lease lapsed does not advance what
/// another now applies. The check is local while at least half the lease time is left, counted on this instance's
/// clock from before the lease was asked for (so never later than the store's own expiry), and extends the lease in
/// the store only once less is left: a delivery handled within half the lease time (15 s by default) makes no
/// store call between taking and releasing the lease, one that runs longer extends it as before.
/// With the in-process default store no lease is taken: the stripes already exclude, and the hot path stays
/// as cheap as it was.
/// </para>
/// </summary>
internal sealed class WorkItemGate
{
    private const int StripeCount = 64;

    private readonly SemaphoreSlim[] _stripes = CreateStripes();
    private readonly ISyncLeaseStore? _shared;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>A gate for one process only (no shared lease store).</summary>
    public WorkItemGate()
        : this(null, TimeProvider.System, NullLogger.Instance)
    {
    }

    /// <param name="shared">The shared lease store (<see cref="SyncLeases.Shared"/>), or <see langword="null"/> for one process.</param>
    /// <param name="timeProvider">The clock the lease wait runs on.</param>
    /// <param name="logger">The sync log (lease busy and lease lost).</param>
    public WorkItemGate(ISyncLeaseStore? shared, TimeProvider timeProvider, ILogger logger)
    {
        _shared = shared;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Waits for the work item's stripe and, with a shared lease store, for its lease. A lease not had within
    /// the wait throws <see cref="ContendedException"/>; a lease store that fails throws
    /// <see cref="HostStoreException"/>: a delivery is answered 503 for both (Azure DevOps delivers again), a
    /// reconciliation run stops before its watermark.
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="leaseTime">With a shared store: how long the lease holds before it lapses (extended by a fence check once half of it has passed).</param>
    /// <param name="leaseWait">With a shared store: how long to wait for the lease while another instance holds it; zero tries once.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The entry; dispose it to let the next delivery in.</returns>
    public ValueTask<Entry> EnterAsync(string organizationId, int workItemId, TimeSpan leaseTime, TimeSpan leaseWait, CancellationToken cancellationToken)
    {
        var hash = HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(organizationId), workItemId);
        var stripe = _stripes[(uint)hash % StripeCount];

        // A free stripe (the usual case) is taken without a state machine; a cancelled token still throws.
        cancellationToken.ThrowIfCancellationRequested();
        if (_shared is null)
        {
            return stripe.Wait(0, CancellationToken.None) ? ValueTask.FromResult(new Entry(stripe)) : WaitAsync(stripe, cancellationToken);
        }

        return EnterSharedAsync(_shared, stripe, organizationId, workItemId, leaseTime, leaseWait, cancellationToken);

        static async ValueTask<Entry> WaitAsync(SemaphoreSlim stripe, CancellationToken cancellationToken)
        {
            await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Entry(stripe);
        }
    }

    private async ValueTask<Entry> EnterSharedAsync(ISyncLeaseStore shared, SemaphoreSlim stripe, string organizationId, int workItemId, TimeSpan leaseTime, TimeSpan leaseWait, CancellationToken cancellationToken)
    {
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        var resource = SyncLeases.WorkItem(organizationId, workItemId);
        // Before the first attempt: the lease was taken no earlier, so the store's expiry is no earlier than this plus the lease time.
        var asked = _timeProvider.GetTimestamp();
        SyncLease? lease;
        try
        {
            lease = await SyncLeaseWaits.AcquireAsync(shared, resource, leaseTime, leaseWait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            stripe.Release();
            if (HostStoreException.IsStoreFailure(ex, cancellationToken))
            {
                throw new HostStoreException(nameof(ISyncLeaseStore), ex);
            }

            throw;
        }

        if (lease is null)
        {
            stripe.Release();
            SyncLog.WorkItemLeaseBusy(_logger, workItemId, leaseWait.TotalSeconds);
            throw new ContendedException("Another instance held the work item's lease for longer than the wait.");
        }

        return new Entry(stripe, this, new HeldLease(lease, leaseTime, asked));
    }

    /// <summary>
    /// The fence check: nothing to do while more than half the lease time is left since the lease was asked for
    /// (or last extended); otherwise extends the lease, or throws when it was lost (or the store failed).
    /// </summary>
    private ValueTask CheckFenceAsync(HeldLease held, int workItemId, CancellationToken cancellationToken) =>
        _timeProvider.GetElapsedTime(held.Since) < held.LeaseTime / 2
            ? ValueTask.CompletedTask
            : ExtendAsync(held, workItemId, cancellationToken);

    private async ValueTask ExtendAsync(HeldLease held, int workItemId, CancellationToken cancellationToken)
    {
        var lease = held.Lease;
        var asked = _timeProvider.GetTimestamp();
        bool extended;
        try
        {
            extended = await _shared!.TryExtendAsync(lease, held.LeaseTime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncLeaseStore), ex);
        }

        if (!extended)
        {
            SyncLog.WorkItemLeaseLost(_logger, workItemId, lease.FencingToken);
            throw new ContendedException("The work item's lease lapsed before the watermark was advanced.");
        }

        held.Since = asked;
    }

    private async ValueTask ExitAsync(SemaphoreSlim stripe, HeldLease held)
    {
        try
        {
            await SyncLeases.ReleaseAsync(_shared!, held.Lease, _logger).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    /// <summary>
    /// Held while one delivery of a work item is handled: the stripe and, with a shared store, the lease.
    /// The default entry holds nothing and checks nothing.
    /// </summary>
    internal readonly struct Entry : IAsyncDisposable
    {
        private readonly SemaphoreSlim? _stripe;
        private readonly WorkItemGate? _gate;
        private readonly HeldLease? _lease;

        public Entry(SemaphoreSlim stripe)
        {
            _stripe = stripe;
        }

        public Entry(SemaphoreSlim stripe, WorkItemGate gate, HeldLease lease)
        {
            _stripe = stripe;
            _gate = gate;
            _lease = lease;
        }

        /// <summary>Whether a distributed lease is held, so writes are fenced.</summary>
        public bool IsFenced => _lease is not null;

        /// <summary>
        /// Before a watermark is written: checks the lease is still held, locally while more than half its time is
        /// left, else by extending it, throwing <see cref="ContendedException"/> when it was lost and
        /// <see cref="HostStoreException"/> when the store failed. Nothing to do without a lease.
        /// </summary>
        public ValueTask CheckFenceAsync(int workItemId, CancellationToken cancellationToken) =>
            _lease is null ? ValueTask.CompletedTask : _gate!.CheckFenceAsync(_lease, workItemId, cancellationToken);

        public ValueTask DisposeAsync()
        {
            if (_lease is null)
            {
                _stripe?.Release();
                return ValueTask.CompletedTask;
            }

            return _gate!.ExitAsync(_stripe!, _lease);
        }
    }

    /// <summary>
    /// A lease this instance holds, the time it was taken (and is extended) for, and the timestamp (on the gate's clock)
    /// of the request that last set its expiry: the acquisition, or the latest extension. One delivery uses it at a time
    /// (under the stripe).
    /// </summary>
    internal sealed class HeldLease(SyncLease lease, TimeSpan leaseTime, long since)
    {
        public SyncLease Lease { get; } = lease;

        public TimeSpan LeaseTime { get; } = leaseTime;

        public long Since { get; set; } = since;
    }
}
