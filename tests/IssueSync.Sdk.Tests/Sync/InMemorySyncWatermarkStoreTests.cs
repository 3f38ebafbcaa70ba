using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public class InMemorySyncWatermarkStoreTests
{
    private const string Org = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private const string State = "System.State";
    private const string AssignedTo = "System.AssignedTo";
    private const int Participants = 64;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemorySyncWatermarkStore _store;

    public InMemorySyncWatermarkStoreTests()
    {
        _store = new InMemorySyncWatermarkStore(_clock);
    }

    [Fact]
    public async Task A_work_item_starts_with_no_watermarks()
    {
        Assert.Empty(await _store.ReadAsync(Org, 42));
    }

    [Fact]
    public async Task A_first_save_expects_version_zero_and_gets_a_version_from_the_store()
    {
        var watermark = new SyncWatermark { Field = State, Revision = 5, Value = "Resolved", EarliestRevision = 3, PriorValue = "Active", Version = 999 };

        Assert.True(await _store.TrySaveAsync(Org, 42, watermark, expectedVersion: 0) > 0);

        var saved = Assert.Single(await _store.ReadAsync(Org, 42));
        Assert.Equal(watermark with { Version = saved.Version }, saved);
        Assert.True(saved.Version > 0);
        Assert.NotEqual(999, saved.Version); // the caller's version is not the store's
    }

    [Fact]
    public async Task A_save_is_a_compare_and_set_on_the_field_version()
    {
        await _store.TrySaveAsync(Org, 42, Mark(State, 5), 0);
        var first = Single(await _store.ReadAsync(Org, 42), State);

        Assert.Equal(0, await _store.TrySaveAsync(Org, 42, Mark(State, 6), 0));
        Assert.True(await _store.TrySaveAsync(Org, 42, Mark(State, 6), first.Version) > 0);
        Assert.Equal(0, await _store.TrySaveAsync(Org, 42, Mark(State, 7), first.Version));

        var second = Single(await _store.ReadAsync(Org, 42), State);
        Assert.Equal(6, second.Revision);
        Assert.NotEqual(first.Version, second.Version);
    }

    [Fact]
    public async Task A_field_saved_for_the_first_time_expects_zero_and_leaves_the_others_as_they_are()
    {
        await _store.TrySaveAsync(Org, 42, Mark(State, 5), 0);
        var state = Single(await _store.ReadAsync(Org, 42), State);

        Assert.Equal(0, await _store.TrySaveAsync(Org, 42, Mark(AssignedTo, 4), state.Version));
        Assert.True(await _store.TrySaveAsync(Org, 42, Mark(AssignedTo, 4), 0) > 0);

        var all = await _store.ReadAsync(Org, 42);
        Assert.Equal(2, all.Count);
        Assert.Equal(state, Single(all, State));
        Assert.Equal(4, Single(all, AssignedTo).Revision);
    }

    [Fact]
    public async Task Watermarks_are_per_work_item_and_per_organization()
    {
        await _store.TrySaveAsync(Org, 1, Mark(State, 10), 0);

        Assert.Empty(await _store.ReadAsync(Org, 2));
        Assert.Empty(await _store.ReadAsync("other-org", 1));
        Assert.True(await _store.TrySaveAsync("other-org", 1, Mark(State, 3), 0) > 0);
        Assert.Equal(10, Single(await _store.ReadAsync(Org, 1), State).Revision);
    }

    [Fact]
    public async Task Organization_ids_are_case_insensitive()
    {
        await _store.TrySaveAsync(Org.ToUpperInvariant(), 7, Mark(State, 3), 0);
        await _store.TrySaveAsync("Other-Org", 7, Mark(State, 4), 0);

        Assert.Equal(3, Single(await _store.ReadAsync(Org.ToLowerInvariant(), 7), State).Revision);
        Assert.Equal(3, Single(await _store.ReadAsync($"{{{Org}}}", 7), State).Revision);
        Assert.Equal(0, await _store.TrySaveAsync(Org.ToLowerInvariant(), 7, Mark(State, 5), 0));
        Assert.Equal(4, Single(await _store.ReadAsync("OTHER-ORG", 7), State).Revision);
        Assert.Equal(0, await _store.TrySaveAsync("other-org", 7, Mark(State, 5), 0));
    }

    [Fact]
    public async Task Field_names_compare_ordinally()
    {
        await _store.TrySaveAsync(Org, 7, Mark(State, 3), 0);

        Assert.True(await _store.TrySaveAsync(Org, 7, Mark(State.ToUpperInvariant(), 3), 0) > 0);
        Assert.Equal(2, (await _store.ReadAsync(Org, 7)).Count);
    }

    [Fact]
    public async Task What_a_read_returns_cannot_be_changed_by_the_caller()
    {
        await _store.TrySaveAsync(Org, 7, Mark(State, 3), 0);
        var read = await _store.ReadAsync(Org, 7);

        var list = Assert.IsAssignableFrom<IList<SyncWatermark>>(read);
        Assert.True(list.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => list[0] = Mark(State, 99));
        Assert.Equal(3, Single(await _store.ReadAsync(Org, 7), State).Revision);
    }

    // ---- Retention ----

    [Fact]
    public async Task Watermarks_are_kept_for_seven_days_after_the_last_save_by_default()
    {
        Assert.Equal(TimeSpan.FromDays(7), InMemorySyncWatermarkStore.DefaultRetention);
        Assert.Equal(InMemorySyncWatermarkStore.DefaultRetention, _store.Retention);
        await _store.TrySaveAsync(Org, 7, Mark(State, 3), 0);

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotEmpty(await _store.ReadAsync(Org, 7));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await _store.ReadAsync(Org, 7));
    }

    [Fact]
    public async Task A_save_of_any_field_keeps_the_whole_item_for_another_retention()
    {
        var store = new InMemorySyncWatermarkStore(_clock, TimeSpan.FromHours(36));
        await store.TrySaveAsync(Org, 7, Mark(State, 3), 0);
        _clock.Advance(TimeSpan.FromHours(30));
        await store.TrySaveAsync(Org, 7, Mark(AssignedTo, 4), 0);

        _clock.Advance(TimeSpan.FromHours(30)); // 60 hours after the state was saved, 30 after the assignee
        Assert.Equal(2, (await store.ReadAsync(Org, 7)).Count);

        _clock.Advance(TimeSpan.FromHours(6));
        Assert.Empty(await store.ReadAsync(Org, 7));
    }

    [Fact]
    public async Task A_forgotten_item_starts_again_and_a_version_read_before_never_matches()
    {
        await _store.TrySaveAsync(Org, 7, Mark(State, 3), 0);
        var before = Single(await _store.ReadAsync(Org, 7), State);
        _clock.Advance(InMemorySyncWatermarkStore.DefaultRetention);

        Assert.Equal(0, await _store.TrySaveAsync(Org, 7, Mark(State, 4), before.Version));
        Assert.True(await _store.TrySaveAsync(Org, 7, Mark(State, 2), 0) > 0);
        var after = Single(await _store.ReadAsync(Org, 7), State);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(2, after.Revision);
    }

    [Fact]
    public async Task Items_past_their_retention_are_reclaimed_by_later_saves()
    {
        var retention = TimeSpan.FromHours(1);
        var store = new InMemorySyncWatermarkStore(_clock, retention);
        for (var item = 1; item <= 1000; item++)
        {
            await store.TrySaveAsync(Org, item, Mark(State, 1), 0);
        }

        // A save reads the item, then writes it: each takes its bounded share of reclamation.
        const int StepsPerSave = ExpiringMap<int, int>.MaxReclaimStepsPerRead + ExpiringMap<int, int>.MaxReclaimStepsPerWrite;
        _clock.Advance(retention);
        var saves = 0;
        while (store.Count > saves)
        {
            var before = store.Count;
            await store.TrySaveAsync(Org, 5000 + saves++, Mark(State, 1), 0);
            Assert.InRange(before + 1 - store.Count, 1, StepsPerSave);
        }

        // Only the items saved within the retention are held.
        Assert.Equal((1000 + StepsPerSave - 1) / StepsPerSave, saves);
        Assert.Equal(saves, store.Count);
    }

    // ---- Concurrency ----

    [Fact]
    public async Task Of_concurrent_saves_expecting_one_version_exactly_one_succeeds()
    {
        for (var round = 0; round < 20; round++)
        {
            var expected = round == 0 ? 0 : Single(await _store.ReadAsync(Org, 1), State).Version;
            var wins = 0;

            await Concurrently.RunAsync(Participants, async participant =>
            {
                if (await _store.TrySaveAsync(Org, 1, Mark(State, (round * Participants) + participant + 1), expected) > 0)
                {
                    Interlocked.Increment(ref wins);
                }
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Concurrent_saves_of_different_fields_of_one_item_never_fail_each_other()
    {
        await Concurrently.RunAsync(Participants, async participant =>
        {
            Assert.True(await _store.TrySaveAsync(Org, 1, Mark($"System.History#{participant}", 2), 0) > 0);
        });

        Assert.Equal(Participants, (await _store.ReadAsync(Org, 1)).Count);
    }

    [Fact]
    public async Task Concurrent_advances_built_on_the_compare_and_set_end_at_the_highest_revision_and_never_move_down()
    {
        // Every revision twice, so a racy check-then-set would let one revision win twice.
        var revisions = Enumerable.Range(1, 1000).Concat(Enumerable.Range(1, 1000)).ToArray();
        new Random(20260115).Shuffle(revisions);
        var moved = new ConcurrentBag<int>();
        var violations = new ConcurrentQueue<string>();

        await Concurrently.RunAsync(Participants, async participant =>
        {
            for (var i = participant; i < revisions.Length; i += Participants)
            {
                var revision = revisions[i];
                var before = await RevisionAsync();
                if (await AdvanceAsync(revision))
                {
                    moved.Add(revision);
                    if (revision <= before)
                    {
                        violations.Enqueue($"advanced to {revision} after observing {before}");
                    }
                }

                var after = await RevisionAsync();
                if (after < revision || after < before)
                {
                    violations.Enqueue($"watermark {after} after {before} and a call with {revision}");
                }
            }
        });

        Assert.Empty(violations);
        Assert.Equal(1000, await RevisionAsync());
        Assert.Contains(1000, moved);
        Assert.Equal(moved.Count, moved.Distinct().Count());

        async Task<int> RevisionAsync() =>
            (await _store.ReadAsync(Org, 1)).SingleOrDefault(w => w.Field == State)?.Revision ?? 0;

        // The SDK's "advance only upward": read, compare, save; read again on a lost race.
        async Task<bool> AdvanceAsync(int revision)
        {
            while (true)
            {
                var current = (await _store.ReadAsync(Org, 1)).SingleOrDefault(w => w.Field == State);
                if (current is not null && current.Revision >= revision)
                {
                    return false;
                }

                if (await _store.TrySaveAsync(Org, 1, Mark(State, revision), current?.Version ?? 0) > 0)
                {
                    return true;
                }
            }
        }
    }

    // ---- Arguments ----

    [Fact]
    public async Task Arguments_are_validated()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync("", 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync(" ", 1));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.ReadAsync(null!, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadAsync(Org, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadAsync(Org, -1));

        await Assert.ThrowsAsync<ArgumentException>(() => _store.TrySaveAsync("", 1, Mark(State, 1), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TrySaveAsync(Org, 0, Mark(State, 1), 0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TrySaveAsync(Org, 1, null!, 0));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TrySaveAsync(Org, 1, Mark("", 1), 0));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TrySaveAsync(Org, 1, Mark(" ", 1), 0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TrySaveAsync(Org, 1, Mark(null!, 1), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TrySaveAsync(Org, 1, Mark(State, 0), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TrySaveAsync(Org, 1, Mark(State, -2), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TrySaveAsync(Org, 1, Mark(State, 1), -1));

        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void Constructor_arguments_are_validated()
    {
        Assert.Throws<ArgumentNullException>(() => new InMemorySyncWatermarkStore(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemorySyncWatermarkStore(_clock, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemorySyncWatermarkStore(_clock, TimeSpan.FromDays(-1)));
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled_and_saves_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var save = _store.TrySaveAsync(Org, 1, Mark(State, 1), 0, cancelled.Token);
        var read = _store.ReadAsync(Org, 1, cancelled.Token);

        Assert.True(save.IsCanceled);
        Assert.True(read.IsCanceled);
        Assert.Empty(await _store.ReadAsync(Org, 1));
    }

    [Fact]
    public async Task The_parameterless_store_runs_on_the_system_clock()
    {
        var store = new InMemorySyncWatermarkStore();

        Assert.True(await store.TrySaveAsync(Org, 1, Mark(State, 1), 0) > 0);
        Assert.Equal(1, Single(await store.ReadAsync(Org, 1), State).Revision);
    }

    private static SyncWatermark Mark(string field, int revision) => new() { Field = field, Revision = revision, Value = $"v{revision}" };

    private static SyncWatermark Single(IReadOnlyList<SyncWatermark> watermarks, string field) => Assert.Single(watermarks, w => w.Field == field);
}
