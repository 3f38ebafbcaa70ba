using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Inbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// The SDK's own writes, on their own: an outbound write's pending entry (recorded before the write,
/// confirmed or removed after), and the inbound echo check over the real in-memory ledger, its waits
/// driven by a fake clock that tells when each poll timer is set.
/// </summary>
public sealed class OwnWriteTrackerTests
{
    private const string Org = "6c1f3a2b-8d4e-4f5a-9b6c-7d8e9f0a1b2c";
    private const int Item = 31;
    private const int Rev = 9;
    private const string Record = "IOwnWriteLedger.RecordAsync";
    private const string Remove = "IOwnWriteLedger.RemoveAsync";
    private const string State = WorkItemFields.State;
    private const string AssignedTo = WorkItemFields.AssignedTo;
    private const string History = WorkItemFields.History;

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(10);

    private readonly TestClock _clock = new();
    private readonly InMemoryOwnWriteLedger _ledger;
    private readonly StoreProbe _probe = new();
    private readonly FakeLogger _logger = new();
    private readonly OwnWriteTracker _tracker;

    public OwnWriteTrackerTests()
    {
        _ledger = new InMemoryOwnWriteLedger(_clock);
        _tracker = new OwnWriteTracker(new ProbedOwnWriteLedger(_ledger, _probe), _clock, _logger);
    }

    // ---- Outbound: the pending entry ----

    [Fact]
    public async Task Begin_records_a_pending_entry_before_it_returns_while_the_item_is_in_flight()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        bool? inFlightWhileRecording = null;
        _probe.OnNext(Record, _ =>
        {
            inFlightWhileRecording = !_tracker.InFlight.WhenIdle(Org, Item).IsCompleted;
            return Task.CompletedTask;
        });
        var fields = Fields((State, "Resolved"), (AssignedTo, null));

        await using var pending = await _tracker.BeginAsync(Org, Item, fields, expectedRevision: Rev, CancellationToken.None);

