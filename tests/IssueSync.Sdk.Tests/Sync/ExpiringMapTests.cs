using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public class ExpiringMapTests
{
    private const int Participants = 64;
    private const int StepsPerWrite = ExpiringMap<string, int>.MaxReclaimStepsPerWrite;
    private const int StepsPerRead = ExpiringMap<string, int>.MaxReclaimStepsPerRead;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly ExpiringMap<string, int> _map;

    public ExpiringMapTests()
    {
        _map = new ExpiringMap<string, int>(_clock, StringComparer.Ordinal);
    }

    // ---- Reads, writes and expiry ----

    [Fact]
    public void An_entry_is_live_until_its_time_to_live_has_passed_and_absent_from_then_on()
    {
        Assert.True(_map.TryAdd("k", 7, Hour));

        _clock.Advance(Hour - TimeSpan.FromTicks(1));
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(7, value);
        Assert.False(_map.TryAdd("k", 8, Hour));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(_map.TryGetValue("k", out _));
        Assert.True(_map.TryAdd("k", 8, Hour));
        Assert.True(_map.TryGetValue("k", out value));
        Assert.Equal(8, value);
    }

    [Fact]
    public void Keys_compare_with_the_given_comparer()
    {
        var map = new ExpiringMap<string, int>(_clock, StringComparer.OrdinalIgnoreCase);

        Assert.True(map.TryAdd("Key", 1, Hour));

        Assert.False(map.TryAdd("KEY", 2, Hour));
        Assert.True(map.TryGetValue("key", out var value));
        Assert.Equal(1, value);
    }

    [Fact]
    public void A_time_to_live_near_the_maximum_saturates_instead_of_overflowing()
    {
        Assert.True(_map.TryAdd("forever", 1, TimeSpan.MaxValue));

        _clock.Advance(TimeSpan.FromDays(3650));

        Assert.True(_map.TryGetValue("forever", out _));
    }

    [Fact]
    public void A_time_to_live_that_is_not_positive_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _map.TryAdd("k", 1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => _map.TryUpdate("k", 1, 1, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 1, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new ExpiringMap<string, int>(null!));
        Assert.Equal(0, _map.Count);
    }

    [Fact]
    public void Versions_are_positive_and_never_reused_so_a_version_from_before_a_removal_never_matches()
    {
        _map.TryAdd("k", 1, Hour);
        Assert.True(_map.TryGetValue("k", out _, out var first));
        Assert.True(first > 0);

        Assert.True(_map.TryRemove("k"));
        _map.TryAdd("k", 1, Hour);

        Assert.True(_map.TryGetValue("k", out _, out var second));
        Assert.NotEqual(first, second);
        Assert.False(_map.TryUpdate("k", 2, first, Hour));
        Assert.False(_map.TryGetValue("missing", out _, out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void An_update_is_a_compare_and_set_on_the_version_and_renews_the_entry()
    {
        _map.TryAdd("k", 1, Hour);
        _map.TryGetValue("k", out _, out var version);
        _clock.Advance(TimeSpan.FromMinutes(50));

        Assert.True(_map.TryUpdate("k", 2, version, Hour));
        Assert.False(_map.TryUpdate("k", 3, version, Hour));

        _clock.Advance(TimeSpan.FromMinutes(50));
        Assert.True(_map.TryGetValue("k", out var value, out var renewed));
        Assert.Equal(2, value);
        Assert.NotEqual(version, renewed);
    }

    [Fact]
    public void An_expired_or_missing_entry_cannot_be_updated()
    {
        _map.TryAdd("k", 1, Hour);
        _map.TryGetValue("k", out _, out var version);
        _clock.Advance(Hour);

        Assert.False(_map.TryUpdate("k", 2, version, Hour));
        Assert.False(_map.TryUpdate("missing", 2, 1, Hour));
        Assert.False(_map.TryGetValue("k", out _));
    }

    [Fact]
    public void A_replace_is_a_compare_and_set_on_the_entry_read_and_keeps_it_from_the_read()
    {
        Assert.False(_map.TryGetEntry("k", out _));
        _map.TryAdd("k", 1, Hour);
        Assert.True(_map.TryGetEntry("k", out var read));
        Assert.Equal(1, read.Value);
        Assert.True(read.Version > 0);

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(_map.TryReplace("k", read, 2, Hour));
        Assert.False(_map.TryReplace("k", read, 3, Hour)); // the entry read is no longer the key's
        Assert.True(_map.TryGetValue("k", out var value, out var version));
        Assert.Equal(2, value);
        Assert.NotEqual(read.Version, version);
        Assert.Equal(1, _map.QueuedTickets);

        // Kept for the time to live from the read it followed, at minute 0.
        _clock.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromTicks(1));
        Assert.True(_map.TryGetValue("k", out _));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(_map.TryGetValue("k", out _));
    }

    [Fact]
    public void A_replace_of_an_entry_removed_or_written_again_since_the_read_fails()
    {
        _map.TryAdd("k", 1, Hour);
        Assert.True(_map.TryGetEntry("k", out var read));
        _map.TryRemove("k");
        Assert.False(_map.TryReplace("k", read, 2, Hour));
        Assert.False(_map.TryGetValue("k", out _));

        _map.TryAdd("k", 1, Hour); // the same value again is another entry
        Assert.False(_map.TryReplace("k", read, 2, Hour));
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(1, value);

        Assert.Throws<ArgumentException>(() => _map.TryReplace("k", default, 2, Hour));
        Assert.True(_map.TryGetEntry("k", out read));
        Assert.Throws<ArgumentOutOfRangeException>(() => _map.TryReplace("k", read, 2, TimeSpan.Zero));
    }

    [Fact]
    public void Add_or_update_builds_on_the_live_value_and_starts_again_from_an_expired_one()
    {
        Assert.Equal(5, _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 5, Hour));
        Assert.Equal(8, _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 3, Hour));

        _clock.Advance(Hour);

        Assert.Equal(3, _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 3, Hour));
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(3, value);
    }

    [Fact]
    public void Removing_by_key_takes_any_entry_and_says_whether_it_was_live()
    {
        _map.TryAdd("live", 1, Hour);
        _map.TryAdd("expired", 1, TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.True(_map.TryRemove("live"));
        Assert.False(_map.TryRemove("expired"));
        Assert.False(_map.TryRemove("missing"));
        Assert.Equal(0, _map.Count);
    }

    [Fact]
    public void Removing_by_version_takes_only_that_live_write()
    {
        _map.TryAdd("k", 1, Hour);
        _map.TryGetValue("k", out _, out var version);
        _map.TryUpdate("k", 2, version, Hour);

        Assert.False(_map.TryRemove("k", version));
        Assert.True(_map.TryGetValue("k", out _, out var current));
        Assert.True(_map.TryRemove("k", current));
        Assert.False(_map.TryGetValue("k", out _));
    }

    // ---- Atomicity ----

    [Fact]
    public async Task Of_concurrent_adds_of_one_key_exactly_one_succeeds()
    {
        for (var round = 0; round < 20; round++)
        {
            var key = $"k{round}";
            var wins = 0;

            await Concurrently.RunAsync(Participants, participant =>
            {
                if (_map.TryAdd(key, participant, Hour))
                {
                    Interlocked.Increment(ref wins);
                }

                return Task.CompletedTask;
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Of_concurrent_adds_over_an_expired_entry_exactly_one_succeeds()
    {
        for (var round = 0; round < 20; round++)
        {
            _map.TryAdd("k", -1, TimeSpan.FromMinutes(1));
            _clock.Advance(TimeSpan.FromMinutes(1));
            var wins = 0;

            await Concurrently.RunAsync(Participants, participant =>
            {
                if (_map.TryAdd("k", participant, TimeSpan.FromMinutes(1)))
                {
                    Interlocked.Increment(ref wins);
                }

                return Task.CompletedTask;
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Of_concurrent_updates_from_one_version_exactly_one_succeeds()
    {
        _map.TryAdd("k", 0, Hour);
        for (var round = 0; round < 20; round++)
        {
            _map.TryGetValue("k", out _, out var version);
            var wins = 0;

            await Concurrently.RunAsync(Participants, participant =>
            {
                if (_map.TryUpdate("k", participant, version, Hour))
                {
                    Interlocked.Increment(ref wins);
                }

                return Task.CompletedTask;
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Of_concurrent_replaces_of_one_entry_read_exactly_one_succeeds()
    {
        _map.TryAdd("k", 0, Hour);
        Assert.True(_map.TryGetEntry("k", out var read));
        var won = 0;

        await Concurrently.RunAsync(Participants, participant =>
        {
            if (_map.TryReplace("k", read, participant + 1, Hour))
            {
                Interlocked.Increment(ref won);
            }

            return Task.CompletedTask;
        });

        Assert.Equal(1, won);
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.InRange(value, 1, Participants);
    }

    [Fact]
    public async Task Concurrent_add_or_updates_lose_no_update()
    {
        const int PerParticipant = 500;

        await Concurrently.RunAsync(Participants, _ =>
        {
            for (var i = 0; i < PerParticipant; i++)
            {
                _map.AddOrUpdate("counter", static (_, a) => a, static (_, v, a) => v + a, 1, Hour);
            }

            return Task.CompletedTask;
        });

        Assert.True(_map.TryGetValue("counter", out var total));
        Assert.Equal(Participants * PerParticipant, total);
        Assert.Equal(1, _map.Count);
    }

    // ---- Reclamation ----

    [Fact]
    public void Expired_entries_are_reclaimed_by_later_writes_a_bounded_few_at_a_time()
    {
        const int Old = 10_000; // ten chunks of the queue
        for (var i = 0; i < Old; i++)
        {
            _map.TryAdd($"old-{i}", i, Hour);
        }

        Assert.Equal(Old, _map.Count);
        Assert.Equal(Old, _map.QueuedTickets);
        _clock.Advance(Hour);

        // Each write adds its entry and reclaims at most StepsPerWrite expired ones: never a sweep.
        var writes = 0;
        while (writes < Old)
        {
            var before = _map.Count;
            _map.TryAdd($"new-{writes++}", 0, Hour);
            var reclaimed = before + 1 - _map.Count;
            Assert.InRange(reclaimed, 0, StepsPerWrite);
            if (reclaimed == 0)
            {
                break;
            }
        }

        // The backlog went exactly StepsPerWrite at a time; what is left is what the retention holds.
        Assert.Equal(Old / StepsPerWrite + 1, writes);
        Assert.Equal(writes, _map.Count);
        Assert.Equal(writes, _map.QueuedTickets);
        Assert.False(_map.TryGetValue("old-9999", out _));
        Assert.True(_map.TryGetValue("new-0", out _));
    }

    [Fact]
    public void Memory_stays_at_what_one_time_to_live_holds_while_writes_go_on()
    {
        // One write a minute, each kept an hour: 60 live at any time, whatever has been written.
        for (var minute = 0; minute < 10_000; minute++)
        {
            _map.TryAdd($"k{minute}", minute, Hour);
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.InRange(_map.Count, 1, 61);
        }

        Assert.Equal(60, _map.Count);
        Assert.Equal(60, _map.QueuedTickets);
    }

    [Fact]
    public void Reads_reclaim_a_few_expired_entries_each_when_nothing_is_written()
    {
        for (var i = 0; i < 1000; i++)
        {
            _map.TryAdd($"k{i}", i, Hour);
        }

        _map.TryGetValue("k0", out _);
        Assert.Equal(1000, _map.Count); // nothing has expired: a read reclaims nothing

        _clock.Advance(Hour);
        var reads = 0;
        while (_map.Count > 0)
        {
            var before = _map.Count;
            _map.TryGetValue("missing", out _);
            reads++;
            Assert.Equal(Math.Min(before, StepsPerRead), before - _map.Count);
        }

        Assert.Equal(1000 / StepsPerRead, reads);
        Assert.Equal(0, _map.QueuedTickets);
    }

    [Fact]
    public void A_key_removed_and_added_again_survives_the_reclamation_of_its_first_write()
    {
        _map.TryAdd("k", 1, Hour);
        _map.TryRemove("k");
        _clock.Advance(TimeSpan.FromMinutes(30));
        _map.TryAdd("k", 2, Hour);

        // The first write's ticket has expired; the second write's has not.
        _clock.Advance(TimeSpan.FromMinutes(31));
        for (var i = 0; i < 10; i++)
        {
            _map.TryAdd($"other-{i}", i, Hour);
        }

        Assert.Equal(11, _map.Count);
        Assert.Equal(11, _map.QueuedTickets); // the first write's ticket was dropped, its key kept
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(2, value);

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.False(_map.TryGetValue("k", out _));
    }

    [Fact]
    public void A_renewed_entry_survives_the_reclamation_of_its_earlier_write()
    {
        _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 1, Hour);
        _clock.Advance(TimeSpan.FromMinutes(30));
        _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 1, Hour);
        _clock.Advance(TimeSpan.FromMinutes(31));

        for (var i = 0; i < 10; i++)
        {
            _map.TryAdd($"other-{i}", i, Hour);
        }

        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(2, value);
        Assert.Equal(11, _map.Count);
        Assert.Equal(11, _map.QueuedTickets); // the first write's ticket was dropped
    }

    [Fact]
    public void A_key_written_many_times_holds_one_ticket()
    {
        // A watermark or a counter is rewritten on every delivery: its queue must not grow with them.
        for (var i = 0; i < 10_000; i++)
        {
            _map.AddOrUpdate("k", static (_, a) => a, static (_, v, a) => v + a, 1, Hour);
            Assert.True(_map.TryGetValue("k", out _, out var version));
            Assert.True(_map.TryUpdate("k", i, version, Hour));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, _map.Count);
        Assert.Equal(1, _map.QueuedTickets);
    }

    [Fact]
    public void A_renewed_entry_is_reclaimed_once_its_last_life_is_over()
    {
        _map.TryAdd("k", 1, Hour);
        _clock.Advance(TimeSpan.FromMinutes(50));
        Assert.True(_map.TryGetValue("k", out _, out var version));
        Assert.True(_map.TryUpdate("k", 2, version, Hour)); // now lives until minute 110

        // Past the first life: the ticket follows the entry to the tail instead of removing it.
        _clock.Advance(TimeSpan.FromMinutes(20));
        _map.TryAdd("other", 0, Hour);
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(2, value);
        Assert.Equal(2, _map.QueuedTickets);

        // Its ticket now queues behind "other" (minute 130), so it goes once that one has expired:
        // a renewed entry may outlive its expiry by up to one more time to live, never more.
        _clock.Advance(TimeSpan.FromMinutes(41));
        _map.TryAdd("between", 0, Hour);
        Assert.False(_map.TryGetValue("k", out _));
        Assert.Equal(3, _map.Count);

        // Past both: reclaimed by the next writes, its ticket with it.
        _clock.Advance(TimeSpan.FromMinutes(20));
        _map.TryAdd("fresh", 0, Hour);
        _map.TryAdd("fresh-2", 0, Hour);
        Assert.False(_map.TryGetValue("k", out _));
        Assert.Equal(3, _map.Count); // "between" and the two fresh ones
        Assert.Equal(3, _map.QueuedTickets);
    }

    [Fact]
    public void An_expired_entry_added_again_keeps_one_ticket()
    {
        _map.TryAdd("k", 1, Hour);
        _clock.Advance(Hour);
        Assert.True(_map.TryAdd("k", 2, Hour)); // replaces the expired entry, which no write reclaimed yet

        Assert.Equal(1, _map.QueuedTickets);
        _clock.Advance(TimeSpan.FromMinutes(30));
        _map.TryAdd("other", 0, Hour); // the head expired at minute 60: it moves to the tail, the entry kept
        Assert.True(_map.TryGetValue("k", out var value));
        Assert.Equal(2, value);
        Assert.Equal(2, _map.QueuedTickets);
    }

    [Fact]
    public void A_long_lived_entry_does_not_hold_back_the_reclamation_of_shorter_ones_behind_it()
    {
        _map.TryAdd("long", 0, TimeSpan.FromDays(365));
        for (var i = 0; i < 1000; i++)
        {
            _map.TryAdd($"short-{i}", i, Hour);
        }

        _clock.Advance(Hour);
        for (var i = 0; i < 1000; i++)
        {
            _map.TryAdd($"fresh-{i}", i, Hour);
        }

        Assert.Equal(1 + 1000, _map.Count);
        Assert.True(_map.TryGetValue("long", out _));
        Assert.False(_map.TryGetValue("short-999", out _));
    }
}
