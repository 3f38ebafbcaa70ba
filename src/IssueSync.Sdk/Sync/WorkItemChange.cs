using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// What one revision of a work item changed of the fields the sync follows (those the installation's settings
/// switch on), as a webhook delivery or the reporting revisions feed tells it. A field is listed when the revision
/// changed it; a listed assignee without a new value was cleared. Applied by <see cref="WorkItemChangeApplier"/>.
/// </summary>
internal sealed record WorkItemChange
{
    public required WorkItemRevision Item { get; init; }

    /// <summary>The followed fields the revision changed.</summary>
    public OwnFields Listed { get; init; }

    public AssigneeChangeKind Assignee { get; init; }

    /// <summary>The new assignee's email (<see cref="AssigneeChangeKind.Assign"/>).</summary>
    public string? AssigneeEmail { get; init; }

    /// <summary>The new assignee's unique name, when the identity has one.</summary>
    public string? AssigneeUniqueName { get; init; }

    /// <summary>The state before (none for a created item or a first value).</summary>
    public string? OldState { get; init; }

    public string? NewState { get; init; }

    /// <summary>The project id or name, for the resolve decision.</summary>
    public string? Project { get; init; }

    /// <summary>
    /// The project's name when <see cref="Project"/> is its id (a webhook carries both): lets the states
    /// cache find states another caller read by the name (the outbound status and the reconciler use it).
    /// </summary>
    public string? ProjectName { get; init; }

    /// <summary>The item's type, for the resolve decision.</summary>
    public string? WorkItemType { get; init; }

    /// <summary>The assignee as its watermark records it: the email, else the unique name (<see langword="null"/>: cleared).</summary>
    public string? AssigneeValue => AssigneeEmail ?? AssigneeUniqueName;
}

/// <summary>What a revision does to the assignee.</summary>
internal enum AssigneeChangeKind : byte
{
    None,
    Assign,
    Deassign,

    /// <summary>A new value without an email (a group, an unresolvable identity): the host's assignee stays.</summary>
    Unparseable,
}

/// <summary>The work item an event or a feed entry names.</summary>
/// <param name="WorkItemId">The work item.</param>
/// <param name="Revision">Its revision, when the event carries one.</param>
/// <param name="RevisedById">The identity id that saved the revision, when given.</param>
internal sealed record WorkItemRevision(int WorkItemId, int? Revision, string? RevisedById);
