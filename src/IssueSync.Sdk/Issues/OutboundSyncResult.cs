namespace IssueSync.Sdk.Issues;

/// <summary>
/// The result of an outbound sync call (status, assignee, comment). Expected outcomes (nothing to
/// do, switched off, not configured, target missing) are results, not exceptions; failures of Azure
/// DevOps stay <see cref="Client.VstsApiException"/>s, and a write that keeps losing to concurrent
/// edits is an <see cref="IssueIntegrationException"/> of kind <see cref="IssueIntegrationErrorKind.Conflict"/>.
/// A result always reports a known outcome: a write that may or may not have landed is never a result
/// but a <see cref="Client.VstsApiException"/> with <see cref="Client.VstsApiException.IsOutcomeUnknown"/>.
/// </summary>
public sealed record OutboundSyncResult
{
    /// <summary>What the call did.</summary>
    public required OutboundSyncOutcome Outcome { get; init; }

    /// <summary>The work item number.</summary>
    public required int WorkItemId { get; init; }

    /// <summary>
    /// The work item's revision after the write (<see cref="OutboundSyncOutcome.Updated"/>), or the
    /// revision read when it was already in the target; <see langword="null"/> when no revision is
    /// known (nothing read, or a Comments API call, which does not return one).
    /// </summary>
    public int? Revision { get; init; }

    /// <summary>Status sync: the state written, or the state the item already had. Otherwise <see langword="null"/>.</summary>
    public string? State { get; init; }

    /// <summary>
    /// Status sync: the state the host mapped, when the item's type does not have it and
    /// <see cref="State"/> is the fallback used instead (the first state of the type in the matching
    /// category). <see langword="null"/> when the mapped state was used as is.
    /// </summary>
    public string? FallbackFromState { get; init; }

    /// <summary>
    /// Assignee sync: the Azure DevOps user written to <c>System.AssignedTo</c> (mail address or
    /// principal name), or the one already assigned; <see langword="null"/> when unassigned.
    /// </summary>
    public string? AssignedTo { get; init; }

    /// <summary>
    /// Comment sync: the comment id Azure DevOps returned (added or updated), recorded in the ledger.
    /// <see langword="null"/> for comments written to <c>System.History</c>, which have none.
    /// </summary>
    public int? CommentId { get; init; }

    /// <summary>Why nothing was written, for logs and the host's UI; <see langword="null"/> when <see cref="Outcome"/> is <see cref="OutboundSyncOutcome.Updated"/>.</summary>
    public string? Reason { get; init; }
}
