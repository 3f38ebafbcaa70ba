using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Inbound;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// The per-field watermark rules on their own, over the real in-memory store: where a change stands,
/// how a record moves the watermark's two ends, and the compare-and-set every record and confirmation
/// makes (a probe lets another writer save between the read and the save).
/// </summary>
public sealed class FieldWatermarksTests
{
    private const string Org = "0b7e4c1a-5d2f-4e8a-9c3b-6f1d2e3a4b5c";
    private const int Item = 42;
    private const string State = "System.State";
    private const string TrySave = "ISyncWatermarkStore.TrySaveAsync";

    private static readonly SyncWatermark Applied = new()
    {
        Field = State,
        Revision = 10,
        Value = "Resolved",
        EarliestRevision = 5,
        PriorValue = "New",
        Version = 77,
    };

    private readonly InMemorySyncWatermarkStore _store = new(new FakeTimeProvider());
    private readonly StoreProbe _probe = new();
    private readonly FieldWatermarks _watermarks;

    public FieldWatermarksTests()
    {
        _watermarks = new FieldWatermarks(new ProbedWatermarkStore(_store, _probe));
    }

    // ---- Place ----

    [Theory]
    [InlineData(11, nameof(FieldPlacement.Newer))]
    [InlineData(10, nameof(FieldPlacement.Within))] // the watermark's own revision: already applied
    [InlineData(7, nameof(FieldPlacement.Within))]
    [InlineData(5, nameof(FieldPlacement.Within))] // the earliest applied revision: already applied
    [InlineData(4, nameof(FieldPlacement.Older))]
    public void A_change_is_placed_against_both_ends_of_the_watermark(int revision, string expected)
    {
        // The placement is internal: a public theory names it.
        Assert.Equal(Enum.Parse<FieldPlacement>(expected), FieldWatermarks.Place(Applied, revision));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Any_change_of_a_field_without_a_watermark_is_the_first(int revision)
    {
        Assert.Equal(FieldPlacement.First, FieldWatermarks.Place(null, revision));
    }

    // ---- Merge ----

    [Fact]
    public void The_first_record_sets_both_ends_to_the_change()
    {
        var merged = FieldWatermarks.Merge(null, State, 8, "Active", "New");

        Assert.Equal(new SyncWatermark { Field = State, Revision = 8, Value = "Active", EarliestRevision = 8, PriorValue = "New" }, merged);
    }

    [Fact]
    public void A_newer_change_moves_the_newest_end_and_keeps_the_earliest()
    {
        var merged = FieldWatermarks.Merge(Applied, State, 12, "Closed", "Resolved");

        Assert.Equal(Applied with { Revision = 12, Value = "Closed" }, merged);
    }

    [Fact]
    public void An_older_change_moves_the_earliest_end_and_keeps_the_newest()
    {
        var merged = FieldWatermarks.Merge(Applied, State, 3, "Proposed", "Draft");

        Assert.Equal(Applied with { EarliestRevision = 3, PriorValue = "Draft" }, merged);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    public void A_change_within_the_applied_revisions_leaves_the_watermark(int revision)
    {
        Assert.Null(FieldWatermarks.Merge(Applied, State, revision, "Whatever", "Else"));
    }

    // ---- TryRecordAsync ----

    [Fact]
    public async Task A_first_record_saves_the_pending_action_and_returns_the_version_the_store_gave()
    {
        var saved = await _watermarks.TryRecordAsync(Org, Item, null, State, 8, "Resolved", "Active", FieldWatermarks.Resolve, CancellationToken.None);

        var stored = Assert.Single(await _store.ReadAsync(Org, Item));
        Assert.Equal(stored, saved);
        Assert.Equal(FieldWatermarks.Resolve, stored.PendingAction);
        Assert.Equal((8, "Resolved", 8, "Active"), (stored.Revision, stored.Value, stored.EarliestRevision, stored.PriorValue));
        Assert.True(stored.Version > 0);
    }

    [Fact]
    public async Task A_newer_record_is_a_compare_and_set_on_the_version_read()
    {
        var read = await RecordAsync(5, "Active", "New");

        var saved = await _watermarks.TryRecordAsync(Org, Item, read, State, 9, "Resolved", "Active", FieldWatermarks.Resolve, CancellationToken.None);

        Assert.NotNull(saved);
        Assert.NotEqual(read.Version, saved.Version);
        Assert.Equal(read with { Revision = 9, Value = "Resolved", PendingAction = FieldWatermarks.Resolve, Version = saved.Version }, saved);
        Assert.Equal(saved, Assert.Single(await _store.ReadAsync(Org, Item)));
    }

    [Fact]
    public async Task A_record_without_a_pending_action_saves_none_whatever_was_read()
    {
        await _store.TrySaveAsync(Org, Item, Applied with { PendingAction = FieldWatermarks.Resolve }, 0);
        var read = Assert.Single(await _store.ReadAsync(Org, Item));

        var saved = await _watermarks.TryRecordAsync(Org, Item, read, State, 3, "Active", "Draft", pendingAction: null, CancellationToken.None);

        Assert.NotNull(saved);
        Assert.Null(saved.PendingAction);
        Assert.Equal((10, "Resolved", 3, "Draft"), (saved.Revision, saved.Value, saved.EarliestRevision, saved.PriorValue));
        Assert.Equal(saved, Assert.Single(await _store.ReadAsync(Org, Item)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public async Task A_record_the_watermark_already_covers_returns_it_unchanged_and_saves_nothing(int revision)
    {
        var read = await RecordAsync(5, "Active", "New");
        read = (await _watermarks.TryRecordAsync(Org, Item, read, State, 8, "Resolved", "Active", null, CancellationToken.None))!;
        _probe.ClearCalls();

        var result = await _watermarks.TryRecordAsync(Org, Item, read, State, revision, "Closed", "Resolved", FieldWatermarks.Resolve, CancellationToken.None);

        Assert.Same(read, result);
        Assert.Equal(0, _probe.CountOf(TrySave));
        Assert.Equal(read, Assert.Single(await _store.ReadAsync(Org, Item)));
    }

    [Fact]
    public async Task A_first_record_loses_to_another_first_save_of_the_field()
    {
        var other = new SyncWatermark { Field = State, Revision = 6, Value = "Closed", EarliestRevision = 6 };
        _probe.OnNext(TrySave, async ct => await _store.TrySaveAsync(Org, Item, other, 0, ct));

        var result = await _watermarks.TryRecordAsync(Org, Item, null, State, 8, "Resolved", "Active", FieldWatermarks.Resolve, CancellationToken.None);

        Assert.Null(result);
        var stored = Assert.Single(await _store.ReadAsync(Org, Item));
        Assert.Equal(other with { Version = stored.Version }, stored);
    }

    [Fact]
    public async Task A_record_loses_to_a_save_made_after_its_read()
    {
        var read = await RecordAsync(5, "Active", "New");
        _probe.OnNext(TrySave, async ct => await _store.TrySaveAsync(Org, Item, read with { Revision = 7, Value = "Closed" }, read.Version, ct));

        var result = await _watermarks.TryRecordAsync(Org, Item, read, State, 9, "Resolved", "Active", FieldWatermarks.Resolve, CancellationToken.None);

        Assert.Null(result);
        var stored = Assert.Single(await _store.ReadAsync(Org, Item));
        Assert.Equal((7, "Closed", null), (stored.Revision, stored.Value, stored.PendingAction));
    }

    // ---- TryConfirmAsync ----

    [Fact]
    public async Task A_confirmation_clears_the_pending_action_on_the_pending_records_version()
    {
        var pending = await RecordAsync(5, "Resolved", "Active", FieldWatermarks.Resolve);

        var confirmed = await _watermarks.TryConfirmAsync(Org, Item, pending, CancellationToken.None);

        Assert.NotNull(confirmed);
        Assert.NotEqual(pending.Version, confirmed.Version);
        Assert.Equal(pending with { PendingAction = null, Version = confirmed.Version }, confirmed);
        Assert.Equal(confirmed, Assert.Single(await _store.ReadAsync(Org, Item)));
    }

    [Fact]
    public async Task A_confirmation_loses_to_a_save_made_since_the_pending_record()
    {
        var pending = await RecordAsync(5, "Resolved", "Active", FieldWatermarks.Resolve);
        var meanwhile = await _watermarks.TryRecordAsync(Org, Item, pending, State, 6, "Closed", "Resolved", FieldWatermarks.Resolve, CancellationToken.None);

        var confirmed = await _watermarks.TryConfirmAsync(Org, Item, pending, CancellationToken.None);

        Assert.Null(confirmed);
        Assert.Equal(meanwhile, Assert.Single(await _store.ReadAsync(Org, Item)));
    }

    [Fact]
    public async Task A_confirmation_loses_to_a_save_made_while_it_is_in_progress()
    {
        var pending = await RecordAsync(5, "Resolved", "Active", FieldWatermarks.Resolve);
        _probe.OnNext(TrySave, async ct => await _store.TrySaveAsync(Org, Item, pending with { PendingAction = FieldWatermarks.Unresolve }, pending.Version, ct));

        var confirmed = await _watermarks.TryConfirmAsync(Org, Item, pending, CancellationToken.None);

        Assert.Null(confirmed);
        Assert.Equal(FieldWatermarks.Unresolve, Assert.Single(await _store.ReadAsync(Org, Item)).PendingAction);
    }

    /// <summary>Records the field's first watermark through the rules under test.</summary>
    private async Task<SyncWatermark> RecordAsync(int revision, string value, string priorValue, string? pendingAction = null)
    {
        var saved = await _watermarks.TryRecordAsync(Org, Item, null, State, revision, value, priorValue, pendingAction, CancellationToken.None);
        Assert.NotNull(saved);
        return saved;
    }
}
