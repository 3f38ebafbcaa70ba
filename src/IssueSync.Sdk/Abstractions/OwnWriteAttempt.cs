namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// A write of the SDK's that no work item revision identifies, recorded in the
/// <see cref="IOwnWriteLedger"/> before it is sent: a create for a host group (key
/// <c>create:{group tag}</c>) or a comment for a host comment (key <c>comment:{work item}:{host comment id}</c>).
/// While it stands, an answer may have been lost: the SDK looks for what landed (the group's tag, the
/// comment's author, time and text) before it sends the write again, on any instance and after a restart.
/// </summary>
public sealed record OwnWriteAttempt
{
    /// <summary>The organization (collection) id.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The write's key, as the SDK builds it; compare it ordinally.</summary>
    public required string Key { get; init; }

    /// <summary>When the first attempt was sent: what landed cannot be older.</summary>
    public required DateTimeOffset FirstAttemptAt { get; init; }

    /// <summary>
    /// When the latest attempt was sent, and then when the client gave up on it (a timeout or lost answer can come
    /// long after the send): a lookup waits a settle delay after it.
    /// </summary>
    public required DateTimeOffset LastAttemptAt { get; init; }

    /// <summary>The id the write produced (work item or comment id), once known; <see langword="null"/> while the outcome is open.</summary>
    public int? ResultId { get; init; }
}
