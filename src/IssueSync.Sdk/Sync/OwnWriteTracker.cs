using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The SDK's own writes, both ways. Outbound, <see cref="BeginAsync"/> records a pending ledger entry
/// before the write is sent and the returned <see cref="PendingOwnWrite"/> confirms or removes it.
/// Inbound, <see cref="FindOwnFieldsAsync"/> tells which of a delivery's fields the SDK wrote: a
/// confirmed entry of that revision, or a pending one the delivery matches (the SDK's identity, the
/// same values); a pending entry it does not match is waited for, bounded, until it is settled, so
/// a person who saved first is applied and an echo is never taken for a person. A singleton.
/// </summary>
internal sealed class OwnWriteTracker
{
    /// <summary>How long a delivery waits for a pending entry it does not match to be confirmed or removed.</summary>
    public static readonly TimeSpan PendingWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A pending entry older than this is stale (its writer stopped, or lost the answer and the entry):
    /// nothing waits for it. Longer than a request may take with every retry.
    /// </summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    private readonly IOwnWriteLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OwnWriteTracker(IOwnWriteLedger ledger, TimeProvider time, ILogger logger)
    {
        _ledger = ledger;
        _time = time;
        _logger = logger;
    }

    /// <summary>Writes in flight in this process: a local write's end wakes a waiting delivery at once.</summary>
    public InFlightWrites InFlight { get; } = new();

    /// <summary>The ledger itself (own comment ids).</summary>
    public IOwnWriteLedger Ledger => _ledger;

    /// <summary>Records a write as pending, before it is sent.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item written.</param>
    /// <param name="fields">The fields set, with the values written.</param>
    /// <param name="expectedRevision">The revision the write produces (read + 1 under <c>test /rev</c>), or <see langword="null"/> when unguarded.</param>
    /// <param name="cancellationToken">Cancels the record (then nothing is sent).</param>
    /// <returns>The pending write: confirm it with the revision produced; disposing it unconfirmed removes it.</returns>
    public async Task<PendingOwnWrite> BeginAsync(string organizationId, int workItemId, IReadOnlyDictionary<string, string?> fields, int? expectedRevision, CancellationToken cancellationToken)
    {
        var scope = InFlight.Begin(organizationId, workItemId);
        var write = new OwnWrite
        {
            WriteId = Guid.NewGuid().ToString("N"),
            OrganizationId = organizationId,
            WorkItemId = workItemId,
            Fields = fields,
            ExpectedRevision = expectedRevision,
            RecordedAt = _time.GetUtcNow(),
        };
        try
        {
            await _ledger.RecordAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            scope.Dispose();
            throw;
        }

        return new PendingOwnWrite(this, write, scope);
    }

    /// <summary>
    /// Tells which followed fields of a delivered revision the SDK wrote itself, waiting (bounded) while a
    /// pending write the delivery does not match may still turn out to be that revision.
    /// </summary>
    /// <param name="delivered">The revision and what it changed.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The SDK's own fields of the revision.</returns>
    public async ValueTask<OwnFields> FindOwnFieldsAsync(DeliveredRevision delivered, CancellationToken cancellationToken)
    {
        DateTimeOffset? started = null;
        var poll = FirstPoll;
        while (true)
        {
            var entries = await _ledger.FindAsync(delivered.OrganizationId, delivered.WorkItemId, delivered.Revision, cancellationToken).ConfigureAwait(false);

            // Most deliveries are no echo and find no entry: the clock is read only when one is found.
            var now = entries.Count == 0 ? default : _time.GetUtcNow();
            var own = OwnFields.None;
            var unsettled = false;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (entry.IsConfirmed)
                {
                    own |= FieldsOf(entry);
                }
                else if (now - entry.RecordedAt >= PendingLifetime)
                {
                    continue; // nobody will settle it any more
                }
                else if (delivered.ByOwnIdentity && Matches(entry, delivered) is var matched && matched != OwnFields.None)
                {
                    own |= matched;
                }
                else
                {
                    unsettled = true;
                }
            }

            if (!unsettled)
            {
                return own;
            }

            started ??= now; // the wait is counted from the first read that found an unsettled entry
            var waited = now - started.Value;
            if (waited >= PendingWait)
            {
                SyncLog.OwnWriteStillPending(_logger, delivered.WorkItemId, delivered.Revision, PendingWait.TotalSeconds);
                return own;
            }

            // A local write's end wakes us at once; another instance's is seen at the next poll.
            var idle = InFlight.WhenIdle(delivered.OrganizationId, delivered.WorkItemId);
            var delay = Task.Delay(Min(poll, PendingWait - waited), _time, cancellationToken);
            if (idle.IsCompleted)
            {
                await delay.ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(idle, delay).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            poll = Min(poll * 2, LongestPoll);
        }
    }

