namespace IssueSync.Sdk.Sync;

/// <summary>
/// The settings of the sync rules outbound and inbound share (the resolve decision). Produced from
/// <see cref="VstsIssueSyncOptions"/> by the DI layer and read through <c>IOptionsMonitor</c>, so a
/// configuration reload reaches the next decision.
/// </summary>
internal sealed class SyncRuleOptions
{
    /// <summary>
    /// The work item state categories that count as "done" for the resolve decision
    /// (<see cref="VstsIssueSyncOptions.DoneStateCategories"/>); blank names are skipped, and
    /// <see langword="null"/>, empty or only blank names means the default, <c>Resolved</c> and <c>Completed</c>.
    /// </summary>
    public string[]? DoneStateCategories { get; set; }
}
