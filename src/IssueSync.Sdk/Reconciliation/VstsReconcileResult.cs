namespace IssueSync.Sdk.Reconciliation;

/// <summary>
/// What one reconciliation run did. A change is one followed field (state or assignee) changed by one revision of a
/// linked work item; each is counted once, as <see cref="Applied"/>, <see cref="Superseded"/>,
/// <see cref="AlreadyApplied"/> or <see cref="OwnWrites"/>.
/// </summary>
public sealed record VstsReconcileResult
{
    /// <summary>The installation reconciled.</summary>
    public required string IntegrationId { get; init; }

    /// <summary>Batches read from the reporting revisions feed (the final <c>isLastBatch</c> one included).</summary>
    public int Pages { get; init; }

    /// <summary>Revisions read, of every work item of the organization.</summary>
    public int RevisionsRead { get; init; }

    /// <summary>Changes applied through the inbound rules (the webhook was lost): decided, applied to the groups when they differed, recorded.</summary>
    public int Applied { get; init; }

    /// <summary>Changes a newer revision of the same field in the same batch replaced: not applied on their own.</summary>
    public int Superseded { get; init; }

    /// <summary>Changes whose field had a newer or the same revision applied already (a webhook got there first).</summary>
    public int AlreadyApplied { get; init; }

    /// <summary>Changes that were the SDK's own writes: recorded, not applied back.</summary>
    public int OwnWrites { get; init; }

    /// <summary>
    /// Linked work items the feed showed deleted, confirmed in their project's recycle bin, whose deletion the host's
    /// <see cref="Abstractions.IWorkItemDeletionStore"/> was told of in this run (not those the <c>workitem.deleted</c>
    /// webhook or an earlier run told already). Always 0 without a registered deletion store.
    /// </summary>
    public int Deleted { get; init; }

    /// <summary>The host groups whose state or assignee a host store changed.</summary>
    public IReadOnlyList<string> ChangedGroupIds { get; init; } = [];

    /// <summary>The watermark stored after the run (the feed's continuation token), or <see langword="null"/> when none was.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>
    /// Whether the run read up to the feed's last batch; <see langword="false"/> when it stopped early: another run's
    /// watermark save came first, or (several instances) another instance held a work item's lease past the wait, took
    /// it over, or saved one of its fields first. A stopped run leaves the watermark before the batch it was applying.
    /// </summary>
    public bool ReachedEnd { get; init; }
}
