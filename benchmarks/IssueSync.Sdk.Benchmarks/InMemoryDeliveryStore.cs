using System.Collections.Concurrent;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// The dedupe of the SDK's former <c>InMemoryDeliveryStore</c> (removed with <c>IDeliveryStore</c>), kept
/// here as the before of <see cref="DeliveryDedupeBenchmarks"/>: every id in one dictionary with its
/// expiry, and every 1,024th record sweeping all of them. Its record and forget, as they were.
/// </summary>
internal sealed class InMemoryDeliveryStore(TimeProvider timeProvider)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _deliveries = new(StringComparer.Ordinal);
    private int _recordsSinceSweep;

    public InMemoryDeliveryStore()
        : this(TimeProvider.System)
    {
    }

    public Task<bool> TryRecordDeliveryAsync(string deliveryId, TimeSpan retention)
    {
        var now = timeProvider.GetUtcNow();
        var expiresAt = now + retention;
        SweepExpiredNowAndThen(now);
        while (true)
        {
            if (_deliveries.TryAdd(deliveryId, expiresAt))
            {
                return Task.FromResult(true);
            }

            if (!_deliveries.TryGetValue(deliveryId, out var existing))
            {
                continue;
            }

            if (existing > now)
            {
                return Task.FromResult(false);
            }

            if (_deliveries.TryUpdate(deliveryId, expiresAt, existing))
            {
                return Task.FromResult(true);
            }
        }
    }

    public Task ForgetDeliveryAsync(string deliveryId)
    {
        _deliveries.TryRemove(deliveryId, out _);
        return Task.CompletedTask;
    }

    private void SweepExpiredNowAndThen(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _recordsSinceSweep) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (id, expiresAt) in _deliveries)
        {
            if (expiresAt <= now)
            {
                _deliveries.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expiresAt));
            }
        }
    }
}
