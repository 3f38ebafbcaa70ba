namespace IssueSync.Sdk.Reconciliation;

/// <summary>
/// Settings of reconciliation, bound from <c>IssueSync:Vsts:Reconciliation</c> (a part of
/// <see cref="VstsIssueSyncOptions"/>).
/// </summary>
public sealed class VstsReconciliationOptions
{
    /// <summary>The longest <see cref="Lookback"/> the default in-memory own-write ledger and watermark store keep entries for (7 days).</summary>
    public static readonly TimeSpan MaxLookback = TimeSpan.FromDays(7);

    /// <summary>
    /// How far back the first run of an installation (no watermark stored) reads. Default 48 hours: longer than a
    /// subscription's probation (about 36 hours). At most <see cref="MaxLookback"/>; a shared own-write ledger and
    /// sync watermark store must keep their entries at least this long, or an old own write could be applied back.
    /// </summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Revisions asked per batch of the feed (<c>$maxPageSize</c>); one host batch lookup per batch. Default 1000, from 1 to 10,000.</summary>
    public int PageSize { get; set; } = 1000;
}
