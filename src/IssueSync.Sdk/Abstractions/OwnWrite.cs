namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// One write the SDK made (or is making) to a work item, as the <see cref="IOwnWriteLedger"/> keeps it.
/// Pending while <see cref="Revision"/> is <see langword="null"/>; confirmed once it is set.
/// </summary>
public sealed record OwnWrite
{
    /// <summary>A unique id of this write (the ledger's key, with the organization and work item).</summary>
    public required string WriteId { get; init; }

    /// <summary>The Azure DevOps organization (collection) id.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The work item written.</summary>
    public required int WorkItemId { get; init; }

    /// <summary>
    /// The fields the write sets, by reference name, with the values written (<see langword="null"/>:
    /// cleared). A delivery counts as this write's echo only for these fields, and, while the entry is
    /// pending, only when it reports these values.
    /// </summary>
    public required IReadOnlyDictionary<string, string?> Fields { get; init; }

    /// <summary>
    /// The revision the write produces when it succeeds: the revision read plus one under a
    /// <c>test /rev</c> guard; <see langword="null"/> for an unguarded write.
    /// </summary>
    public int? ExpectedRevision { get; init; }

    /// <summary>The revision the write produced, once confirmed; <see langword="null"/> while pending.</summary>
    public int? Revision { get; init; }

    /// <summary>When the write was recorded (before it was sent): a pending entry older than a request can take is stale.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Whether the write's answer came back and <see cref="Revision"/> is known.</summary>
    public bool IsConfirmed => Revision is not null;
}
