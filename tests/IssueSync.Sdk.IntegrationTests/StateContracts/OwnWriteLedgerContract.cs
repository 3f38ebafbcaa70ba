using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>What every <see cref="IOwnWriteLedger"/> must do (the port's contract and the in-memory ledger's semantics), run against each implementation.</summary>
public abstract class OwnWriteLedgerContract
{
    private const string Org = "6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C";
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    protected abstract IOwnWriteLedger CreateLedger(TimeSpan retention);

    private IOwnWriteLedger CreateLedger() => CreateLedger(TimeSpan.FromDays(7));

    private static OwnWrite Write(string id, int? expected = null, int? revision = null, int workItem = 7, string org = Org) => new()
    {
        WriteId = id,
        OrganizationId = org,
        WorkItemId = workItem,
        Fields = new Dictionary<string, string?> { ["System.State"] = "Resolved", ["System.AssignedTo"] = null },
        ExpectedRevision = expected,
        Revision = revision,
        RecordedAt = At,
    };

    private static async Task<string[]> FoundAsync(IOwnWriteLedger ledger, int revision, int workItem = 7) =>
        (await ledger.FindAsync(Org, workItem, revision)).Select(w => w.WriteId).ToArray();

    [Fact]
    public async Task Find_sees_confirmed_entries_of_the_revision_and_pending_ones_expecting_it_or_none()
    {
        var ledger = CreateLedger();
        await ledger.RecordAsync(Write("confirmed-5", expected: 5, revision: 5));
        await ledger.RecordAsync(Write("confirmed-6-expected-5", expected: 5, revision: 6));
        await ledger.RecordAsync(Write("pending-5", expected: 5));
        await ledger.RecordAsync(Write("pending-any"));
        await ledger.RecordAsync(Write("other-item", revision: 5, workItem: 8));

        Assert.Equal(["confirmed-5", "pending-5", "pending-any"], await FoundAsync(ledger, 5));
        Assert.Equal(["confirmed-6-expected-5", "pending-any"], await FoundAsync(ledger, 6));
        Assert.Equal(["pending-any"], await FoundAsync(ledger, 7));
        Assert.Empty(await FoundAsync(ledger, 5, workItem: 9));
    }

    [Fact]
    public async Task An_entry_comes_back_as_recorded_and_organization_ids_match_in_any_case()
    {
        var ledger = CreateLedger();
        var write = Write("w1", expected: 4);
        await ledger.RecordAsync(write);

        var found = Assert.Single(await ledger.FindAsync(Org.ToLowerInvariant(), 7, 4));

        Assert.Equal((write.WriteId, write.OrganizationId, write.WorkItemId, write.ExpectedRevision, write.Revision, write.RecordedAt, false),
            (found.WriteId, found.OrganizationId, found.WorkItemId, found.ExpectedRevision, found.Revision, found.RecordedAt, found.IsConfirmed));
        Assert.Equal(write.Fields.OrderBy(f => f.Key), found.Fields.OrderBy(f => f.Key));
    }

    [Fact]
    public async Task Recording_the_same_write_id_confirms_it_in_place_and_remove_drops_it()
    {
        var ledger = CreateLedger();
        await ledger.RecordAsync(Write("a", expected: 5));
        await ledger.RecordAsync(Write("b", expected: 5));
        await ledger.RecordAsync(Write("a", expected: 5, revision: 6));

        Assert.Equal(["b"], await FoundAsync(ledger, 5));
        Assert.Equal(["a"], await FoundAsync(ledger, 6));

        await ledger.RemoveAsync(Org, 7, "b");
        await ledger.RemoveAsync(Org, 7, "never-recorded");
        await ledger.RemoveAsync(Org, 8, "a");

        Assert.Empty(await FoundAsync(ledger, 5));
        Assert.Equal(["a"], await FoundAsync(ledger, 6));
    }

