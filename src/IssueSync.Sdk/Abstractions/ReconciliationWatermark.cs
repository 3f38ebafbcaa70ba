namespace IssueSync.Sdk.Abstractions;

/// <summary>How far an installation's reconciliation has applied the reporting revisions feed.</summary>
/// <param name="ContinuationToken">The feed's continuation token after the last batch applied: the next run reads from here.</param>
/// <param name="ChangedDate">The change date of the newest revision applied, when any was; the lag is now minus this.</param>
/// <param name="SavedAt">When the store saved it.</param>
/// <param name="Version">The version the store assigned; compare-and-set saves name it (<see cref="IReconciliationStateStore.TrySaveAsync"/>).</param>
public sealed record ReconciliationWatermark(string ContinuationToken, DateTimeOffset? ChangedDate, DateTimeOffset SavedAt, long Version);
