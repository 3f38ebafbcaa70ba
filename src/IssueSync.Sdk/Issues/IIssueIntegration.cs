using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// The outbound side of one installation: create a work item from a host issue, read it back,
/// search work items to link, and prepare the create form. Get one from
/// <see cref="IIssueIntegrationFactory.Create"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Form and request problems throw <see cref="IssueIntegrationException"/>; failures of Azure DevOps
/// itself throw <see cref="VstsApiException"/> with its <see cref="VstsApiException.Kind"/>.
/// </remarks>
public interface IIssueIntegration
{
    /// <summary>
    /// Creates a work item. The request is checked against the type's rules first (read once and cached for
    /// <see cref="VstsOutboundSyncOptions.ProcessMetadataTimeToLive"/>: a warm create sends one request, the
    /// POST). The Markdown description becomes HTML (raw HTML disabled) sent as the
    /// description and, unless turned off, as the first comment. With a
    /// <see cref="CreateIssueRequest.GroupKey"/> the create happens once whatever the network does: the
    /// attempt is recorded in the <see cref="Abstractions.IOwnWriteLedger"/> before it is sent, and once
    /// any attempt for the key has an unknown outcome, no POST for it goes out (in this call or a later
    /// one, on any instance sharing the ledger) until a WIQL lookup of the group's tag, after
    /// <see cref="VstsOutboundSyncOptions.UnknownOutcomeSettleDelay"/>, came back empty; a lookup that
    /// finds the item returns it. A create Azure DevOps committed after the client gave up is found by
    /// one more lookup right after the create and reported in <see cref="IssueDetails.DuplicateKeys"/>
    /// (the lowest id is kept; see <see cref="VstsOutboundSyncOptions.DuplicateCreates"/>); a commit
    /// later than the settle delay and that lookup is not seen: choose the settle delay longer than
    /// Azure DevOps may take to commit. Calling again after any failure is
    /// safe with a group key; without one, a failure with <see cref="VstsApiException.IsOutcomeUnknown"/>
    /// may have created the item.
    /// </summary>
    /// <param name="request">The form values.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created (or found) work item; <see cref="IssueDetails.Description"/> is the Markdown given.</returns>
    /// <exception cref="IssueIntegrationException">
    /// <see cref="IssueIntegrationErrorKind.Validation"/>, with <see cref="IssueIntegrationException.FieldErrors"/>
    /// keyed by the work item field's reference name (or a <see cref="CreateIssueFields"/> name) and messages
    /// naming the field's display name. Before anything is sent: project or title missing, an unknown or
    /// disabled type, a required field without a value or default, a value outside the allowed values, an
    /// area or iteration path the project does not have, a value of the wrong data type (text for an
    /// integer, double, date or boolean field; an identity field takes an email or display name), a field
    /// the type does not have. After the POST: a rule Azure DevOps did not publish (<c>TF401320</c>,
    /// <c>TF401347</c>, <c>TF51535</c>), which also drops the cached rules so the next create reads them
    /// again, or a parent that does not exist (<see cref="CreateIssueFields.Parent"/>).
    /// </exception>
    /// <exception cref="ArgumentException"><see cref="CreateIssueRequest.HostIssueUrl"/> is not absolute.</exception>
    /// <exception cref="VstsApiException">
    /// Azure DevOps failed. With <see cref="VstsApiException.IsOutcomeUnknown"/> the item may exist: with a
    /// group key the attempt stays in the ledger and the next call looks for it before it sends.
    /// </exception>
    Task<IssueDetails> CreateIssueAsync(CreateIssueRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a work item: key, title, description (HTML as stored), display name <c>{AreaPath}#{id}</c>, URL.</summary>
    /// <param name="issueKey">The work item number as text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The work item.</returns>
    /// <exception cref="ArgumentException"><paramref name="issueKey"/> is not a work item number.</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed; <see cref="VstsErrorKind.NotFound"/> when the item is gone.</exception>
    Task<IssueDetails> GetIssueAsync(string issueKey, CancellationToken cancellationToken = default);

    /// <summary>The web page of a work item: <c>{organization}_workitems/edit/{key}</c>.</summary>
    /// <param name="issueKey">The work item number as text.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="ArgumentException"><paramref name="issueKey"/> is not a work item number.</exception>
    Uri GetIssueUrl(string issueKey);

    /// <summary>
    /// Prepares the create form: every project (default: the request's, else the host project's
    /// persisted default, else the first; a persisted project missing from the list is fetched and put
    /// first); the default project's creatable work item types (default: the request's, else the persisted
    /// one, else the Bug category's default type, else the Requirement category's); the default type's
    /// fields with their rules; and the project's area and iteration paths. An organization without
    /// projects gives no defaults and empty lists. What the form is built from is cached like the rules a
    /// create is checked against (<see cref="VstsOutboundSyncOptions.ProcessMetadataTimeToLive"/>).
    /// </summary>
    /// <param name="request">The host project and the user's current project choice.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The choices and defaults.</returns>
    /// <exception cref="VstsApiException">Listing projects, work item types, fields or paths failed.</exception>
    Task<CreateFormConfig> GetCreateFormConfigAsync(CreateFormConfigRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Remembers the project and work item type a host project last used, through
    /// <see cref="Abstractions.IIntegrationStore.TrySaveAsync"/> (compare-and-set, re-read and retried on conflict).
    /// </summary>
    /// <param name="hostProjectId">The host project.</param>
    /// <param name="projectId">The Azure DevOps project id.</param>
    /// <param name="workItemType">The work item type reference name.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>A task that completes when saved (or when nothing changed).</returns>
    /// <exception cref="IssueIntegrationException">Every attempt lost a race (<see cref="IssueIntegrationErrorKind.Conflict"/>), or the installation is gone.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="Abstractions.IIntegrationStore"/> is registered.</exception>
    Task SaveCreateFormDefaultsAsync(string hostProjectId, string? projectId, string? workItemType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds work items to link: label <c>(id) title</c>, value the id. A query that is a work item
    /// number is also read directly (first in the list), so a new item the search index has not
    /// caught up with can still be linked. An empty query gives an empty list without a call.
    /// </summary>
    /// <param name="query">The search text or a work item number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matches, best first.</returns>
    /// <exception cref="IssueIntegrationException">Azure DevOps rejected the search text.</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed.</exception>
    Task<IReadOnlyList<IssueChoice>> SearchIssuesAsync(string query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides what a state change of a work item means for its linked groups. "Done" means a state
    /// whose category is in <see cref="VstsIssueSyncOptions.DoneStateCategories"/> (by default
    /// <c>Resolved</c> and <c>Completed</c>), looked up for the item's own type and cached per
    /// organization, project and type, so a warm decision makes no call. Not done to done resolves;
    /// done to not done unresolves; a new item (<paramref name="oldState"/> absent) follows its first
    /// state; every other change, and a states lookup that fails (logged as a warning), is
    /// <see cref="ResolveSyncAction.None"/>.
    /// </summary>
    /// <param name="oldState">The state before the change; <see langword="null"/> when the item was just created.</param>
    /// <param name="newState">The state after the change.</param>
    /// <param name="project">The Azure DevOps project id or name.</param>
    /// <param name="workItemType">The work item type name, e.g. <c>Bug</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for the states lookup.</param>
    /// <returns>What to do with the linked groups.</returns>
    /// <exception cref="ArgumentException"><paramref name="project"/> or <paramref name="workItemType"/> is blank.</exception>
    Task<ResolveSyncAction> GetResolveSyncActionAsync(string? oldState, string? newState, string project, string workItemType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a linked work item to the state the host mapped for its project
    /// (<see cref="Abstractions.IExternalProjectStore"/>) when the host resolves or unresolves the
    /// group. Reads the item (state, type, project), maps its project name to an id through a cached
    /// project list when <see cref="LinkedWorkItem.ProjectId"/> is not given, and writes only when
    /// the item is not in that state already: one read and one write once the caches are warm. When
    /// the item's type has no such state, the first state of the type in the matching category is
    /// used instead (done categories for resolved; <c>Proposed</c> or <c>InProgress</c> for
    /// unresolved), and <see cref="OutboundSyncResult.FallbackFromState"/> says so. The write
    /// carries <c>test /rev</c>; a concurrent edit makes it read, decide and write again, up to
    /// <see cref="VstsOutboundSyncOptions.MaxConflictRetries"/> times. Each write is recorded in the
    /// <see cref="Abstractions.IOwnWriteLedger"/> before it is sent and confirmed with its revision, so its webhook is taken for an echo.
    /// </summary>
    /// <param name="issue">The linked work item.</param>
    /// <param name="isResolved">Whether the host group is resolved now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OutboundSyncOutcome.Updated"/>; <see cref="OutboundSyncOutcome.AlreadyInTarget"/>;
    /// <see cref="OutboundSyncOutcome.Disabled"/> (<see cref="Abstractions.VstsSyncSettings.StatusOutbound"/> off, no call);
    /// <see cref="OutboundSyncOutcome.NotConfigured"/> (no project store, no mapping, or no usable state);
    /// <see cref="OutboundSyncOutcome.TargetNotFound"/> (the item's project is not in the organization).
    /// </returns>
    /// <exception cref="ArgumentException"><see cref="LinkedWorkItem.Key"/> is not a work item number.</exception>
    /// <exception cref="IssueIntegrationException">Every write lost to a concurrent edit (<see cref="IssueIntegrationErrorKind.Conflict"/>), or Azure DevOps rejected a rule (<c>TF401320</c>, <see cref="IssueIntegrationErrorKind.Validation"/>).</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed; <see cref="VstsErrorKind.NotFound"/> when the item is gone. When <see cref="VstsApiException.IsOutcomeUnknown"/> the write may have landed (its ledger entry stays pending, so its webhook is still the SDK's own); calling again is safe: the call reads the item first and ends as <see cref="OutboundSyncOutcome.AlreadyInTarget"/> when it holds the state.</exception>
    Task<OutboundSyncResult> SyncStatusOutboundAsync(LinkedWorkItem issue, bool isResolved, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets <c>System.AssignedTo</c> of a linked work item to the Azure DevOps user who has one of
    /// the host user's emails (as mail address or principal name, case-insensitive), or unassigns it
    /// (<c>remove</c>). Users are matched through the organization's user list, loaded once and kept
    /// (reloaded on a miss at most once per <see cref="VstsOutboundSyncOptions.DirectoryRefreshInterval"/>),
    /// so once warm the call is one read and one write, or the read alone when the item is already
    /// assigned to that user. The write carries <c>test /rev</c>, is retried on conflicts like status
    /// sync, and is recorded in the ledger (<c>System.AssignedTo</c>). With
    /// <see cref="VstsOutboundSyncOptions.ReadBeforeAssign"/> off, the call is one unguarded write.
    /// </summary>
    /// <param name="issue">The linked work item.</param>
    /// <param name="assignee">The host user the group is assigned to now; <see langword="null"/> unassigns.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OutboundSyncOutcome.Updated"/>; <see cref="OutboundSyncOutcome.AlreadyInTarget"/>;
    /// <see cref="OutboundSyncOutcome.Disabled"/> (<see cref="Abstractions.VstsSyncSettings.AssigneeOutbound"/> off, no call);
    /// <see cref="OutboundSyncOutcome.TargetNotFound"/> (no Azure DevOps user has any of the emails; nothing is read or written).
    /// </returns>
    /// <exception cref="ArgumentException"><see cref="LinkedWorkItem.Key"/> is not a work item number.</exception>
    /// <exception cref="IssueIntegrationException">Every write lost to a concurrent edit (<see cref="IssueIntegrationErrorKind.Conflict"/>).</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed, e.g. listing users or the write. When <see cref="VstsApiException.IsOutcomeUnknown"/> the write may have landed; calling again is safe: the call reads the item first and writes nothing when it holds the assignee.</exception>
    Task<OutboundSyncResult> SyncAssigneeOutboundAsync(LinkedWorkItem issue, Abstractions.HostUser? assignee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies a host comment to a linked work item: <c>{author} wrote:</c> and the quoted comment,
    /// Markdown converted to HTML (raw HTML disabled). Through the Comments API by default, so the
    /// comment id comes back (<see cref="OutboundSyncResult.CommentId"/>: store it to update or
    /// delete the comment later) and is recorded with <see cref="Abstractions.IOwnWriteLedger.RecordOwnCommentAsync"/>.
    /// With <see cref="OutboundCommentMode.HistoryField"/>, the comment is added to
    /// <c>System.History</c> instead: no id, and the revision is recorded in the ledger. Not retried
    /// on an ambiguous failure (a resend could post the comment twice). Without
    /// <see cref="LinkedWorkItem.ProjectId"/>, the Comments API call is preceded by a read of the item's project.
    /// </summary>
    /// <param name="issue">The linked work item.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="OutboundSyncOutcome.Updated"/>, or <see cref="OutboundSyncOutcome.Disabled"/> (<see cref="Abstractions.VstsSyncSettings.Comments"/> off, no call).</returns>
    /// <exception cref="ArgumentException"><see cref="LinkedWorkItem.Key"/> is not a work item number, or the comment text is blank.</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed; <see cref="VstsErrorKind.NotFound"/> when the item is gone. When <see cref="VstsApiException.IsOutcomeUnknown"/> the comment may have been added: with a <see cref="HostComment.Id"/>, calling again is safe (the attempt stays in the ledger and the call finds the comment that landed, by the SDK's identity, creation time and text, before it posts); without one, calling again may add it twice.</exception>
    Task<OutboundSyncResult> AddCommentAsync(LinkedWorkItem issue, HostComment comment, CancellationToken cancellationToken = default);

    /// <summary>Replaces the text of a comment the SDK added (same attribution and conversion as <see cref="AddCommentAsync"/>).</summary>
    /// <param name="issue">The linked work item.</param>
    /// <param name="commentId">The id <see cref="AddCommentAsync"/> returned.</param>
    /// <param name="comment">The edited comment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OutboundSyncOutcome.Updated"/>; <see cref="OutboundSyncOutcome.Disabled"/>;
    /// <see cref="OutboundSyncOutcome.NotSupported"/> (<see cref="OutboundCommentMode.HistoryField"/>: no call);
    /// <see cref="OutboundSyncOutcome.TargetNotFound"/> (the comment or the item is gone).
    /// </returns>
    /// <exception cref="ArgumentException">The key is not a work item number, or the comment text is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="commentId"/> is not positive.</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed. An update sets the whole text, so calling again after any failure, <see cref="VstsApiException.IsOutcomeUnknown"/> included, is safe.</exception>
    Task<OutboundSyncResult> UpdateCommentAsync(LinkedWorkItem issue, int commentId, HostComment comment, CancellationToken cancellationToken = default);

    /// <summary>Deletes a comment the SDK added.</summary>
    /// <param name="issue">The linked work item.</param>
    /// <param name="commentId">The id <see cref="AddCommentAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OutboundSyncOutcome.Updated"/> (deleted); <see cref="OutboundSyncOutcome.Disabled"/>;
    /// <see cref="OutboundSyncOutcome.NotSupported"/> (<see cref="OutboundCommentMode.HistoryField"/>: no call);
    /// <see cref="OutboundSyncOutcome.TargetNotFound"/> (already gone).
    /// </returns>
    /// <exception cref="ArgumentException">The key is not a work item number.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="commentId"/> is not positive.</exception>
    /// <exception cref="VstsApiException">Azure DevOps failed. Calling again after any failure is safe: a comment already deleted ends as <see cref="OutboundSyncOutcome.TargetNotFound"/>.</exception>
    Task<OutboundSyncResult> DeleteCommentAsync(LinkedWorkItem issue, int commentId, CancellationToken cancellationToken = default);
}
