namespace IssueSync.Sdk.Testing;

/// <summary>
/// Duplicated and reordered webhook deliveries, drawn from a seed, for testing that a receiver
/// survives what Azure DevOps does not promise: once-only delivery and order. Each decision is a
/// function of the seed and the position of the event in the order the changes were made (not of
/// timing), so one seed gives the same duplicates, and the same order for the same events queued
/// together. Set it as <see cref="VstsEmulatorOptions.DeliveryDisorder"/>.
/// </summary>
public sealed class WebhookDisorder
{
    private readonly double _duplicateRate;
    private readonly int _reorderWindow;

    /// <summary>The seed of every decision.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The share of events, 0 to 1, posted a second time (marked <see cref="WebhookDeliveryKind.Duplicate"/>)
    /// right after their first post or, with <see cref="ReorderWindow"/>, later among the events queued
    /// with it. Default 0.
    /// </summary>
    public double DuplicateRate
    {
        get => _duplicateRate;
        init
        {
            if (!double.IsFinite(value) || value is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(DuplicateRate), value, "The rate must be from 0 to 1.");
            }

            _duplicateRate = value;
        }
    }

    /// <summary>
    /// How many earlier events an event may overtake, among the events waiting to be sent together
    /// (queued during <see cref="VstsEmulator.HoldDeliveries"/>, or while a post was under way); 0, the
    /// default, keeps the order of the changes. Events that arrive one at a time are never reordered.
    /// </summary>
    public int ReorderWindow
    {
        get => _reorderWindow;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(ReorderWindow));
            _reorderWindow = value;
        }
    }

    /// <summary>
    /// The posting order of a batch of events queued together: each event, and its duplicate when it
    /// draws one, with whether the entry is the duplicate. An event sorts at its sequence plus a draw
    /// in [0, window + 1), so it overtakes at most <see cref="ReorderWindow"/> earlier ones; a
    /// duplicate never sorts before its event.
    /// </summary>
    internal List<(T Item, bool Duplicate)> Arrange<T>(IReadOnlyList<(long Sequence, T Item)> batch)
    {
        var entries = new List<(double Key, int Tie, long Sequence, T Item, bool Duplicate)>();
        var spread = ReorderWindow + 1;
        foreach (var (sequence, item) in batch)
        {
            var key = sequence + (ReorderWindow > 0 ? Draw(sequence, 1) * spread : 0);
            entries.Add((key, 0, sequence, item, false));
            if (DuplicateRate > 0 && Draw(sequence, 2) < DuplicateRate)
            {
                var duplicateKey = Math.Max(key, sequence + (ReorderWindow > 0 ? Draw(sequence, 3) * spread : 0));
                entries.Add((duplicateKey, 1, sequence, item, true));
            }
        }

        return [.. entries.OrderBy(e => e.Key).ThenBy(e => e.Tie).ThenBy(e => e.Sequence).Select(e => (e.Item, e.Duplicate))];
    }

    /// <summary>A number in [0, 1) from the seed, the event's sequence and the purpose (SplitMix64), the same on every run and platform.</summary>
    private double Draw(long sequence, int purpose)
    {
        unchecked
        {
            var z = ((ulong)(uint)Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)sequence * 0xBF58476D1CE4E5B9UL) ^ ((ulong)purpose * 0x94D049BB133111EBUL);
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
