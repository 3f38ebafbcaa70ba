namespace IssueSync.Sdk.Issues;

/// <summary>What an outbound sync call did. Every value but <see cref="Updated"/> means nothing was written.</summary>
public enum OutboundSyncOutcome
{
    /// <summary>The work item (or comment) was written; the write is in the <see cref="Abstractions.IOwnWriteLedger"/>.</summary>
    Updated = 0,

    /// <summary>The work item already holds the value (state or assignee): no write, no new revision, no webhook echo.</summary>
    AlreadyInTarget,

    /// <summary>The installation's <see cref="Abstractions.VstsSyncSettings"/> has this direction switched off: no call was made.</summary>
    Disabled,

    /// <summary>
    /// The host configured nothing to write: no <see cref="Abstractions.IExternalProjectStore"/>, no
    /// status mapping for the item's project, or a mapped state that the item's type does not have
    /// and no state of the matching category to fall back to. <see cref="OutboundSyncResult.Reason"/> says which.
    /// </summary>
    NotConfigured,

    /// <summary>
    /// What the write refers to does not exist in Azure DevOps: no user matches the host user's
    /// emails, the item's project is not in the organization, or the comment is gone.
    /// </summary>
    TargetNotFound,

    /// <summary>
    /// The operation is not possible in the configured mode: comments written to
    /// <c>System.History</c> (<see cref="OutboundCommentMode.HistoryField"/>) have no id, so they
    /// cannot be updated or deleted.
    /// </summary>
    NotSupported,
}
