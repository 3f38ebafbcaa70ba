using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Values read once and shared: concurrent callers for a key share one read, a successful read is kept
/// for the time to live the caller gives, and a failed one is not kept, so the next caller reads again.
/// The read is never cancelled by one caller's token (the client's timeouts bound it); each caller stops
/// waiting on its own. Lock-free: a warm lookup is one dictionary read. The caches of work item states
/// (inbound and outbound) and of process metadata (creates) keep their entries here.
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">What a read gives.</typeparam>
/// <param name="comparer">Compares keys; the default comparer when null.</param>
internal sealed class SharedReads<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);

    /// <summary>The value under <paramref name="key"/>: the fresh one kept, the read in flight, or a new read.</summary>
    /// <param name="key">The key.</param>
    /// <param name="now">The time, to age entries.</param>
    /// <param name="timeToLive">How long a successful read is kept.</param>
    /// <param name="read">Reads the value; not given a token, as other callers may share it.</param>
    /// <param name="cancellationToken">Cancels this caller's wait.</param>
    /// <returns>The value.</returns>
    public async Task<TValue> GetAsync(TKey key, DateTimeOffset now, TimeSpan timeToLive, Func<Task<TValue>> read, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                var shared = existing.Read.Value;
                if (shared.IsCompleted && (!shared.IsCompletedSuccessfully || now - existing.ReadAt >= timeToLive))
                {
                    // Another caller's read that failed or aged: drop exactly that entry (someone may
                    // have replaced it already) and read again.
                    _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, existing));
                    continue;
                }

                return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // The entry holds a lazy read: if two callers race here, only the winner's read starts.
            var candidate = new Entry(now, new Lazy<Task<TValue>>(read));
            if (!ReferenceEquals(_entries.GetOrAdd(key, candidate), candidate))
            {
                continue;
            }

            // A read this caller started answers this caller, failure included; the failed entry is then
            // dropped so the next caller reads again.
            var started = candidate.Read.Value;
            if (!started.IsCompletedSuccessfully)
            {
                _ = started.ContinueWith(
                    static (t, state) =>
                    {
                        var (entries, key, failed) = ((ConcurrentDictionary<TKey, Entry>, TKey, Entry))state!;
                        if (!t.IsCompletedSuccessfully)
                        {
                            entries.TryRemove(new KeyValuePair<TKey, Entry>(key, failed));
                        }
                    },
                    (_entries, key, candidate),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return await started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The value of a successful read younger than <paramref name="timeToLive"/>; never reads.</summary>
    /// <param name="key">The key.</param>
    /// <param name="now">The time, to age entries.</param>
    /// <param name="timeToLive">How long a successful read is kept.</param>
    /// <param name="value">The value, when fresh.</param>
    /// <returns>Whether a fresh value was kept.</returns>
    public bool TryGetFresh(TKey key, DateTimeOffset now, TimeSpan timeToLive, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Read.IsValueCreated
            && entry.Read.Value is { IsCompletedSuccessfully: true } read && now - entry.ReadAt < timeToLive)
        {
            value = read.Result;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Whether anything (fresh, aged, failed or in flight) is kept under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether an entry exists.</returns>
    public bool Contains(TKey key) => _entries.ContainsKey(key);

    /// <summary>Forgets <paramref name="key"/>, so the next lookup reads again.</summary>
    /// <param name="key">The key.</param>
    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>
    /// Moves every entry whose key <paramref name="matches"/> to the key <paramref name="to"/> gives: kept there
    /// unless that key has its own entry already, gone from the old key either way.
    /// </summary>
    /// <param name="matches">Which keys move.</param>
    /// <param name="to">The new key of a key that moves.</param>
    public void Move(Func<TKey, bool> matches, Func<TKey, TKey> to)
    {
        foreach (var (key, entry) in _entries)
        {
            if (matches(key))
            {
                _entries.TryAdd(to(key), entry);
                _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            }
        }
    }

    private sealed record Entry(DateTimeOffset ReadAt, Lazy<Task<TValue>> Read);
}
