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

    /// <summary>
    /// How long after a write whose outcome is unknown (a create with a group key, a comment with an
    /// idempotency key) the SDK waits before it looks for what landed, counted from when the client gave up on
    /// it (not from the send, which internal retries and a timeout can put long before): a request Azure DevOps is still
    /// committing is found instead of being sent again. Zero to 5 minutes; default 3 seconds.
    /// </summary>
    public TimeSpan UnknownOutcomeSettleDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How many times one call sends a create with a group key, or a comment with an idempotency key,
    /// when attempts end with an unknown outcome and the lookup after each finds nothing. 1 to 5;
    /// default 2. When they are used up the call throws with <see cref="Client.VstsApiException.IsOutcomeUnknown"/>
    /// and the attempt stays in the ledger, so the host's next call looks before it sends.
    /// </summary>
    public int MaxUnknownOutcomeAttempts { get; set; } = 2;

    /// <summary>
    /// What a create does when, after an unknown outcome, the group's tag is on more than one work item
    /// (a create Azure DevOps committed after the client gave up): the lowest id is the group's item
    /// either way, and the others are listed in <see cref="IssueDetails.DuplicateKeys"/>.
    /// Default <see cref="DuplicateCreatePolicy.Report"/>.
    /// </summary>
    public DuplicateCreatePolicy DuplicateCreates { get; set; } = DuplicateCreatePolicy.Report;

    /// <summary>
    /// How long what a create is checked against (a project's work item types, area and iteration paths,
    /// a type's fields with their rules, the organization's field definitions) is used before it is read
    /// again. A create Azure DevOps rejects by a rule this did not show drops it at once, so the next create
    /// reads it again. Zero reads it for every create. 0 to 24 hours; default 10 minutes.
    /// </summary>
    public TimeSpan ProcessMetadataTimeToLive { get; set; } = TimeSpan.FromMinutes(10);
}