    [Fact]
    public async Task The_newest_32_entries_of_an_item_are_kept_in_record_order()
    {
        var ledger = CreateLedger();
        for (var i = 1; i <= 40; i++)
        {
            await ledger.RecordAsync(Write($"w{i:00}"));
        }

        // Replacing a kept entry neither moves it nor evicts another.
        await ledger.RecordAsync(Write("w20", revision: 100));

        Assert.Equal(Enumerable.Range(9, 32).Where(i => i != 20).Select(i => $"w{i:00}"), await FoundAsync(ledger, 1));
        // Revision 100: the confirmed w20 in its place among the pending entries, which expect no revision in particular.
        Assert.Equal(Enumerable.Range(9, 32).Select(i => $"w{i:00}"), await FoundAsync(ledger, 100));
    }

    [Fact]
    public async Task Concurrent_records_of_one_item_are_all_kept()
    {
        var ledger = CreateLedger();

        await Overlapping.RunAsync(30, async i => { await ledger.RecordAsync(Write($"c{i}")); return i; });

        Assert.Equal(30, (await FoundAsync(ledger, 1)).Distinct().Count());
    }

    [Fact]
    public async Task Attempts_are_replaced_by_organization_and_key_found_in_any_organization_case_and_removed()
    {
        var ledger = CreateLedger();
        var first = new OwnWriteAttempt { OrganizationId = Org, Key = "create:group-1", FirstAttemptAt = At, LastAttemptAt = At };
        await ledger.RecordAttemptAsync(first);
        var settled = first with { LastAttemptAt = At.AddSeconds(5), ResultId = 42 };
        await ledger.RecordAttemptAsync(settled);

        Assert.Equal(settled, await ledger.FindAttemptAsync(Org.ToLowerInvariant(), "create:group-1"));
        Assert.Null(await ledger.FindAttemptAsync(Org, "create:GROUP-1"));
        Assert.Null(await ledger.FindAttemptAsync("another-org", "create:group-1"));

        await ledger.RemoveAttemptAsync(Org, "create:group-1");
        await ledger.RemoveAttemptAsync(Org, "create:group-1");

        Assert.Null(await ledger.FindAttemptAsync(Org, "create:group-1"));
    }

    [Fact]
    public async Task Own_comments_are_kept_per_item_the_newest_64()
    {
        var ledger = CreateLedger();
        for (var id = 1; id <= 70; id++)
        {
            await ledger.RecordOwnCommentAsync(Org, 7, id);
        }

        // Recording a kept id again does not make it newer nor evict another.
        await ledger.RecordOwnCommentAsync(Org, 7, 10);

        Assert.False(await ledger.IsOwnCommentAsync(Org, 7, 6));
        Assert.True(await ledger.IsOwnCommentAsync(Org.ToLowerInvariant(), 7, 7));
        Assert.True(await ledger.IsOwnCommentAsync(Org, 7, 70));
        Assert.False(await ledger.IsOwnCommentAsync(Org, 8, 70));
        Assert.False(await ledger.IsOwnCommentAsync(Org, 7, 71));
    }

    [Fact]
    public async Task An_item_and_an_attempt_are_forgotten_after_the_retention()
    {
        var ledger = CreateLedger(TimeSpan.FromMilliseconds(200));
        await ledger.RecordAsync(Write("w"));
        await ledger.RecordOwnCommentAsync(Org, 7, 3);
        await ledger.RecordAttemptAsync(new OwnWriteAttempt { OrganizationId = Org, Key = "comment:7:h1", FirstAttemptAt = At, LastAttemptAt = At });

        await Overlapping.EventuallyAsync(
            async () => (await FoundAsync(ledger, 1)).Length == 0 && !await ledger.IsOwnCommentAsync(Org, 7, 3) && await ledger.FindAttemptAsync(Org, "comment:7:h1") is null,
            "the ledger to forget the item and the attempt");
    }
}
