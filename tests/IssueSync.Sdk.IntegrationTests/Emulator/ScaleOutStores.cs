using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>
/// A lease store the SDK takes for a shared one (it is not <see cref="InMemorySyncLeaseStore"/>, whose type the SDK
/// treats as one process's): every instance delegates to one in-process store. Counts acquisitions; while
/// <see cref="Failure"/> is set every call throws it, as a Redis that is down would.
/// </summary>
internal sealed class SharedLeaseStore(InMemorySyncLeaseStore inner) : ISyncLeaseStore
{
    private int _acquires;

    public Exception? Failure { get; init; }

    public int Acquires => Volatile.Read(ref _acquires);

    public Task<SyncLease?> TryAcquireAsync(string resource, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _acquires);
        return Failure is null ? inner.TryAcquireAsync(resource, leaseTime, cancellationToken) : Task.FromException<SyncLease?>(Failure);
    }

    public Task<bool> TryExtendAsync(SyncLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default) =>
        Failure is null ? inner.TryExtendAsync(lease, leaseTime, cancellationToken) : Task.FromException<bool>(Failure);

    public Task<bool> ReleaseAsync(SyncLease lease, CancellationToken cancellationToken = default) =>
        Failure is null ? inner.ReleaseAsync(lease, cancellationToken) : Task.FromException<bool>(Failure);
}

/// <summary>
/// A token store whose first <c>readers</c> reads each wait until all of them have read (bounded), so that many
/// instances hold the same set before any of them refreshes it: the race of two hosts redeeming one refresh token.
/// </summary>
internal sealed class BarrierTokenStore(ITokenStore inner, int readers) : ITokenStore
{
    private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    public async Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default)
    {
        var set = await inner.GetAsync(identityId, cancellationToken);
        var read = Interlocked.Increment(ref _reads);
        if (read == readers)
        {
            _allRead.TrySetResult();
        }

        if (read <= readers)
        {
            await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        return set;
    }

    public Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default) =>
        inner.TrySaveAsync(identityId, tokens, expectedVersion, cancellationToken);
}
