using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public class InMemorySyncLeaseStoreTests
{
    private const int Participants = 32;
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemorySyncLeaseStore _store;

    public InMemorySyncLeaseStoreTests()
    {
        _store = new InMemorySyncLeaseStore(_clock);
    }

    [Fact]
    public async Task A_held_lease_is_not_given_twice_and_lasts_the_lease_time()
    {
        var lease = await _store.TryAcquireAsync("workitem:org:1", LeaseTime);

        Assert.NotNull(lease);
        Assert.Equal("workitem:org:1", lease.Resource);
        Assert.Equal(_clock.GetUtcNow() + LeaseTime, lease.ExpiresAt);
        Assert.Null(await _store.TryAcquireAsync("workitem:org:1", LeaseTime));
        Assert.NotNull(await _store.TryAcquireAsync("workitem:org:2", LeaseTime));
    }

    [Fact]
    public async Task Resources_compare_ordinally()
    {
        Assert.NotNull(await _store.TryAcquireAsync("job:a", LeaseTime));
        Assert.NotNull(await _store.TryAcquireAsync("JOB:A", LeaseTime));
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_callers_takes_a_free_lease()
    {
        for (var round = 0; round < 20; round++)
        {
            Assert.Single(await AcquireConcurrentlyAsync($"refresh:identity-{round}"));
        }
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_callers_takes_an_expired_lease()
    {
        for (var round = 0; round < 20; round++)
        {
            var resource = $"job:monitor:org-{round}";
            Assert.NotNull(await _store.TryAcquireAsync(resource, LeaseTime));
            _clock.Advance(LeaseTime);

            Assert.Single(await AcquireConcurrentlyAsync(resource));
        }
    }

    [Fact]
    public async Task A_lease_expires_at_its_lease_time_and_not_before()
    {
        var first = await _store.TryAcquireAsync("r", LeaseTime);

        _clock.Advance(LeaseTime - TimeSpan.FromMilliseconds(1));
        Assert.Null(await _store.TryAcquireAsync("r", LeaseTime));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _store.TryAcquireAsync("r", LeaseTime);

        Assert.NotNull(first);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Fencing_tokens_rise_with_every_acquisition_of_a_resource()
    {
        var tokens = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var lease = await _store.TryAcquireAsync("r", LeaseTime);
            tokens.Add(lease!.FencingToken);
            if (i % 2 == 0)
            {
                Assert.True(await _store.ReleaseAsync(lease));
            }
            else
            {
                _clock.Advance(LeaseTime);
            }
        }

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once()
    {
        var lease = await _store.TryAcquireAsync("r", LeaseTime);

        Assert.True(await _store.ReleaseAsync(lease!));
        Assert.False(await _store.ReleaseAsync(lease!));
        Assert.NotNull(await _store.TryAcquireAsync("r", LeaseTime));
    }

    [Fact]
    public async Task An_extended_lease_holds_for_the_new_lease_time_from_now()
    {
        var lease = await _store.TryAcquireAsync("r", LeaseTime);
        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.True(await _store.TryExtendAsync(lease!, LeaseTime));
        _clock.Advance(TimeSpan.FromSeconds(20)); // 40 s after the acquisition, 20 s after the extension
        Assert.Null(await _store.TryAcquireAsync("r", LeaseTime));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await _store.TryAcquireAsync("r", LeaseTime));
    }

    [Fact]
    public async Task An_expired_lease_can_no_longer_be_extended_nor_released()
    {
        var lease = await _store.TryAcquireAsync("r", LeaseTime);
        _clock.Advance(LeaseTime);

        Assert.False(await _store.TryExtendAsync(lease!, LeaseTime));
        Assert.False(await _store.ReleaseAsync(lease!));
        Assert.NotNull(await _store.TryAcquireAsync("r", LeaseTime));
    }

    [Fact]
    public async Task A_lost_lease_can_neither_extend_nor_release_the_new_holders()
    {
        var lost = await _store.TryAcquireAsync("r", LeaseTime);
        _clock.Advance(LeaseTime);
        var holder = await _store.TryAcquireAsync("r", LeaseTime);

        Assert.False(await _store.TryExtendAsync(lost!, LeaseTime));
        Assert.False(await _store.ReleaseAsync(lost!));

        // The new holder's lease stands, unchanged, and is still its own to extend and release.
        Assert.Null(await _store.TryAcquireAsync("r", LeaseTime));
        Assert.True(lost!.FencingToken < holder!.FencingToken);
        Assert.True(await _store.TryExtendAsync(holder, LeaseTime));
        Assert.True(await _store.ReleaseAsync(holder));
    }

    [Fact]
    public async Task A_forged_lease_with_the_right_resource_but_another_token_does_nothing()
    {
        var holder = await _store.TryAcquireAsync("r", LeaseTime);
        var forged = holder! with { FencingToken = holder.FencingToken + 1 };

        Assert.False(await _store.TryExtendAsync(forged, LeaseTime));
        Assert.False(await _store.ReleaseAsync(forged));
        Assert.Null(await _store.TryAcquireAsync("r", LeaseTime));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        var lease = new SyncLease("r", 1, _clock.GetUtcNow());

        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TryAcquireAsync(null!, LeaseTime));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryAcquireAsync(" ", LeaseTime));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryAcquireAsync("r", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryAcquireAsync("r", TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TryExtendAsync(null!, LeaseTime));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryExtendAsync(lease, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.ReleaseAsync(null!));
        Assert.Throws<ArgumentNullException>(() => new InMemorySyncLeaseStore(null!));
    }

    [Fact]
    public async Task A_cancelled_acquire_or_extend_takes_nothing_but_a_release_still_happens()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var lease = await _store.TryAcquireAsync("held", LeaseTime);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.TryAcquireAsync("r", LeaseTime, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.TryExtendAsync(lease!, LeaseTime, cancelled.Token));
        Assert.True(await _store.ReleaseAsync(lease!, cancelled.Token));
        Assert.NotNull(await _store.TryAcquireAsync("r", LeaseTime));
    }

    /// <summary>Every participant tries to take <paramref name="resource"/> at once; the leases handed out.</summary>
    private async Task<ConcurrentBag<SyncLease>> AcquireConcurrentlyAsync(string resource)
    {
        var taken = new ConcurrentBag<SyncLease>();
        await Concurrently.RunAsync(Participants, async _ =>
        {
            if (await _store.TryAcquireAsync(resource, LeaseTime) is { } lease)
            {
                taken.Add(lease);
            }
        });

        return taken;
    }
}
