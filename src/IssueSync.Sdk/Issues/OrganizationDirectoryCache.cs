using System.Collections.Concurrent;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// A per-organization lookup table loaded in one go (every project, every user) and kept, so a sync
/// call costs the same in an organization of any size. Keys are case-insensitive. A lookup that
/// misses reloads the table, but at most once per refresh interval; a table older than its time to
/// live is reloaded on the next lookup (and still used when that reload fails). Concurrent callers
/// share one load; a failed load is not kept.
/// A singleton (inside <see cref="IssueSyncServices"/>).
/// </summary>
/// <typeparam name="TValue">What a key maps to.</typeparam>
internal sealed class OrganizationDirectoryCache<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<string, Directory> _organizations = new(StringComparer.Ordinal);
    private readonly Func<IVstsClient, CancellationToken, Task<IReadOnlyDictionary<string, TValue>>> _load;
    private readonly Action<string, int>? _loaded;
    private readonly TimeProvider _timeProvider;

    /// <param name="timeProvider">The clock that ages tables and spaces reloads.</param>
    /// <param name="load">Reads one organization's whole table; keys must compare case-insensitively.</param>
    /// <param name="loaded">Told the organization URL and entry count after each load (for logging).</param>
    public OrganizationDirectoryCache(
        TimeProvider timeProvider,
        Func<IVstsClient, CancellationToken, Task<IReadOnlyDictionary<string, TValue>>> load,
        Action<string, int>? loaded = null)
    {
        _timeProvider = timeProvider;
        _load = load;
        _loaded = loaded;
    }

    /// <summary>Finds the first of <paramref name="keys"/> that is in the organization's table.</summary>
    /// <param name="client">The organization's client (its URL keys the table).</param>
    /// <param name="keys">The keys to try, in order; blank ones are skipped.</param>
    /// <param name="refreshInterval">The shortest time between two loads caused by misses.</param>
    /// <param name="timeToLive">How long a loaded table is used.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (not a load other callers share).</param>
    /// <returns>The value, or <see langword="null"/> when no key is in the table.</returns>
    /// <exception cref="VstsApiException">Loading the table failed.</exception>
    public async Task<TValue?> FindAsync(IVstsClient client, IEnumerable<string> keys, TimeSpan refreshInterval, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var wanted = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToArray();
        if (wanted.Length == 0)
        {
            return null;
        }

        var directory = _organizations.GetOrAdd(client.Target.OrganizationUrl.AbsoluteUri.ToUpperInvariant(), static _ => new Directory());
        var table = directory.Current;
        if (table is null)
        {
            table = await LoadAsync(directory, client, null, cancellationToken).ConfigureAwait(false);
        }
        else if (_timeProvider.GetUtcNow() - table.LoadedAt >= timeToLive && directory.MayReload(table, _timeProvider.GetUtcNow(), refreshInterval))
        {
            try
            {
                table = await LoadAsync(directory, client, table, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException)
            {
                // An aged table is still better than none: keep answering from it; the next
                // attempt to reload waits for the refresh interval.
            }
        }

        if (Find(table, wanted) is { } found)
        {
            return found;
        }

        // A miss may be a project or user added since the load: reload, but not more often than the interval.
        if (directory.MayReload(table, _timeProvider.GetUtcNow(), refreshInterval))
        {
            table = await LoadAsync(directory, client, table, cancellationToken).ConfigureAwait(false);
        }
        else if (directory.Current is { } newer)
        {
            table = newer; // another caller may have reloaded meanwhile
        }

        return Find(table, wanted);
    }

    private static TValue? Find(Table table, string[] keys)
    {
        foreach (var key in keys)
        {
            if (table.Entries.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private Task<Table> LoadAsync(Directory directory, IVstsClient client, Table? seen, CancellationToken cancellationToken)
    {
        Task<Table> load;
        lock (directory.Gate)
        {
            if (directory.Loading is { } running)
            {
                load = running; // join the load in flight
            }
            else if (directory.Current is { } current && !ReferenceEquals(current, seen))
            {
                return Task.FromResult(current); // someone loaded a newer table since this caller looked
            }
            else
            {
                directory.LastLoadStartedAt = _timeProvider.GetUtcNow();
                load = directory.Loading = RunLoadAsync(directory, client);
            }
        }

        // The load is shared by every waiter, so no single caller's token cancels it.
        return load.WaitAsync(cancellationToken);
    }

    private async Task<Table> RunLoadAsync(Directory directory, IVstsClient client)
    {
        await Task.Yield(); // the caller registers the load before it starts
        try
        {
            var entries = await _load(client, CancellationToken.None).ConfigureAwait(false);
            var table = new Table(entries, _timeProvider.GetUtcNow());
            directory.Current = table;
            _loaded?.Invoke(client.Target.OrganizationUrl.AbsoluteUri, entries.Count);
            return table;
        }
        finally
        {
            lock (directory.Gate)
            {
                directory.Loading = null;
            }
        }
    }

    private sealed record Table(IReadOnlyDictionary<string, TValue> Entries, DateTimeOffset LoadedAt);

    private sealed class Directory
    {
        public readonly Lock Gate = new();

        public volatile Table? Current;

        public Task<Table>? Loading;

        public DateTimeOffset LastLoadStartedAt;

        public bool MayReload(Table seen, DateTimeOffset now, TimeSpan refreshInterval)
        {
            lock (Gate)
            {
                // A load in flight, or a newer table, answers the miss without a new load.
                return Loading is not null || !ReferenceEquals(Current, seen) || now - LastLoadStartedAt >= refreshInterval;
            }
        }
    }
}
