namespace IssueSync.Sdk.Issues;

/// <summary>How outbound comments reach the work item.</summary>
public enum OutboundCommentMode
{
    /// <summary>
    /// The Comments REST API (the default): each comment gets an id, which is returned, recorded so
    /// the inbound side skips its echo, and used to update or delete the comment later.
    /// </summary>
    CommentsApi = 0,

    /// <summary>
    /// A work item update that adds to <c>System.History</c>, as the reference integration does. The
    /// comment has no id: updates and deletes answer <see cref="OutboundSyncOutcome.NotSupported"/>.
    /// The resulting revision is recorded in the ledger instead.
    /// </summary>
    HistoryField,
}
