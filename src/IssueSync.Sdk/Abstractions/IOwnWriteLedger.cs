namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// State port: the SDK's own writes to Azure DevOps, so the webhook each one causes is recognised as
/// an echo and not applied back to the host. An outbound write is recorded <b>before</b> it is sent
/// (pending, with the revision it is expected to produce under <c>test /rev</c>), then confirmed with
/// the real revision or removed when it failed: a webhook that arrives before the write's answer,
/// on this instance or another, finds the pending entry. The default,
/// <see cref="Sync.InMemoryOwnWriteLedger"/>, serves one process; hosts running several instances
/// register a shared implementation.
/// </summary>
/// <remarks>
/// <para><b>Atomicity:</b> <see cref="RecordAsync"/> adds or replaces one entry by
/// <see cref="OwnWrite.WriteId"/>; a <see cref="FindAsync"/> that runs after a record completed sees it.
/// <see cref="RecordAttemptAsync"/> replaces the attempt with the same organization and key; a
/// <see cref="FindAttemptAsync"/> after it completed sees it.</para>
/// <para><b>Retention:</b> keep entries at least as long as Azure DevOps may redeliver the write's
/// webhook (about 36 hours) and as long as the reconciliation lookback (<c>VstsReconciliationOptions.Lookback</c>, 48 hours by default); keep an
/// <see cref="OwnWriteAttempt"/> at least as long as a host may retry the write it stands for. The
/// in-memory default keeps the newest 32 entries and 64 comment ids per work item, and attempts, for 7 days.</para>
/// <para>Organization ids are GUIDs whose case varies between payloads: compare them case-insensitively.</para>
/// </remarks>
public interface IOwnWriteLedger
{
    /// <summary>Adds an entry, or replaces the one with the same <see cref="OwnWrite.WriteId"/> (to confirm it).</summary>
    /// <param name="write">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default);

    /// <summary>Removes an entry whose write failed (so no delivery waits for it or takes it for an echo).</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="writeId">The entry's <see cref="OwnWrite.WriteId"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is gone.</returns>
    Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the entries that may have produced a revision: confirmed ones with that
    /// <see cref="OwnWrite.Revision"/>, and pending ones expecting it (or expecting no particular one).
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="revision">The revision a webhook reports.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries; empty when the revision is not the SDK's.</returns>
    Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces the attempt with the same organization and <see cref="OwnWriteAttempt.Key"/>:
    /// before a create or comment is sent, after an attempt whose outcome is unknown, and with its
    /// <see cref="OwnWriteAttempt.ResultId"/> once known.
    /// </summary>
    /// <param name="attempt">The attempt.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>Reads the attempt with a key; <see langword="null"/> when none stands.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="key">The attempt's key (compared ordinally).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The attempt, or <see langword="null"/>.</returns>
    Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the attempt with a key (its outcome is settled); removing one that is gone is not an error.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="key">The attempt's key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the attempt is gone.</returns>
    Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default);

    /// <summary>Records a comment the SDK created (its id, as Azure DevOps returned it).</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="commentId">The comment id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default);

    /// <summary>Tells whether the SDK created a comment.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="commentId">The comment id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when the comment is the SDK's own.</returns>
    Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default);
}
