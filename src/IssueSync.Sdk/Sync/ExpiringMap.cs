using System.Collections.Concurrent;
using System.Diagnostics;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// A concurrent map whose entries expire: the floor of every in-memory state store. Each write
/// gives its entry a time to live; an expired entry counts as absent for every read and write,
/// and its memory is reclaimed a few entries at a time by later calls, never by a sweep.
/// </summary>
/// <remarks>
/// <para><b>Atomicity.</b> Every write is atomic per key. <see cref="TryAdd"/> is a set-if-absent
/// (an expired entry is absent): of any number of concurrent adds of one key, exactly one succeeds.
/// <see cref="TryUpdate"/> and <see cref="TryRemove(TKey, long)"/> are compare-and-sets on the
/// entry's version, a number the map assigns to each write and never reuses, so a version read
/// before an entry expired, or was removed and written again, never matches the new entry.
/// <see cref="AddOrUpdate{TArg}"/> is a loop of those: its factories run outside any lock and may
/// run more than once under contention; the value of the factory call that won is stored.</para>
/// <para><b>Expiry.</b> Each write keeps its entry for the time to live it gives, counted from the
/// write (a write renews the entry). Time is <see cref="TimeProvider.GetUtcNow"/>; an entry is
/// expired from the instant <c>written + timeToLive</c> on.</para>
/// <para><b>Reclamation.</b> An entry has one ticket (key, expiry, ticket number) in a FIFO queue of
/// fixed-size chunks: a write that creates the entry appends it, a write that replaces the entry
/// (renews it) hands the entry's ticket on instead of appending another, so a key written a million
/// times holds one ticket, not a million. Every write then looks at no more than
/// <see cref="MaxReclaimStepsPerWrite"/> tickets at the head. An expired head ticket is dropped when
/// its entry is gone (removed, or added again with a ticket of its own); its entry is removed when it
/// has expired too; and a renewed entry's ticket moves to the tail with the entry's new expiry. The
/// first unexpired head stops the walk. Work per call is therefore bounded by a constant whatever
/// the size, and memory by the entries written within about one time to live (a renewed ticket joins
/// the tail late, so its entry may outlive its expiry by up to one more), plus one ticket per entry
/// and one per removal not reached yet. A live head that outlives the write in progress (written with
/// a longer time to live) is moved behind it, so one long-lived entry cannot hold back shorter ones:
/// with mixed times to live, memory is bounded by the longest one in use. Reads that find the head
/// expired take <see cref="MaxReclaimStepsPerRead"/> steps too, when no other call is reclaiming,
/// so a store that is only read still drains. A map that is neither written nor read keeps its
/// memory until the next call; there is no timer.</para>
/// <para>The map serves one process: it is the in-memory default, not a shared store.</para>
/// </remarks>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value; treat it as immutable, since readers get it without a copy.</typeparam>
internal sealed class ExpiringMap<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Most queue tickets one write looks at (it adds one, so the queue drains three per write when behind).</summary>
    internal const int MaxReclaimStepsPerWrite = 4;

    /// <summary>Most queue tickets a read looks at, and only when the head has expired.</summary>
    internal const int MaxReclaimStepsPerRead = 2;

    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<TKey, Slot> _entries;
    private readonly ExpiryQueue _queue = new();
    private readonly Lock _queueLock = new();
    private long _lastVersion;

    // The expiry of the queue's head ticket (long.MaxValue when empty), read without the lock by
    // reads deciding whether to help reclaim.
    private long _headExpiresAt = long.MaxValue;

    /// <summary>Creates an empty map.</summary>
    /// <param name="timeProvider">The clock entries expire by.</param>
    /// <param name="comparer">Compares keys; <see langword="null"/> for the default comparer.</param>
    public ExpiringMap(TimeProvider timeProvider, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _entries = new ConcurrentDictionary<TKey, Slot>(comparer);
    }

    /// <summary>
    /// Entries held in memory, expired ones not reclaimed yet included. Takes every internal lock:
    /// for tests and diagnostics, not for a request path.
    /// </summary>
    public int Count => _entries.Count;

    /// <summary>Tickets waiting in the expiry queue (one per entry, and one per removal not reached yet).</summary>
    internal int QueuedTickets
    {
        get
        {
            lock (_queueLock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Reads the live value of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when live.</param>
    /// <returns><see langword="true"/> when the key holds an entry that has not expired.</returns>
    public bool TryGetValue(TKey key, out TValue value) => TryGetValue(key, out value, out _);

    /// <summary>Reads the live value of <paramref name="key"/> and its version, for <see cref="TryUpdate"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when live.</param>
    /// <param name="version">The entry's version (positive), when live; 0 otherwise.</param>
    /// <returns><see langword="true"/> when the key holds an entry that has not expired.</returns>
    public bool TryGetValue(TKey key, out TValue value, out long version)
    {
        var now = Now();
        HelpReclaim(now);
        if (_entries.TryGetValue(key, out var slot) && slot.ExpiresAt > now)
        {
            value = slot.Value;
            version = slot.Version;
            return true;
        }

        value = default!;
        version = 0;
        return false;
    }

    /// <summary>
    /// Reads the live entry of <paramref name="key"/> for a <see cref="TryReplace"/> that follows in the same
    /// operation (a per-key read-modify-write that may decide not to write).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="entry">The entry as read, when live.</param>
    /// <returns><see langword="true"/> when the key holds an entry that has not expired.</returns>
    public bool TryGetEntry(TKey key, out Entry entry)
    {
        var now = Now();
        HelpReclaim(now);
        if (_entries.TryGetValue(key, out var slot) && slot.ExpiresAt > now)
        {
            entry = new Entry(slot, now);
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>
    /// Replaces the entry <paramref name="read"/> if it is still the key's: a compare-and-set like
    /// <see cref="TryUpdate"/> that neither looks the entry up nor reads the clock again. The time to live
    /// counts from the read, which belongs to the same operation.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="read">The entry read with <see cref="TryGetEntry"/>.</param>
    /// <param name="value">The new value.</param>
    /// <param name="timeToLive">How long the entry is kept from the read.</param>
    /// <returns><see langword="true"/> when replaced; <see langword="false"/> when the entry changed or was removed since.</returns>
    public bool TryReplace(TKey key, in Entry read, TValue value, TimeSpan timeToLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        if (read.Version == 0)
        {
            throw new ArgumentException("The entry was not read from this map.", nameof(read));
        }

        if (!_entries.TryUpdate(key, NewSlot(value, read.ReadAt, timeToLive).Renewing(read.Slot), read.Slot))
        {
            return false;
        }

        HelpReclaim(read.ReadAt);
        return true;
    }

    /// <summary>Adds <paramref name="key"/> if it is absent or expired.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="timeToLive">How long the entry is kept from now.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when a live entry holds the key.</returns>
    public bool TryAdd(TKey key, TValue value, TimeSpan timeToLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        var now = Now();
        var slot = NewSlot(value, now, timeToLive);
        while (true)
        {
            if (_entries.TryAdd(key, slot))
            {
                Enqueue(key, slot, now);
                return true;
            }

            if (!_entries.TryGetValue(key, out var current))
            {
                continue; // removed meanwhile: add again
            }

            if (current.ExpiresAt > now)
            {
                HelpReclaim(now);
                return false;
            }

            // Expired: of the callers replacing it, the one whose compare-and-set lands wins.
            if (_entries.TryUpdate(key, slot.Renewing(current), current))
            {
                HelpReclaim(now);
                return true;
            }
        }
    }

    /// <summary>Replaces the live entry of <paramref name="key"/> if it still has <paramref name="expectedVersion"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedVersion">The version read with <see cref="TryGetValue(TKey, out TValue, out long)"/>.</param>
    /// <param name="timeToLive">How long the entry is kept from now.</param>
    /// <returns><see langword="true"/> when replaced; <see langword="false"/> when the entry changed, was removed or expired.</returns>
    public bool TryUpdate(TKey key, TValue value, long expectedVersion, TimeSpan timeToLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        var now = Now();
        if (!_entries.TryGetValue(key, out var current) || current.Version != expectedVersion || current.ExpiresAt <= now)
        {
            HelpReclaim(now);
            return false;
        }

        if (!_entries.TryUpdate(key, NewSlot(value, now, timeToLive).Renewing(current), current))
        {
            return false;
        }

        HelpReclaim(now);
        return true;
    }

    /// <summary>
    /// Adds or replaces the entry of <paramref name="key"/> atomically, from its live value: the
    /// per-key read-modify-write (append to a bounded list, advance a counter).
    /// </summary>
    /// <typeparam name="TArg">The factories' argument (avoids a closure).</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Makes the value when the key is absent or expired.</param>
    /// <param name="updateValueFactory">Makes the value from the live one. It may run more than once under contention.</param>
    /// <param name="factoryArgument">Passed to the factories.</param>
    /// <param name="timeToLive">How long the entry is kept from now.</param>
    /// <returns>The value stored.</returns>
    public TValue AddOrUpdate<TArg>(
        TKey key,
        Func<TKey, TArg, TValue> addValueFactory,
        Func<TKey, TValue, TArg, TValue> updateValueFactory,
        TArg factoryArgument,
        TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(addValueFactory);
        ArgumentNullException.ThrowIfNull(updateValueFactory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        while (true)
        {
            var now = Now();
            if (_entries.TryGetValue(key, out var current))
            {
                var value = current.ExpiresAt > now
                    ? updateValueFactory(key, current.Value, factoryArgument)
                    : addValueFactory(key, factoryArgument);
                if (_entries.TryUpdate(key, NewSlot(value, now, timeToLive).Renewing(current), current))
                {
                    HelpReclaim(now);
                    return value;
                }
            }
            else
            {
                var value = addValueFactory(key, factoryArgument);
                var slot = NewSlot(value, now, timeToLive);
                if (_entries.TryAdd(key, slot))
                {
                    Enqueue(key, slot, now);
                    return value;
                }
            }
        }
    }

    /// <summary>Removes the entry of <paramref name="key"/>, whatever its version.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a live entry was removed (an expired one is removed too, and counts as absent).</returns>
    public bool TryRemove(TKey key)
    {
        var now = Now();
        var removed = _entries.TryRemove(key, out var slot);
        HelpReclaim(now);
        return removed && slot.ExpiresAt > now;
    }

    /// <summary>Removes the live entry of <paramref name="key"/> if it still has <paramref name="expectedVersion"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version read with <see cref="TryGetValue(TKey, out TValue, out long)"/>.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when the entry changed, was removed or expired.</returns>
    public bool TryRemove(TKey key, long expectedVersion)
    {
        var now = Now();
        var removed = _entries.TryGetValue(key, out var current)
            && current.Version == expectedVersion
            && current.ExpiresAt > now
            && _entries.TryRemove(new KeyValuePair<TKey, Slot>(key, current));
        HelpReclaim(now);
        return removed;
    }

    private long Now() => _timeProvider.GetUtcNow().UtcTicks;

    private Slot NewSlot(TValue value, long now, TimeSpan timeToLive)
    {
        // Saturates instead of overflowing for a time to live near TimeSpan.MaxValue.
        var expiresAt = timeToLive.Ticks >= long.MaxValue - now ? long.MaxValue : now + timeToLive.Ticks;
        var version = Interlocked.Increment(ref _lastVersion);
        return new Slot(value, expiresAt, version, ticket: version);
    }

    /// <summary>Queues the ticket of an entry just created, then reclaims a bounded number of heads.</summary>
    private void Enqueue(TKey key, Slot slot, long now)
    {
        lock (_queueLock)
        {
            _queue.Enqueue(new Ticket(key, slot.ExpiresAt, slot.Ticket));
            Reclaim(now, slot.ExpiresAt, MaxReclaimStepsPerWrite);
        }
    }

    /// <summary>A read's share of reclamation: only when the head has expired and nobody else is at it.</summary>
    private void HelpReclaim(long now)
    {
        if (now < Volatile.Read(ref _headExpiresAt) || !_queueLock.TryEnter())
        {
            return;
        }

        try
        {
            Reclaim(now, long.MaxValue, MaxReclaimStepsPerRead);
        }
        finally
        {
            _queueLock.Exit();
        }
    }

    /// <summary>
    /// Looks at no more than <paramref name="steps"/> head tickets. Caller holds the queue lock.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="writtenExpiresAt">The expiry of the write in progress; a live head expiring later is moved behind it.</param>
    /// <param name="steps">The bound.</param>
    private void Reclaim(long now, long writtenExpiresAt, int steps)
    {
        Debug.Assert(_queueLock.IsHeldByCurrentThread);
        for (; steps > 0 && _queue.TryPeek(out var head); steps--)
        {
            var owned = _entries.TryGetValue(head.Key, out var current) && current.Ticket == head.Number;
            if (head.ExpiresAt <= now)
            {
                if (!owned)
                {
                    _queue.Dequeue(); // the entry was removed (and maybe added again with a ticket of its own)
                }
                else if (current.ExpiresAt > now)
                {
                    // Renewed since the ticket was queued: the ticket follows the entry's new life.
                    _queue.Dequeue();
                    _queue.Enqueue(head with { ExpiresAt = current.ExpiresAt });
                }
                else if (_entries.TryRemove(new KeyValuePair<TKey, Slot>(head.Key, current)))
                {
                    _queue.Dequeue();
                }

                // Else a write renewed the entry meanwhile: the next step looks at the same head again.
                continue;
            }

            if (head.ExpiresAt <= writtenExpiresAt)
            {
                break; // roughly in expiry order: what is behind it expires later, or was renewed
            }

            // A live head that outlives the write in progress: drop it if its entry was removed
            // since, else move it behind, so it does not hold back shorter lives.
            _queue.Dequeue();
            if (owned)
            {
                _queue.Enqueue(head);
            }
        }

        Volatile.Write(ref _headExpiresAt, _queue.TryPeek(out var next) ? next.ExpiresAt : long.MaxValue);
    }

    /// <summary>A stored entry. Two slots are equal when they are the same write (same version).</summary>
    internal readonly struct Slot(TValue value, long expiresAt, long version, long ticket) : IEquatable<Slot>
    {
        public TValue Value { get; } = value;

        public long ExpiresAt { get; } = expiresAt;

        public long Version { get; } = version;

        /// <summary>The number of the entry's ticket in the expiry queue (the version of the write that created the entry).</summary>
        public long Ticket { get; } = ticket;

        /// <summary>This write as the renewal of <paramref name="replaced"/>: it keeps the replaced entry's ticket.</summary>
        public Slot Renewing(Slot replaced) => new(Value, ExpiresAt, Version, replaced.Ticket);

        public bool Equals(Slot other) => Version == other.Version;

        public override bool Equals(object? obj) => obj is Slot other && Equals(other);

        public override int GetHashCode() => Version.GetHashCode();
    }

    /// <summary>A live entry as read by <see cref="TryGetEntry"/>, and when it was read.</summary>
    public readonly struct Entry
    {
        internal Entry(Slot slot, long readAt)
        {
            Slot = slot;
            ReadAt = readAt;
        }

        /// <summary>The value.</summary>
        public TValue Value => Slot.Value;

        /// <summary>The entry's version (positive); 0 for a default instance.</summary>
        public long Version => Slot.Version;

        internal Slot Slot { get; }

        internal long ReadAt { get; }
    }

    /// <summary>An entry waiting to expire: its key, the expiry it was queued with, and its number.</summary>
    private readonly record struct Ticket(TKey Key, long ExpiresAt, long Number);

    /// <summary>
    /// A FIFO of tickets in fixed-size chunks: growing never copies (no large array, no pause at a
    /// million entries) and a drained chunk is let go. Not thread-safe: used under the queue lock.
    /// </summary>
    private sealed class ExpiryQueue
    {
        private const int ChunkSize = 1024; // 24 KB of tickets for reference keys: below the large object heap

        private Chunk _head = new();
        private Chunk _tail;

        public ExpiryQueue() => _tail = _head;

        public int Count { get; private set; }

        public void Enqueue(Ticket ticket)
        {
            if (_tail.End == ChunkSize)
            {
                var chunk = new Chunk();
                _tail.Next = chunk;
                _tail = chunk;
            }

            _tail.Items[_tail.End++] = ticket;
            Count++;
        }

        public bool TryPeek(out Ticket ticket)
        {
            if (Count == 0)
            {
                ticket = default;
                return false;
            }

            ticket = _head.Items[_head.Start];
            return true;
        }

        public void Dequeue()
        {
            Debug.Assert(Count > 0 && _head.Start < _head.End);
            _head.Items[_head.Start++] = default; // lets the key go
            Count--;
            if (Count == 0)
            {
                // Empty: the head is the tail; restart it instead of allocating the next chunk.
                _head.Start = 0;
                _head.End = 0;
            }
            else if (_head.Start == ChunkSize)
            {
                _head = _head.Next!; // the drained chunk goes to the collector
            }
        }

        private sealed class Chunk
        {
            public readonly Ticket[] Items = new Ticket[ChunkSize];
            public int Start;
            public int End;
            public Chunk? Next;
        }
    }
}
