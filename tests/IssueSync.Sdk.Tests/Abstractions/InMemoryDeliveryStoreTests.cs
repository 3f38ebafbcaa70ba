using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Abstractions;

public class InMemoryDeliveryStoreTests
{
    private const string Org = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private const int Participants = 64;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(36);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDeliveryStore _store;

    public InMemoryDeliveryStoreTests()
    {
        _store = new InMemoryDeliveryStore(_clock);
    }

    // ---- Delivery dedupe ----

    [Fact]
    public async Task A_delivery_records_the_first_time_only()
    {
        Assert.True(await _store.TryRecordDeliveryAsync("sub-1:notification-1", Retention));
        Assert.False(await _store.TryRecordDeliveryAsync("sub-1:notification-1", Retention));
        Assert.True(await _store.TryRecordDeliveryAsync("sub-1:notification-2", Retention));
    }

    [Fact]
    public async Task Delivery_ids_are_case_sensitive()
    {
        Assert.True(await _store.TryRecordDeliveryAsync("abc", Retention));
        Assert.True(await _store.TryRecordDeliveryAsync("ABC", Retention));
    }

    [Fact]
    public async Task An_expired_delivery_records_again()
    {
        Assert.True(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));
        Assert.False(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_renewed_delivery_is_kept_for_the_new_retention()
    {
        await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.False(await _store.TryRecordDeliveryAsync("d", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_forgotten_delivery_records_again()
    {
        await _store.TryRecordDeliveryAsync("d", Retention);

        await _store.ForgetDeliveryAsync("d");

        Assert.True(await _store.TryRecordDeliveryAsync("d", Retention));
    }

    [Fact]
    public async Task Forgetting_an_unknown_delivery_is_harmless()
    {
        await _store.ForgetDeliveryAsync("never-seen");

        Assert.True(await _store.TryRecordDeliveryAsync("never-seen", Retention));
    }

    [Fact]
    public async Task The_periodic_sweep_drops_only_expired_deliveries()
    {
        await _store.TryRecordDeliveryAsync("short", TimeSpan.FromMinutes(1));
        await _store.TryRecordDeliveryAsync("long", Retention);
        _clock.Advance(TimeSpan.FromMinutes(5));

        // Enough records to trigger at least one sweep.
        for (var i = 0; i < 2048; i++)
        {
            Assert.True(await _store.TryRecordDeliveryAsync($"filler-{i}", Retention));
        }

        Assert.False(await _store.TryRecordDeliveryAsync("long", Retention));
        Assert.True(await _store.TryRecordDeliveryAsync("short", Retention));
        Assert.False(await _store.TryRecordDeliveryAsync("filler-0", Retention));
    }

    [Fact]
    public async Task Delivery_arguments_are_validated()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryRecordDeliveryAsync("", Retention));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.TryRecordDeliveryAsync(null!, Retention));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryRecordDeliveryAsync("d", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryRecordDeliveryAsync("d", TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ForgetDeliveryAsync(""));
    }

    [Fact]
    public async Task A_canceled_record_throws_and_records_nothing()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.TryRecordDeliveryAsync("d", Retention, new CancellationToken(canceled: true)));

        Assert.True(await _store.TryRecordDeliveryAsync("d", Retention));
    }

