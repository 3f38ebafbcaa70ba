namespace IssueSync.Sdk.Sync;

/// <summary>
/// The SDK's outbound writes that have been sent but not yet recorded in the write ledger, per
/// work item. Azure DevOps can deliver a write's webhook before its answer reaches the SDK (and so
/// before the ledger has the revision); the inbound handler waits for <see cref="WhenIdle"/> before
/// it decides whether a delivery is the SDK's own echo. Within one process only: a host whose
/// writes and webhooks are served by different instances keeps the (rarer) race. A singleton.
/// </summary>
internal sealed class InFlightWrites
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string OrganizationId, int WorkItemId), Entry> _entries = [];

    /// <summary>The number of work items with a write in flight (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Marks a write to a work item as in flight until the returned scope is disposed (after the ledger entry).</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item written.</param>
    /// <returns>The scope of the write.</returns>
    public Scope Begin(string organizationId, int workItemId)
    {
        var key = (organizationId.ToUpperInvariant(), workItemId);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = entry = new Entry();
            }

            entry.Writes++;
            return new Scope(this, key, entry);
        }
    }

    /// <summary>Completes when no write to the work item is in flight (at once when none is).</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <returns>A task that completes when the item's writes in flight now and later have all ended.</returns>
    public Task WhenIdle(string organizationId, int workItemId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue((organizationId.ToUpperInvariant(), workItemId), out var entry) ? entry.Idle.Task : Task.CompletedTask;
        }
    }

    private void End((string, int) key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Writes > 0)
            {
                return;
            }

            _entries.Remove(key);
        }

        entry.Idle.TrySetResult();
    }

    /// <summary>One write in flight; dispose once its ledger entry is recorded (or the write failed).</summary>
    internal sealed class Scope : IDisposable
    {
        private InFlightWrites? _owner;
        private readonly (string, int) _key;
        private readonly Entry _entry;

        internal Scope(InFlightWrites owner, (string, int) key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.End(_key, _entry);
    }

    internal sealed class Entry
    {
        public int Writes;

        public readonly TaskCompletionSource Idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