    /// <summary>Removes an entry whose write did not happen. Best effort: a failure is logged, never thrown.</summary>
    internal async Task RemoveAsync(OwnWrite write)
    {
        try
        {
            await _ledger.RemoveAsync(write.OrganizationId, write.WorkItemId, write.WriteId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SyncLog.OwnWriteNotRemoved(_logger, write.WorkItemId, ex);
        }
    }

    /// <summary>Confirms an entry with the revision produced. A failure is logged, not thrown: the write happened.</summary>
    internal async Task<bool> ConfirmAsync(OwnWrite write, int revision, CancellationToken cancellationToken)
    {
        try
        {
            await _ledger.RecordAsync(write with { Revision = revision }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SyncLog.OwnWriteNotConfirmed(_logger, write.WorkItemId, revision, ex);
            return false;
        }
    }

    private static OwnFields FieldsOf(OwnWrite write)
    {
        var own = OwnFields.None;
        foreach (var field in write.Fields.Keys)
        {
            own |= OwnFieldsOf(field);
        }

        return own;
    }

    /// <summary>The followed fields of a pending entry the delivery reports with the values written; none when any differs.</summary>
    private static OwnFields Matches(OwnWrite write, in DeliveredRevision delivered)
    {
        var matched = OwnFields.None;
        foreach (var (field, value) in write.Fields)
        {
            var flag = OwnFieldsOf(field);
            if ((delivered.Listed & flag) == 0)
            {
                continue; // not in the delivery: says nothing either way
            }

            var same = flag switch
            {
                OwnFields.State => string.Equals(value, delivered.State, StringComparison.OrdinalIgnoreCase),
                OwnFields.AssignedTo => value is null
                    ? delivered.AssigneeEmail is null && delivered.AssigneeUniqueName is null
                    : string.Equals(value, delivered.AssigneeEmail, StringComparison.OrdinalIgnoreCase)
                      || string.Equals(value, delivered.AssigneeUniqueName, StringComparison.OrdinalIgnoreCase),
                _ => true, // a comment's text is not compared: its revision and author are enough
            };
            if (!same)
            {
                return OwnFields.None;
            }

            matched |= flag;
        }

        return matched;
    }

    private static OwnFields OwnFieldsOf(string field) => field switch
    {
        WorkItemFields.State => OwnFields.State,
        WorkItemFields.AssignedTo => OwnFields.AssignedTo,
        WorkItemFields.History => OwnFields.History,
        _ => OwnFields.None,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>The followed fields a revision changed that the SDK wrote itself.</summary>
[Flags]
internal enum OwnFields : byte
{
    None = 0,
    State = 1,
    AssignedTo = 2,
    History = 4,
    All = State | AssignedTo | History,
}

/// <summary>A delivered revision, as the echo check compares it with pending writes.</summary>
/// <param name="OrganizationId">The organization (collection) id.</param>
/// <param name="WorkItemId">The work item.</param>
/// <param name="Revision">The revision.</param>
/// <param name="ByOwnIdentity">Whether the revision was saved by the identity the SDK writes as.</param>
/// <param name="Listed">The followed fields the revision changed.</param>
/// <param name="State">The new state, when listed.</param>
/// <param name="AssigneeEmail">The new assignee's email; <see langword="null"/> when cleared.</param>
/// <param name="AssigneeUniqueName">The new assignee's unique name, when known.</param>
internal readonly record struct DeliveredRevision(
    string OrganizationId,
    int WorkItemId,
    int Revision,
    bool ByOwnIdentity,
    OwnFields Listed,
    string? State,
    string? AssigneeEmail,
    string? AssigneeUniqueName);

/// <summary>
/// An outbound write recorded as pending. <see cref="ConfirmAsync"/> once the write's answer brings its
/// revision; disposing it unconfirmed removes the entry (the write failed or was never sent).
/// </summary>
internal sealed class PendingOwnWrite : IAsyncDisposable
{
    private readonly OwnWriteTracker _tracker;
    private readonly InFlightWrites.Scope _inFlight;
    private bool _settled;

    internal PendingOwnWrite(OwnWriteTracker tracker, OwnWrite write, InFlightWrites.Scope inFlight)
    {
        _tracker = tracker;
        Write = write;
        _inFlight = inFlight;
    }

    /// <summary>The pending entry.</summary>
    public OwnWrite Write { get; }

    /// <summary>Confirms the entry with the revision the write produced.</summary>
    /// <param name="revision">The revision from the write's answer.</param>
    /// <param name="cancellationToken">Cancels the record.</param>
    /// <returns>Whether the confirmation was stored (a failure is logged; the pending entry still matches the echo).</returns>
    public async Task<bool> ConfirmAsync(int revision, CancellationToken cancellationToken)
    {
        _settled = true;
        return await _tracker.ConfirmAsync(Write, revision, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves the entry pending for good: the write's outcome is unknown (its answer was lost), so Azure
    /// DevOps may hold it and its webhook must still be recognised. Without a confirmation the entry
    /// stops holding deliveries back after <see cref="OwnWriteTracker.PendingLifetime"/>, and still
    /// matches a delivery saved by the SDK's identity with the values written.
    /// </summary>
    public void KeepPending() => _settled = true;

    /// <summary>Removes the entry now, e.g. once a comment is recognised by its id instead.</summary>
    public async Task RemoveAsync()
    {
        _settled = true;
        await _tracker.RemoveAsync(Write).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_settled)
            {
                _settled = true;
                await _tracker.RemoveAsync(Write).ConfigureAwait(false);
            }
        }
        finally
        {
            _inFlight.Dispose();
        }
    }
}
