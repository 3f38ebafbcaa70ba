using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The per-field watermark rules over <see cref="ISyncWatermarkStore"/>: where a delivered change of a
/// field stands against what was applied, and recording a change so the field's watermark only moves up
/// (and its earliest applied revision only down). A change that calls the host's stores is recorded
/// first with its pending action and confirmed after: an application a failure interrupted is redone
/// before the field is touched again, so the state last applied is never behind the host. A singleton.
/// </summary>
internal sealed class FieldWatermarks(ISyncWatermarkStore store)
{
    /// <summary>The pending action that resolves the linked groups.</summary>
    public const string Resolve = "resolve";

    /// <summary>The pending action that unresolves the linked groups.</summary>
    public const string Unresolve = "unresolve";

    /// <summary>The pending action that assigns the linked groups to the user of <see cref="SyncWatermark.Value"/>.</summary>
    public const string Assign = "assign";

    /// <summary>The pending action that deassigns the linked groups.</summary>
    public const string Deassign = "deassign";

    /// <summary>Reads every field watermark of a work item.</summary>
    public Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken) =>
        store.ReadAsync(organizationId, workItemId, cancellationToken);

    /// <summary>The watermark of one field among an item's, or <see langword="null"/>.</summary>
    public static SyncWatermark? Find(IReadOnlyList<SyncWatermark> watermarks, string field)
    {
        // Indexed: a foreach over the interface allocates an enumerator, twice per delivery.
        for (var i = 0; i < watermarks.Count; i++)
        {
            var watermark = watermarks[i];
            if (string.Equals(watermark.Field, field, StringComparison.Ordinal))
            {
                return watermark;
            }
        }

        return null;
    }

    /// <summary>Where a change in <paramref name="revision"/> stands against the field's watermark.</summary>
    public static FieldPlacement Place(SyncWatermark? watermark, int revision) =>
        watermark is null ? FieldPlacement.First
        : revision > watermark.Revision ? FieldPlacement.Newer
        : revision < watermark.EarliestRevision ? FieldPlacement.Older
        : FieldPlacement.Within;

    /// <summary>
    /// Records a change of a field: the newest revision and value when it is newer than the watermark, the
    /// earliest revision and the value before it when it is older than every applied one; with
    /// <paramref name="pendingAction"/> when the host's stores are still to be called.
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="read">The field's watermark as read (<see langword="null"/>: none); the save compares its version.</param>
    /// <param name="field">The field.</param>
    /// <param name="revision">The revision of the change.</param>
    /// <param name="value">The field's value in that revision.</param>
    /// <param name="priorValue">The field's value before that revision (the change's old value).</param>
    /// <param name="pendingAction">The host action about to be applied, or <see langword="null"/> when none is.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// The saved watermark; <paramref name="read"/> itself when it already covers the revision; <see langword="null"/>
    /// when another save of the field came first (another delivery of the item is being applied: try later).
    /// </returns>
    public ValueTask<SyncWatermark?> TryRecordAsync(string organizationId, int workItemId, SyncWatermark? read, string field, int revision, string? value, string? priorValue, string? pendingAction, CancellationToken cancellationToken) =>
        Merge(read, field, revision, value, priorValue, pendingAction) is { } next
            ? TrySaveAsync(organizationId, workItemId, next, read?.Version ?? 0, cancellationToken)
            : ValueTask.FromResult(read);

    /// <summary>Clears a watermark's pending action once the host's stores answered.</summary>
    /// <returns>The saved watermark, or <see langword="null"/> when another save came first.</returns>
    public ValueTask<SyncWatermark?> TryConfirmAsync(string organizationId, int workItemId, SyncWatermark pending, CancellationToken cancellationToken) =>
        TrySaveAsync(organizationId, workItemId, pending with { PendingAction = null }, pending.Version, cancellationToken);

    /// <summary>
    /// The watermark after a change is recorded, with <paramref name="pendingAction"/> (built in one
    /// record: this runs for every delivered field), or <see langword="null"/> when it stays as it is.
    /// </summary>
    internal static SyncWatermark? Merge(SyncWatermark? current, string field, int revision, string? value, string? priorValue, string? pendingAction = null) =>
        Place(current, revision) switch
        {
            FieldPlacement.First => new SyncWatermark
            {
                Field = field,
                Revision = revision,
                Value = value,
                EarliestRevision = revision,
                PriorValue = priorValue,
                PendingAction = pendingAction,
            },
            FieldPlacement.Newer => current! with { Revision = revision, Value = value, PendingAction = pendingAction },
            FieldPlacement.Older => current! with { EarliestRevision = revision, PriorValue = priorValue, PendingAction = pendingAction },
            _ => null,
        };

    // Not async when the store answers at once (the in-memory one always does): this runs for every
    // recorded field, and a state machine per save showed in the webhook benchmark.
    private ValueTask<SyncWatermark?> TrySaveAsync(string organizationId, int workItemId, SyncWatermark next, long expectedVersion, CancellationToken cancellationToken)
    {
        var saving = store.TrySaveAsync(organizationId, workItemId, next, expectedVersion, cancellationToken);
        return saving.IsCompletedSuccessfully
            ? ValueTask.FromResult(Saved(next, saving.Result))
            : AwaitSaveAsync(saving, next);

        static async ValueTask<SyncWatermark?> AwaitSaveAsync(Task<long> saving, SyncWatermark next) =>
            Saved(next, await saving.ConfigureAwait(false));
    }

    private static SyncWatermark? Saved(SyncWatermark next, long version) => version > 0 ? next with { Version = version } : null;
}

/// <summary>Where a delivered change of a field stands against the field's watermark.</summary>
internal enum FieldPlacement : byte
{
    /// <summary>Nothing was applied to the field yet.</summary>
    First,

    /// <summary>Newer than every applied change: the field's newest value.</summary>
    Newer,

    /// <summary>Older than every applied change: a late delivery that still tells where the field came from.</summary>
    Older,

    /// <summary>Between applied changes (or the same revision): already covered.</summary>
    Within,
}