        var entry = Assert.Single(await _ledger.FindAsync(Org, Item, Rev));
        Assert.Equal(pending.Write, entry);
        Assert.True(Guid.TryParseExact(entry.WriteId, "N", out _));
        Assert.Equal((Org, Item, (int?)Rev, (int?)null), (entry.OrganizationId, entry.WorkItemId, entry.ExpectedRevision, entry.Revision));
        Assert.Equal(fields, entry.Fields);
        Assert.Equal(_clock.GetUtcNow(), entry.RecordedAt);
        Assert.True(inFlightWhileRecording);
        Assert.False(_tracker.InFlight.WhenIdle(Org, Item).IsCompleted);
    }

    [Fact]
    public async Task Each_write_gets_an_entry_of_its_own()
    {
        await using var first = await BeginAsync(expectedRevision: null);
        await using var second = await BeginAsync(expectedRevision: null);

        Assert.NotEqual(first.Write.WriteId, second.Write.WriteId);
        Assert.Equal(2, (await _ledger.FindAsync(Org, Item, Rev)).Count);
    }

    [Fact]
    public async Task Confirm_replaces_the_pending_entry_with_the_revision_and_the_dispose_keeps_it()
    {
        string writeId;
        Task idle;
        await using (var pending = await BeginAsync(expectedRevision: null))
        {
            writeId = pending.Write.WriteId;
            idle = _tracker.InFlight.WhenIdle(Org, Item);
            Assert.True(await pending.ConfirmAsync(12, CancellationToken.None));
            Assert.False(idle.IsCompleted); // in flight until disposed
        }

        var confirmed = Assert.Single(await _ledger.FindAsync(Org, Item, 12));
        Assert.Equal((writeId, (int?)12), (confirmed.WriteId, confirmed.Revision));
        Assert.Empty(await _ledger.FindAsync(Org, Item, 13)); // the pending entry (any revision) is gone
        Assert.True(idle.IsCompletedSuccessfully);
        Assert.Equal(0, _probe.CountOf(Remove));
    }

    [Fact]
    public async Task Disposing_an_unconfirmed_write_removes_its_entry_and_ends_the_in_flight_mark()
    {
        var pending = await BeginAsync(Rev);
        var idle = _tracker.InFlight.WhenIdle(Org, Item);

        await pending.DisposeAsync();

        Assert.Empty(await _ledger.FindAsync(Org, Item, Rev));
        Assert.True(idle.IsCompletedSuccessfully);
        Assert.Equal(0, _tracker.InFlight.Count);
    }

    [Fact]
    public async Task An_entry_removed_early_is_not_removed_again_on_dispose()
    {
        var pending = await BeginAsync(Rev);

        await pending.RemoveAsync();
        Assert.Empty(await _ledger.FindAsync(Org, Item, Rev));
        Assert.Equal(1, _tracker.InFlight.Count); // still in flight until disposed
        await pending.DisposeAsync();

        Assert.Equal(1, _probe.CountOf(Remove));
        Assert.Equal(0, _tracker.InFlight.Count);
    }

    [Fact]
    public async Task A_failed_record_throws_and_leaves_nothing_in_flight()
    {
        _probe.Fail(Record);

        await Assert.ThrowsAsync<InjectedStoreFailure>(() => BeginAsync(Rev));

        Assert.Equal(0, _tracker.InFlight.Count);
        Assert.True(_tracker.InFlight.WhenIdle(Org, Item).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_begin_records_nothing_and_leaves_nothing_in_flight()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _tracker.BeginAsync(Org, Item, Fields((State, "Resolved")), Rev, cancelled.Token));

        Assert.Equal(0, _tracker.InFlight.Count);
        Assert.Empty(await _ledger.FindAsync(Org, Item, Rev));
    }

    [Fact]
    public async Task A_failed_confirm_is_logged_and_returns_false_and_the_entry_stays_pending()
    {
        _probe.Fail(Record, after: 1);
        await using (var pending = await BeginAsync(Rev))
        {
            Assert.False(await pending.ConfirmAsync(Rev, CancellationToken.None));
        }

        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((9003, LogLevel.Warning), (log.Id.Id, log.Level));
        Assert.IsType<InjectedStoreFailure>(log.Exception);
        Assert.Contains($"work item {Item} produced revision {Rev}", log.Message, StringComparison.Ordinal);
        Assert.False(Assert.Single(await _ledger.FindAsync(Org, Item, Rev)).IsConfirmed); // its echo still matches
        Assert.Equal(0, _probe.CountOf(Remove));
        Assert.Equal(0, _tracker.InFlight.Count);
    }

    [Fact]
    public async Task A_confirm_its_caller_cancelled_throws_and_logs_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await using var pending = await BeginAsync(Rev);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.ConfirmAsync(Rev, cancelled.Token));

        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task A_failed_removal_is_logged_not_thrown_and_still_ends_the_in_flight_mark()
    {
        _probe.Fail(Remove);
        var pending = await BeginAsync(Rev);

        await pending.DisposeAsync();

        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((9002, LogLevel.Warning), (log.Id.Id, log.Level));
        Assert.IsType<InjectedStoreFailure>(log.Exception);
        Assert.Contains($"work item {Item}", log.Message, StringComparison.Ordinal);
        Assert.Equal(0, _tracker.InFlight.Count);
    }

    // ---- Inbound: which fields are the SDK's own ----

    [Fact]
    public async Task A_confirmed_entry_of_the_revision_gives_its_fields_whoever_saved_it()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"), (AssignedTo, "ann@fabrikam.com")), expectedRevision: null) with { Revision = Rev });
        await _ledger.RecordAsync(Write(Fields((History, "a comment"))) with { Revision = Rev + 1 });

        var own = await FindAsync(Delivered(byOwnIdentity: false, state: "Closed"));

        Assert.Equal(OwnFields.State | OwnFields.AssignedTo, own);
        Assert.Empty(_clock.TimersCreated);
    }

    [Theory]
    [InlineData(State, "Resolved", "resolved", null, null)]
    [InlineData(State, "resolved", "RESOLVED", null, null)]
    [InlineData(AssignedTo, "ann@fabrikam.com", null, "Ann@Fabrikam.com", "FABRIKAM\\ann")]
    [InlineData(AssignedTo, "fabrikam\\ann", null, "ann@fabrikam.com", "FABRIKAM\\Ann")]
    [InlineData(AssignedTo, null, null, null, null)] // cleared
    [InlineData(History, "text that is not compared", null, null, null)]
    public async Task A_pending_entry_the_sdks_revision_reports_with_the_same_values_is_its_own_at_once(string field, string? written, string? state, string? email, string? uniqueName)
    {
        await _ledger.RecordAsync(Write(Fields((field, written))));

        var find = FindAsync(Delivered(listed: FlagOf(field), state: state, email: email, uniqueName: uniqueName));

        Assert.True(find.IsCompletedSuccessfully); // no wait
        Assert.Equal(FlagOf(field), await find);
        Assert.Empty(_clock.TimersCreated);
    }

    [Theory]
    [InlineData(false, State, "Resolved", "Resolved", null)] // a person's save of the same value
    [InlineData(true, State, "Resolved", "Closed", null)]
    [InlineData(true, AssignedTo, "ann@fabrikam.com", null, "bob@fabrikam.com")]
    [InlineData(true, AssignedTo, null, null, "ann@fabrikam.com")] // the write clears, the revision assigns
    [InlineData(true, AssignedTo, "ann@fabrikam.com", null, null)] // the write assigns, the revision clears
    public async Task A_pending_entry_the_revision_does_not_match_is_waited_for_until_confirmed(bool byOwnIdentity, string field, string? written, string? state, string? email)
    {
        var pending = Write(Fields((field, written)));
        await _ledger.RecordAsync(pending);

        var find = FindAsync(Delivered(byOwnIdentity, FlagOf(field), state, email));
        await _clock.WaitForTimerAsync(FirstPoll);
        Assert.False(find.IsCompleted);
        await _ledger.RecordAsync(pending with { Revision = Rev });
        _clock.Advance(FirstPoll);

        Assert.Equal(FlagOf(field), await find.WaitAsync(RealTimeout));
        Assert.Equal(new[] { FirstPoll }, _clock.TimersCreated);
    }

    [Fact]
    public async Task A_pending_entry_matched_on_one_field_but_not_another_is_waited_for()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"), (AssignedTo, "ann@fabrikam.com"))));

        var find = FindAsync(Delivered(listed: OwnFields.State | OwnFields.AssignedTo, state: "Resolved", email: "bob@fabrikam.com"));
        await _clock.WaitForTimerAsync(FirstPoll);

        Assert.False(find.IsCompleted);
        await RunOutAsync(find);
    }

    [Fact]
    public async Task A_pending_entry_removed_while_waited_for_gives_nothing()
    {
        var pending = Write(Fields((State, "Resolved")));
        await _ledger.RecordAsync(pending);

        var find = FindAsync(Delivered(byOwnIdentity: false));
        await _clock.WaitForTimerAsync(FirstPoll);
        await _ledger.RemoveAsync(Org, Item, pending.WriteId);
        _clock.Advance(FirstPoll);

        Assert.Equal(OwnFields.None, await find.WaitAsync(RealTimeout));
    }

    [Fact]
    public async Task Polls_double_from_25_ms_up_to_500_ms_and_the_bound_returns_what_is_known_with_a_warning()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"))) with { Revision = Rev });
        await _ledger.RecordAsync(Write(Fields((AssignedTo, "ann@fabrikam.com"))));
        TimeSpan[] polls =
        [
            .. new[] { 25, 50, 100, 200, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
            .. Enumerable.Repeat(TimeSpan.FromMilliseconds(500), 18),
            TimeSpan.FromMilliseconds(225), // the rest of the 10 s bound
        ];
        Assert.Equal(OwnWriteTracker.PendingWait, polls.Aggregate(TimeSpan.Zero, (sum, poll) => sum + poll));

        var find = FindAsync(Delivered(byOwnIdentity: false, listed: OwnFields.State | OwnFields.AssignedTo, email: "bob@fabrikam.com"));
        for (var i = 0; i < polls.Length; i++)
        {
            await _clock.WaitForTimerAsync(polls[i], polls.Take(i + 1).Count(p => p == polls[i]));
            Assert.False(find.IsCompleted);
            _clock.Advance(polls[i]);
        }

        Assert.Equal(OwnFields.State, await find.WaitAsync(RealTimeout));
        Assert.Equal(polls, _clock.TimersCreated);
        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((9001, LogLevel.Warning), (log.Id.Id, log.Level));
        Assert.Contains($"Work item {Item} revision {Rev}", log.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_end_of_a_local_write_wakes_the_wait_at_once(bool confirmed)
    {
        var local = await BeginAsync(Rev);
        var find = FindAsync(Delivered(byOwnIdentity: false));
        await _clock.WaitForTimerAsync(FirstPoll);

        if (confirmed)
        {
            Assert.True(await local.ConfirmAsync(Rev, CancellationToken.None));
        }

        Assert.False(find.IsCompleted); // settled in the ledger, but nothing woke the wait yet
        await local.DisposeAsync();

        Assert.Equal(confirmed ? OwnFields.State : OwnFields.None, await find.WaitAsync(RealTimeout));
        Assert.Equal(new[] { FirstPoll }, _clock.TimersCreated); // no time passed
    }

    [Fact]
    public async Task A_pending_entry_as_old_as_its_lifetime_is_stale_and_ignored()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"))) with { RecordedAt = _clock.GetUtcNow() - OwnWriteTracker.PendingLifetime });

        var find = FindAsync(Delivered(byOwnIdentity: false));

        Assert.True(find.IsCompletedSuccessfully);
        Assert.Equal(OwnFields.None, await find);
        Assert.Empty(_clock.TimersCreated);
    }

    [Fact]
    public async Task A_pending_entry_just_younger_than_its_lifetime_is_waited_for()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"))) with { RecordedAt = _clock.GetUtcNow() - OwnWriteTracker.PendingLifetime + TimeSpan.FromTicks(1) });

        var find = FindAsync(Delivered(byOwnIdentity: false));
        await _clock.WaitForTimerAsync(FirstPoll);

        Assert.False(find.IsCompleted);
        await RunOutAsync(find);
    }

    [Fact]
    public async Task A_pending_entry_that_becomes_stale_during_the_wait_stops_holding_it()
    {
        var recordedAt = _clock.GetUtcNow() - OwnWriteTracker.PendingLifetime + FirstPoll;
        await _ledger.RecordAsync(Write(Fields((State, "Resolved"))) with { RecordedAt = recordedAt });

        var find = FindAsync(Delivered(byOwnIdentity: false));
        await _clock.WaitForTimerAsync(FirstPoll);
        _clock.Advance(FirstPoll);

        Assert.Equal(OwnFields.None, await find.WaitAsync(RealTimeout));
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task A_pending_entry_expecting_another_revision_holds_nothing()
    {
        await _ledger.RecordAsync(Write(Fields((State, "Resolved")), expectedRevision: Rev - 1));
        await _ledger.RecordAsync(Write(Fields((State, "Resolved")), expectedRevision: Rev + 1));

        var find = FindAsync(Delivered(byOwnIdentity: false));

        Assert.True(find.IsCompletedSuccessfully);
        Assert.Equal(OwnFields.None, await find);
        Assert.Empty(_clock.TimersCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the wait is on both the poll and the local write's end
    public async Task Cancelling_a_wait_throws(bool localWriteInFlight)
    {
        await using var local = localWriteInFlight ? await BeginAsync(Rev) : null;
        if (!localWriteInFlight)
        {
            await _ledger.RecordAsync(Write(Fields((State, "Resolved"))));
        }

        using var cancel = new CancellationTokenSource();
        var find = _tracker.FindOwnFieldsAsync(Delivered(byOwnIdentity: false), cancel.Token).AsTask();
        await _clock.WaitForTimerAsync(FirstPoll);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => find.WaitAsync(RealTimeout));
    }

    private Task<PendingOwnWrite> BeginAsync(int? expectedRevision) =>
        _tracker.BeginAsync(Org, Item, Fields((State, "Resolved")), expectedRevision, CancellationToken.None);

    private Task<OwnFields> FindAsync(DeliveredRevision delivered) => _tracker.FindOwnFieldsAsync(delivered, CancellationToken.None).AsTask();

    /// <summary>Ends a wait the test left running by running it out to the bound.</summary>
    private async Task RunOutAsync(Task<OwnFields> find)
    {
        _clock.Advance(OwnWriteTracker.PendingWait);
        Assert.Equal(OwnFields.None, await find.WaitAsync(RealTimeout));
    }

    private OwnWrite Write(Dictionary<string, string?> fields, int? expectedRevision = Rev) => new()
    {
        WriteId = Guid.NewGuid().ToString("N"),
        OrganizationId = Org,
        WorkItemId = Item,
        Fields = fields,
        ExpectedRevision = expectedRevision,
        RecordedAt = _clock.GetUtcNow(),
    };

    private static Dictionary<string, string?> Fields(params (string Field, string? Value)[] fields) =>
        fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.Ordinal);

    private static DeliveredRevision Delivered(
        bool byOwnIdentity = true,
        OwnFields listed = OwnFields.State,
        string? state = "Resolved",
        string? email = null,
        string? uniqueName = null) =>
        new(Org, Item, Rev, byOwnIdentity, listed, state, email, uniqueName);

    private static OwnFields FlagOf(string field) => field switch
    {
        State => OwnFields.State,
        AssignedTo => OwnFields.AssignedTo,
        History => OwnFields.History,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
