namespace IssueSync.Sdk.Patch;

/// <summary>
/// What an update changes, with three-state semantics: an unset field produces no operation,
/// <see langword="null"/> produces <c>remove</c>, a value (even <c>""</c>) produces <c>replace</c>.
/// Turned into a patch by <see cref="WorkItemPatch.ForUpdate"/>.
/// </summary>
public sealed class WorkItemUpdateFields
{
    /// <summary><c>System.Title</c>.</summary>
    public Settable<string?> Title { get; init; }

    /// <summary><c>System.Description</c> (HTML).</summary>
    public Settable<string?> Description { get; init; }

    /// <summary><c>System.AssignedTo</c>: an email or unique name; <see langword="null"/> unassigns.</summary>
    public Settable<string?> AssignedTo { get; init; }

    /// <summary><c>System.State</c>.</summary>
    public Settable<string?> State { get; init; }

    /// <summary>A relation to append (<c>add /relations/-</c>); existing relations are never touched.</summary>
    public PatchRelation? Link { get; init; }

    /// <summary>A discussion comment (<c>add /fields/System.History</c>); <see langword="null"/> or empty adds nothing.</summary>
    public string? Comment { get; init; }

    /// <summary>
    /// Any other fields by reference name (custom fields, area path, tags, priority):
    /// <see cref="PatchValue.Null"/> (or a <see langword="default"/> value) removes the field, any other value replaces it. Written in
    /// enumeration order after the well-known fields.
    /// </summary>
    public IReadOnlyDictionary<string, PatchValue>? Fields { get; init; }

    /// <summary>
    /// When set, the patch starts with <c>test /rev</c> so Azure DevOps applies it only if the item
    /// is still at this revision (otherwise it answers 412 and nothing changes).
    /// </summary>
    public int? ExpectedRevision { get; init; }
}
