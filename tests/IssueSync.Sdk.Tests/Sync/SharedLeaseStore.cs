using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// A lease store the SDK takes for a shared one (it is not <see cref="InMemorySyncLeaseStore"/>): it delegates to
/// one in-process store that several "instances" (service providers, gates) share, counts the calls, and fails or
/// loses leases on demand.
/// </summary>
internal sealed class SharedLeaseStore(InMemorySyncLeaseStore inner) : ISyncLeaseStore
{
    private int _acquires;
    private int _extends;
    private int _releases;

    public SharedLeaseStore()
        : this(new InMemorySyncLeaseStore())
    {
    }

    /// <summary>The store every instance shares.</summary>
    public InMemorySyncLeaseStore Inner { get; } = inner;

    /// <summary>While set, every call throws it (the store is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>While set, every extension answers that the lease was lost.</summary>
    public bool LoseOnExtend { get; set; }

    public int Acquires => Volatile.Read(ref _acquires);

    public int Extends => Volatile.Read(ref _extends);

    public int Releases => Volatile.Read(ref _releases);

    public Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _acquires);
        ThrowIfDown();
        return Inner.TryAcquireAsync(resource, leaseTime, cancellationToken);
    }

    public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _extends);
        ThrowIfDown();
        return LoseOnExtend ? Task.FromResult(false) : Inner.TryExtendAsync(lease, leaseTime, cancellationToken);
    }

    public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _releases);
        ThrowIfDown();
        return Inner.ReleaseAsync(lease, cancellationToken);
    }

    private void ThrowIfDown()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
