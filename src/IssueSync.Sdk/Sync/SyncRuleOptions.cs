namespace IssueSync.Sdk.Sync;

/// <summary>The sync rules' settings, taken from <c>VstsIssueSyncOptions</c> by the DI layer.</summary>
internal sealed class SyncRuleOptions
{
    /// <summary>The work item state categories that count as "done"; <see langword="null"/> or empty: <c>Resolved</c> and <c>Completed</c>.</summary>
    public string[]? DoneStateCategories { get; set; }
}
