using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public class InMemoryDeliveryDedupeStoreTests
{
    private const int Participants = 64;
    private const int StepsPerWrite = ExpiringMap<string, bool>.MaxReclaimStepsPerWrite;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(36);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDeliveryDedupeStore _store;

    public InMemoryDeliveryDedupeStoreTests()
    {
        _store = new InMemoryDeliveryDedupeStore(_clock);
    }

    [Fact]
    public async Task A_delivery_is_claimed_the_first_time_only()
    {
        Assert.True(await _store.TryClaimAsync("sub-1:notification-1", Retention));
        Assert.False(await _store.TryClaimAsync("sub-1:notification-1", Retention));
        Assert.True(await _store.TryClaimAsync("sub-1:notification-2", Retention));
    }

    [Fact]
    public async Task Delivery_ids_are_case_sensitive()
    {
        Assert.True(await _store.TryClaimAsync("abc", Retention));
        Assert.True(await _store.TryClaimAsync("ABC", Retention));
    }

    [Fact]
    public async Task An_expired_claim_counts_as_absent_and_is_claimed_again()
    {
        Assert.True(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));
        Assert.False(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_claim_made_again_after_expiry_is_kept_for_its_own_retention()
    {
        await _store.TryClaimAsync("d", TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.False(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_released_delivery_is_claimed_again()
    {
        await _store.TryClaimAsync("d", Retention);

        await _store.ReleaseAsync("d");

        Assert.True(await _store.TryClaimAsync("d", Retention));
        Assert.False(await _store.TryClaimAsync("d", Retention));
    }

    [Fact]
    public async Task Releasing_an_unknown_delivery_is_harmless()
    {
        await _store.ReleaseAsync("never-seen");

        Assert.True(await _store.TryClaimAsync("never-seen", Retention));
    }

    [Fact]
    public async Task A_release_with_a_cancelled_token_still_releases()
    {
        await _store.TryClaimAsync("d", Retention);

        await _store.ReleaseAsync("d", new CancellationToken(canceled: true));

        Assert.True(await _store.TryClaimAsync("d", Retention));
    }

    [Fact]
    public async Task A_cancelled_claim_is_cancelled_and_claims_nothing()
    {
        var claim = _store.TryClaimAsync("d", Retention, new CancellationToken(canceled: true));

        Assert.True(claim.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => claim);
        Assert.True(await _store.TryClaimAsync("d", Retention));
    }

    [Fact]
    public async Task Arguments_are_validated()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryClaimAsync("", Retention));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryClaimAsync("  ", Retention));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TryClaimAsync(null!, Retention));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryClaimAsync("d", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryClaimAsync("d", TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReleaseAsync(""));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.ReleaseAsync(null!));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void A_null_time_provider_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new InMemoryDeliveryDedupeStore(null!));
    }

    [Fact]
    public async Task The_parameterless_store_runs_on_the_system_clock()
    {
        var store = new InMemoryDeliveryDedupeStore();

        Assert.True(await store.TryClaimAsync("d", Retention));
        Assert.False(await store.TryClaimAsync("d", Retention));
    }

    // ---- Concurrency ----

    [Fact]
    public async Task Of_concurrent_claims_of_one_delivery_exactly_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var deliveryId = $"sub:{round}";
            var wins = 0;

            await Concurrently.RunAsync(Participants, async _ =>
            {
                if (await _store.TryClaimAsync(deliveryId, Retention))
                {
                    Interlocked.Increment(ref wins);
                }
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Of_concurrent_claims_of_an_expired_delivery_exactly_one_wins()
    {
        await _store.TryClaimAsync("d", TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var wins = 0;

        await Concurrently.RunAsync(Participants, async _ =>
        {
            if (await _store.TryClaimAsync("d", Retention))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    [Fact]
    public async Task Concurrent_claims_of_many_deliveries_each_win_once()
    {
        const int Deliveries = 2000;
        var wins = new int[Deliveries];

        // Every participant claims every id, starting at a different place.
        await Concurrently.RunAsync(8, async participant =>
        {
            for (var i = 0; i < Deliveries; i++)
            {
                var id = (i + (participant * Deliveries / 8)) % Deliveries;
                if (await _store.TryClaimAsync($"d{id}", Retention))
                {
                    Interlocked.Increment(ref wins[id]);
                }
            }
        });

        Assert.All(wins, count => Assert.Equal(1, count));
        Assert.Equal(Deliveries, _store.Count);
    }

    // ---- Retention and memory ----

    [Fact]
    public async Task A_delivery_released_and_claimed_again_outlives_its_first_claim()
    {
        await _store.TryClaimAsync("d", TimeSpan.FromHours(1));
        await _store.ReleaseAsync("d");
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));

        // The first claim's expiry passes, and later claims reclaim what expired.
        _clock.Advance(TimeSpan.FromMinutes(31));
        for (var i = 0; i < 10; i++)
        {
            await _store.TryClaimAsync($"other-{i}", TimeSpan.FromHours(1));
        }

        Assert.Equal(11, _store.Count);
        Assert.False(await _store.TryClaimAsync("d", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Claims_past_their_retention_are_reclaimed_by_later_claims_without_a_sweep()
    {
        const int Claimed = 5000;
        for (var i = 0; i < Claimed; i++)
        {
            await _store.TryClaimAsync($"old-{i}", Retention);
        }

        _clock.Advance(Retention + TimeSpan.FromMinutes(1));
        var claims = 0;
        while (_store.Count > claims)
        {
            var before = _store.Count;
            Assert.True(await _store.TryClaimAsync($"new-{claims++}", Retention));
            Assert.InRange(before + 1 - _store.Count, 1, StepsPerWrite); // a few per claim, never all at once
        }

        // Only the claims made within the retention are held.
        Assert.Equal(Claimed / StepsPerWrite, claims);
        Assert.Equal(claims, _store.Count);
    }
}