    [Fact]
    public void Null_time_provider_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new InMemoryDeliveryStore(null!));
    }

    [Fact]
    public async Task The_parameterless_store_runs_on_the_system_clock()
    {
        var store = new InMemoryDeliveryStore();

        Assert.True(await store.TryRecordDeliveryAsync("d", Retention));
        Assert.False(await store.TryRecordDeliveryAsync("d", Retention));
    }

    // ---- Revision watermark ----

    [Fact]
    public async Task Watermark_starts_empty_and_moves_only_upward()
    {
        Assert.Null(await _store.GetRevisionWatermarkAsync(Org, 42));

        Assert.True(await _store.TryAdvanceRevisionWatermarkAsync(Org, 42, 5));
        Assert.False(await _store.TryAdvanceRevisionWatermarkAsync(Org, 42, 4));
        Assert.False(await _store.TryAdvanceRevisionWatermarkAsync(Org, 42, 5));
        Assert.Equal(5, await _store.GetRevisionWatermarkAsync(Org, 42));

        Assert.True(await _store.TryAdvanceRevisionWatermarkAsync(Org, 42, 6));
        Assert.Equal(6, await _store.GetRevisionWatermarkAsync(Org, 42));
    }

    [Fact]
    public async Task Watermarks_are_per_work_item_and_per_organization()
    {
        await _store.TryAdvanceRevisionWatermarkAsync(Org, 1, 10);

        Assert.Null(await _store.GetRevisionWatermarkAsync(Org, 2));
        Assert.Null(await _store.GetRevisionWatermarkAsync("other-org", 1));
        Assert.True(await _store.TryAdvanceRevisionWatermarkAsync("other-org", 1, 3));
    }

    [Fact]
    public async Task Organization_ids_are_case_insensitive()
    {
        await _store.TryAdvanceRevisionWatermarkAsync(Org.ToUpperInvariant(), 7, 3);

        Assert.Equal(3, await _store.GetRevisionWatermarkAsync(Org.ToLowerInvariant(), 7));
        Assert.False(await _store.TryAdvanceRevisionWatermarkAsync(Org.ToLowerInvariant(), 7, 3));

        await _store.RecordOwnWriteAsync(new OwnWrite(Org.ToLowerInvariant(), 7, 4, ["System.State"]));
        Assert.NotNull(await _store.FindOwnWriteAsync(Org.ToUpperInvariant(), 7, 4));

        await _store.RecordOwnCommentAsync(Org.ToUpperInvariant(), 7, 99);
        Assert.True(await _store.IsOwnCommentAsync(Org.ToLowerInvariant(), 7, 99));
    }

    [Fact]
    public async Task Work_item_ports_reject_a_blank_organization_id()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryAdvanceRevisionWatermarkAsync("", 1, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetRevisionWatermarkAsync("", 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.FindOwnWriteAsync("", 1, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.RecordOwnCommentAsync("", 1, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.IsOwnCommentAsync("", 1, 1));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.RecordOwnWriteAsync(null!));
    }

    [Fact]
    public async Task Concurrent_advances_end_at_the_highest_revision_and_never_move_down()
    {
        const int WorkItem = 1;
        // Every revision twice, so a racy check-then-set would let one revision win twice.
        var revisions = Enumerable.Range(1, 1000).Concat(Enumerable.Range(1, 1000)).ToArray();
        new Random(20260115).Shuffle(revisions);
        var moved = new ConcurrentBag<int>();
        var violations = new ConcurrentQueue<string>();

        await RunConcurrentlyAsync(Participants, async participant =>
        {
            for (var i = participant; i < revisions.Length; i += Participants)
            {
                var revision = revisions[i];
                var before = await _store.GetRevisionWatermarkAsync(Org, WorkItem) ?? 0;
                var advanced = await _store.TryAdvanceRevisionWatermarkAsync(Org, WorkItem, revision);
                var after = await _store.GetRevisionWatermarkAsync(Org, WorkItem) ?? 0;

                if (advanced)
                {
                    moved.Add(revision);
                    if (revision <= before)
                    {
                        violations.Enqueue($"advanced to {revision} after observing {before}");
                    }
                }

                if (after < revision)
                {
                    violations.Enqueue($"watermark {after} below {revision} after the call");
                }

                if (after < before)
                {
                    violations.Enqueue($"watermark moved down from {before} to {after}");
                }
            }
        });

        Assert.Empty(violations);
        Assert.Equal(1000, await _store.GetRevisionWatermarkAsync(Org, WorkItem));
        Assert.Contains(1000, moved);
        // Every success moved the watermark to a new, higher value: no revision won twice.
        Assert.Equal(moved.Count, moved.Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_records_of_one_delivery_succeed_exactly_once()
    {
        for (var round = 0; round < 20; round++)
        {
            var deliveryId = $"sub:{round}";
            var wins = 0;

            await RunConcurrentlyAsync(Participants, async _ =>
            {
                if (await _store.TryRecordDeliveryAsync(deliveryId, Retention))
                {
                    Interlocked.Increment(ref wins);
                }
            });

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public async Task Concurrent_renewals_of_an_expired_delivery_succeed_exactly_once()
    {
        await _store.TryRecordDeliveryAsync("d", TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var wins = 0;

        await RunConcurrentlyAsync(Participants, async _ =>
        {
            if (await _store.TryRecordDeliveryAsync("d", Retention))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    // ---- Ledger of own writes and comments ----

    [Fact]
    public async Task Own_writes_are_found_by_revision()
    {
        var write = new OwnWrite(Org, 5, 3, ["System.State", "System.History"]);

        await _store.RecordOwnWriteAsync(write);

        Assert.Same(write, await _store.FindOwnWriteAsync(Org, 5, 3));
        Assert.Null(await _store.FindOwnWriteAsync(Org, 5, 4));
        Assert.Null(await _store.FindOwnWriteAsync(Org, 6, 3));
    }

    [Fact]
    public async Task The_ledger_keeps_the_newest_32_writes_per_work_item()
    {
        for (var revision = 1; revision <= 40; revision++)
        {
            await _store.RecordOwnWriteAsync(new OwnWrite(Org, 5, revision, ["System.State"]));
        }

        Assert.Null(await _store.FindOwnWriteAsync(Org, 5, 1));
        Assert.Null(await _store.FindOwnWriteAsync(Org, 5, 8));
        Assert.NotNull(await _store.FindOwnWriteAsync(Org, 5, 9));
        Assert.NotNull(await _store.FindOwnWriteAsync(Org, 5, 40));
    }

    [Fact]
    public async Task Own_comments_are_recognised_and_others_are_not()
    {
        await _store.RecordOwnCommentAsync(Org, 5, 1001);

        Assert.True(await _store.IsOwnCommentAsync(Org, 5, 1001));
        Assert.False(await _store.IsOwnCommentAsync(Org, 5, 1002));
        Assert.False(await _store.IsOwnCommentAsync(Org, 6, 1001));
    }

    [Fact]
    public async Task The_comment_ledger_keeps_the_newest_64_ids_and_a_repeat_takes_no_room()
    {
        for (var id = 1; id <= 70; id++)
        {
            await _store.RecordOwnCommentAsync(Org, 5, id);
            await _store.RecordOwnCommentAsync(Org, 5, id);
        }

        Assert.False(await _store.IsOwnCommentAsync(Org, 5, 6));
        Assert.True(await _store.IsOwnCommentAsync(Org, 5, 7));
        Assert.True(await _store.IsOwnCommentAsync(Org, 5, 70));
    }

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="participants"/> dedicated threads released
    /// together by a barrier, so the calls really overlap (a thread-pool loop over completed tasks
    /// would mostly run them one after another).
    /// </summary>
    private static async Task RunConcurrentlyAsync(int participants, Func<int, Task> body)
    {
        using var barrier = new Barrier(participants);
        var tasks = Enumerable.Range(0, participants).Select(participant => Task.Factory.StartNew(
            async () =>
            {
                barrier.SignalAndWait();
                await body(participant);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        await Task.WhenAll(tasks);
    }
}
