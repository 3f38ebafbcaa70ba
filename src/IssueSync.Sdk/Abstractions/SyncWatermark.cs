namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// What the inbound sync last applied of one field of one work item (see <see cref="ISyncWatermarkStore"/>).
/// </summary>
public sealed record SyncWatermark
{
    /// <summary>
    /// The field: a reference name (<c>System.State</c>, <c>System.AssignedTo</c>), or a key the SDK
    /// derives for items applied once each (<c>System.History#{commentId}</c> for a comment).
    /// </summary>
    public required string Field { get; init; }

    /// <summary>The newest revision of the work item whose change of this field was applied.</summary>
    public required int Revision { get; init; }

    /// <summary>The field's value in that revision as the sync applied it (<see langword="null"/>: cleared).</summary>
    public string? Value { get; init; }

    /// <summary>
    /// The oldest revision whose change of this field was applied. With <see cref="PriorValue"/> it
    /// lets a delivery older than every applied one still be placed in the field's history.
    /// </summary>
    public int EarliestRevision { get; init; }

    /// <summary>The field's value before <see cref="EarliestRevision"/> (the <c>oldValue</c> of that change).</summary>
    public string? PriorValue { get; init; }

    /// <summary>
    /// What the sync is applying to the host for this field: recorded before the host's stores are called
    /// and cleared once they answered, so an application a failure interrupted is redone (the stores are
    /// called level-checked: a group already in the target state is left alone) before the field is touched
    /// again. <see langword="null"/> when nothing is in progress. The values are the SDK's own
    /// (<c>resolve</c>, <c>unresolve</c>, <c>assign</c>, <c>deassign</c>); a store keeps them as they are.
    /// </summary>
    public string? PendingAction { get; init; }

    /// <summary>The store's version of this record; the store sets it, a save compares it.</summary>
    public long Version { get; init; }
}
