namespace IssueSync.Sdk.Issues;

/// <summary>
/// Settings of outbound sync (status, assignee, comments), bound from <c>IssueSync:Vsts:Outbound</c>
/// (a part of <see cref="VstsIssueSyncOptions"/>).
/// </summary>
public sealed class VstsOutboundSyncOptions
{
    /// <summary>
    /// How many times a guarded write (<c>test /rev</c>) that lost to a concurrent edit is re-read,
    /// re-decided and sent again before the call fails with a conflict. 0 to 10; default 3.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>
    /// The shortest time between two reloads of the organization's project list or user list caused
    /// by a lookup that missed (a new project or user). Misses inside this window answer "not found"
    /// without a call. Default 5 minutes.
    /// </summary>
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a loaded project list or user list is used before it is loaded again on the next
    /// lookup, so renamed projects and changed mail addresses are seen eventually. Default 24 hours.
    /// </summary>
    public TimeSpan DirectoryTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Assignee sync reads the work item first (default <see langword="true"/>): an item already
    /// assigned to that user is not written, and the write is guarded by <c>test /rev</c> (two calls,
    /// one when nothing changes). <see langword="false"/> writes <c>System.AssignedTo</c> at once,
    /// unguarded (one call, last writer wins), even when it already holds that user: each call then
    /// adds a revision and a webhook echo.
    /// </summary>
    public bool ReadBeforeAssign { get; set; } = true;

    /// <summary>How comments are written. Default <see cref="OutboundCommentMode.CommentsApi"/>.</summary>
    public OutboundCommentMode CommentMode { get; set; } = OutboundCommentMode.CommentsApi;
}
