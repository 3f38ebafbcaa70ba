using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public sealed class InMemoryOwnWriteLedgerTests
{
    private const string Org = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private const int Item = 17;
    private const string State = WorkItemFields.State;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOwnWriteLedger _ledger;

    public InMemoryOwnWriteLedgerTests()
    {
        _ledger = new InMemoryOwnWriteLedger(_clock);
    }

    // ---- Record, find, remove ----

    [Fact]
    public async Task A_pending_entry_is_found_by_the_revision_it_expects_only()
    {
        var pending = Pending(expectedRevision: 9);
        await _ledger.RecordAsync(pending);

        Assert.Same(pending, Assert.Single(await _ledger.FindAsync(Org, Item, 9)));
        Assert.Empty(await _ledger.FindAsync(Org, Item, 8));
        Assert.Empty(await _ledger.FindAsync(Org, Item, 10));
    }

    [Fact]
    public async Task A_pending_entry_expecting_no_revision_is_found_for_any()
    {
        var unguarded = Pending(expectedRevision: null);
        await _ledger.RecordAsync(unguarded);

        Assert.Same(unguarded, Assert.Single(await _ledger.FindAsync(Org, Item, 1)));
        Assert.Same(unguarded, Assert.Single(await _ledger.FindAsync(Org, Item, 500)));
    }

    [Fact]
    public async Task A_confirmed_entry_is_found_by_its_revision_not_by_the_one_it_expected()
    {
        var confirmed = Pending(expectedRevision: 9) with { Revision = 11 };
        await _ledger.RecordAsync(confirmed);

        Assert.Same(confirmed, Assert.Single(await _ledger.FindAsync(Org, Item, 11)));
        Assert.Empty(await _ledger.FindAsync(Org, Item, 9));
    }

    [Fact]
    public async Task A_record_with_the_same_write_id_replaces_the_entry()
    {
        var pending = Pending(expectedRevision: null);
        var other = Pending(expectedRevision: null);
        await _ledger.RecordAsync(pending);
        await _ledger.RecordAsync(other);

        await _ledger.RecordAsync(pending with { Revision = 12 });

        Assert.Equal([pending with { Revision = 12 }, other], await _ledger.FindAsync(Org, Item, 12));
        Assert.Equal([other], await _ledger.FindAsync(Org, Item, 13)); // the pending one is gone
    }

    [Fact]
    public async Task Removing_an_entry_removes_only_that_one()
    {
        var first = Pending(expectedRevision: null);
        var second = Pending(expectedRevision: null);
        await _ledger.RecordAsync(first);
        await _ledger.RecordAsync(second);

        await _ledger.RemoveAsync(Org, Item, first.WriteId);

        Assert.Equal([second], await _ledger.FindAsync(Org, Item, 5));
    }

    [Fact]
    public async Task Removing_an_unknown_entry_or_from_an_unknown_item_changes_nothing()
    {
        var write = Pending(expectedRevision: null);
        await _ledger.RecordAsync(write);

        await _ledger.RemoveAsync(Org, Item, Guid.NewGuid().ToString("N"));
        await _ledger.RemoveAsync(Org, Item + 1, write.WriteId);
        await _ledger.RemoveAsync("another-org", Item, write.WriteId);

        Assert.Equal([write], await _ledger.FindAsync(Org, Item, 5));
        Assert.Empty(await _ledger.FindAsync(Org, Item + 1, 5));
        Assert.Equal(1, _ledger.Count);
    }

    [Fact]
    public async Task Entries_are_per_organization_and_work_item()
    {
        await _ledger.RecordAsync(Pending(expectedRevision: null));

        Assert.Empty(await _ledger.FindAsync(Org, Item + 1, 5));
        Assert.Empty(await _ledger.FindAsync("5e4f4a3b-0000-4000-8000-000000000000", Item, 5));
    }

    // ---- Bounds ----

    [Fact]
    public async Task An_item_keeps_its_newest_entries_up_to_the_cap()
    {
        var writes = Unguarded(InMemoryOwnWriteLedger.EntriesPerWorkItem + 2);
        foreach (var write in writes)
        {
            await _ledger.RecordAsync(write);
        }

        Assert.Equal(writes.Skip(2), await _ledger.FindAsync(Org, Item, 5));
    }

    [Fact]
    public async Task Confirming_an_entry_of_a_full_item_drops_none()
    {
        var writes = Unguarded(InMemoryOwnWriteLedger.EntriesPerWorkItem);
        foreach (var write in writes)
        {
            await _ledger.RecordAsync(write);
        }

        await _ledger.RecordAsync(writes[0] with { Revision = 5 });

        Assert.Equal([writes[0] with { Revision = 5 }, .. writes.Skip(1)], await _ledger.FindAsync(Org, Item, 5));
    }

    [Fact]
    public async Task An_item_keeps_its_newest_comment_ids_up_to_the_cap()
    {
        const int Cap = InMemoryOwnWriteLedger.CommentsPerWorkItem;
        for (var id = 1; id <= Cap; id++)
        {
            await _ledger.RecordOwnCommentAsync(Org, Item, id);
        }

        await _ledger.RecordOwnCommentAsync(Org, Item, 5); // already held: takes no place
        Assert.True(await _ledger.IsOwnCommentAsync(Org, Item, 1));

        await _ledger.RecordOwnCommentAsync(Org, Item, Cap + 1);
        Assert.False(await _ledger.IsOwnCommentAsync(Org, Item, 1));
        for (var id = 2; id <= Cap + 1; id++)
        {
            Assert.True(await _ledger.IsOwnCommentAsync(Org, Item, id), $"comment {id}");
        }

        Assert.False(await _ledger.IsOwnCommentAsync(Org, Item + 1, 2));
    }

    [Fact]
    public async Task Comments_and_entries_of_an_item_do_not_crowd_each_other_out()
    {
        var write = Pending(expectedRevision: null);
        await _ledger.RecordAsync(write);
        for (var id = 1; id <= InMemoryOwnWriteLedger.CommentsPerWorkItem; id++)
        {
            await _ledger.RecordOwnCommentAsync(Org, Item, id);
        }

        await _ledger.RemoveAsync(Org, Item, write.WriteId);

        Assert.Empty(await _ledger.FindAsync(Org, Item, 5));
        Assert.True(await _ledger.IsOwnCommentAsync(Org, Item, 1));
    }

    // ---- Organization ids ----

    [Theory]
    [InlineData("9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D")]
    [InlineData("{9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d}")]
    [InlineData("9a8b7c6d5e4f4a3b8c2d1e0f9a8b7c6d")]
    public async Task An_organization_id_is_one_guid_in_any_case_or_format(string sameOrg)
    {
        var write = Pending(expectedRevision: null);
        await _ledger.RecordAsync(write with { OrganizationId = sameOrg });
        await _ledger.RecordOwnCommentAsync(sameOrg, Item, 3);

        Assert.Single(await _ledger.FindAsync(Org, Item, 5));
        Assert.True(await _ledger.IsOwnCommentAsync(Org, Item, 3));
        await _ledger.RemoveAsync(Org, Item, write.WriteId);
        Assert.Empty(await _ledger.FindAsync(sameOrg, Item, 5));
        Assert.Equal(1, _ledger.Count);
    }

    [Fact]
    public async Task An_organization_id_that_is_no_guid_compares_case_insensitively()
    {
        await _ledger.RecordAsync(Pending(expectedRevision: null) with { OrganizationId = "Fabrikam-Org" });

        Assert.Single(await _ledger.FindAsync("FABRIKAM-ORG", Item, 5));
        Assert.Empty(await _ledger.FindAsync("Fabrikam-Org2", Item, 5));
    }

    // ---- Retention ----

    [Fact]
    public async Task Entries_and_comments_are_forgotten_after_the_retention()
    {
        var ledger = new InMemoryOwnWriteLedger(_clock, TimeSpan.FromHours(36));
        await ledger.RecordAsync(Pending(expectedRevision: null));
        await ledger.RecordOwnCommentAsync(Org, Item, 3);

        _clock.Advance(TimeSpan.FromHours(36) - TimeSpan.FromTicks(1));
        Assert.Single(await ledger.FindAsync(Org, Item, 5));
        Assert.True(await ledger.IsOwnCommentAsync(Org, Item, 3));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Empty(await ledger.FindAsync(Org, Item, 5));
        Assert.False(await ledger.IsOwnCommentAsync(Org, Item, 3));
    }

    [Fact]
    public async Task A_later_record_keeps_the_whole_item_for_another_retention_and_a_forgotten_item_starts_again()
    {
        Assert.Equal(TimeSpan.FromDays(7), InMemoryOwnWriteLedger.DefaultRetention);
        Assert.Equal(InMemoryOwnWriteLedger.DefaultRetention, _ledger.Retention);
        var first = Pending(expectedRevision: null);
        await _ledger.RecordAsync(first);
        _clock.Advance(TimeSpan.FromDays(6));
        await _ledger.RecordOwnCommentAsync(Org, Item, 3);

        _clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal([first], await _ledger.FindAsync(Org, Item, 5));

        _clock.Advance(TimeSpan.FromDays(1));
        var next = Pending(expectedRevision: null);
        await _ledger.RecordAsync(next);
        Assert.Equal([next], await _ledger.FindAsync(Org, Item, 5));
        Assert.False(await _ledger.IsOwnCommentAsync(Org, Item, 3));
    }

    [Fact]
    public async Task Expired_items_are_reclaimed_by_later_records()
    {
        var retention = TimeSpan.FromHours(1);
        var ledger = new InMemoryOwnWriteLedger(_clock, retention);
        for (var item = 1; item <= 100; item++)
        {
            await ledger.RecordAsync(Pending(expectedRevision: null) with { WorkItemId = item });
        }

        _clock.Advance(retention);
        Assert.Equal(100, ledger.Count); // no sweep: memory goes with later calls

        const int StepsPerRecord = ExpiringMap<int, int>.MaxReclaimStepsPerWrite;
        var records = 0;
        while (ledger.Count > records)
        {
            var before = ledger.Count;
            await ledger.RecordAsync(Pending(expectedRevision: null) with { WorkItemId = 1000 + records++ });
            Assert.InRange(before + 1 - ledger.Count, 1, StepsPerRecord);
        }

        Assert.Equal((100 + StepsPerRecord - 1) / StepsPerRecord, records);
        Assert.Equal(records, ledger.Count);
    }

    // ---- Concurrency ----

    [Fact]
    public async Task Concurrent_records_to_one_item_are_all_kept_up_to_the_cap()
    {
        const int Cap = InMemoryOwnWriteLedger.EntriesPerWorkItem;
        for (var round = 0; round < 10; round++)
        {
            var item = 100 + round;
            var writes = Unguarded(Cap, item);

            await Concurrently.RunAsync(Cap, participant => _ledger.RecordAsync(writes[participant]));

            Assert.Equal(writes.Select(w => w.WriteId).Order(), (await _ledger.FindAsync(Org, item, 5)).Select(w => w.WriteId).Order());
        }
    }

    [Fact]
    public async Task Of_more_concurrent_records_than_the_cap_exactly_the_cap_distinct_ones_are_kept()
    {
        const int Participants = 64;
        var writes = Unguarded(Participants);

        await Concurrently.RunAsync(Participants, participant => _ledger.RecordAsync(writes[participant]));

        var kept = await _ledger.FindAsync(Org, Item, 5);
        Assert.Equal(InMemoryOwnWriteLedger.EntriesPerWorkItem, kept.Count);
        Assert.Equal(kept.Count, kept.Select(w => w.WriteId).Distinct().Count());
        Assert.All(kept, w => Assert.Contains(w, writes));
    }

    [Fact]
    public async Task Concurrent_confirmations_and_removals_of_one_item_lose_none()
    {
        const int Participants = InMemoryOwnWriteLedger.EntriesPerWorkItem;
        for (var round = 0; round < 10; round++)
        {
            var item = 200 + round;
            var writes = Unguarded(Participants, item);
            foreach (var write in writes)
            {
                await _ledger.RecordAsync(write);
            }

            // Even participants confirm their write, odd ones remove theirs.
            await Concurrently.RunAsync(Participants, participant => participant % 2 == 0
                ? _ledger.RecordAsync(writes[participant] with { Revision = 7 })
                : _ledger.RemoveAsync(Org, item, writes[participant].WriteId));

            var found = await _ledger.FindAsync(Org, item, 7);
            Assert.Equal(Participants / 2, found.Count);
            Assert.All(found, w => Assert.Equal(7, w.Revision));
            Assert.Empty(await _ledger.FindAsync(Org, item, 8));
        }
    }

    [Fact]
    public async Task Concurrent_comment_records_to_one_item_are_all_kept()
    {
        const int Participants = InMemoryOwnWriteLedger.CommentsPerWorkItem;

        await Concurrently.RunAsync(Participants, participant => _ledger.RecordOwnCommentAsync(Org, Item, participant + 1));

        for (var id = 1; id <= Participants; id++)
        {
            Assert.True(await _ledger.IsOwnCommentAsync(Org, Item, id), $"comment {id}");
        }
    }

    // ---- Arguments and cancellation ----

    [Fact]
    public async Task A_record_checks_its_write()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _ledger.RecordAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.RecordAsync(Pending(null) with { WriteId = " " }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.RecordAsync(Pending(null) with { WriteId = "" }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _ledger.RecordAsync(Pending(null) with { Fields = null! }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.RecordAsync(Pending(null) with { OrganizationId = " " }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ledger.RecordAsync(Pending(null) with { WorkItemId = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ledger.RecordAsync(Pending(null) with { WorkItemId = -1 }));
        Assert.Equal(0, _ledger.Count);
    }

    [Fact]
    public async Task Lookups_removals_and_comments_check_the_item_and_write_id()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.FindAsync("", Item, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ledger.FindAsync(Org, 0, 5));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.RemoveAsync(" ", Item, "w"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.RemoveAsync(Org, Item, " "));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ledger.RecordOwnCommentAsync(Org, -3, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _ledger.IsOwnCommentAsync(" ", Item, 1));
    }

    [Fact]
    public void The_ledger_needs_a_clock_and_a_positive_retention()
    {
        Assert.Throws<ArgumentNullException>(() => new InMemoryOwnWriteLedger(null!));
        Assert.Throws<ArgumentNullException>(() => new InMemoryOwnWriteLedger(null!, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOwnWriteLedger(_clock, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOwnWriteLedger(_clock, TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public async Task A_cancelled_record_keeps_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _ledger.RecordAsync(Pending(null), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _ledger.RecordOwnCommentAsync(Org, Item, 3, cancelled.Token));

        Assert.Empty(await _ledger.FindAsync(Org, Item, 5));
        Assert.False(await _ledger.IsOwnCommentAsync(Org, Item, 3));
        Assert.Equal(0, _ledger.Count);
    }

    /// <summary>Distinct pending writes to one item that expect no particular revision (found for any).</summary>
    private OwnWrite[] Unguarded(int count, int workItemId = Item) =>
        [.. Enumerable.Range(0, count).Select(_ => Pending(expectedRevision: null) with { WorkItemId = workItemId })];

    private OwnWrite Pending(int? expectedRevision) =>
        OwnWriteFixtures.Pending(Org, Item, expectedRevision, State, "Resolved", _clock.GetUtcNow());
}
