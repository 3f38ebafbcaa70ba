namespace IssueSync.Sdk.Patch;

/// <summary>
/// What an update changes. A property left <see langword="null"/> produces no operation; a value
/// (even <c>""</c>) produces <c>replace</c>; a field named in <see cref="RemoveFields"/> produces
/// <c>remove</c>, which clears it (e.g. unassigns). Turned into a patch by <see cref="WorkItemPatch.ForUpdate"/>.
/// </summary>
/// <example>
/// <code>
/// // Resolve and unassign, only if nobody changed the item since revision 3.
/// WorkItemPatch.ForUpdate(new WorkItemUpdateFields
/// {
///     State = "Resolved",
///     RemoveFields = [WorkItemFields.AssignedTo],
///     ExpectedRevision = 3,
/// });
/// </code>
/// </example>
public sealed class WorkItemUpdateFields
{
    /// <summary><c>System.Title</c>; <see langword="null"/> leaves it unchanged.</summary>
    public string? Title { get; init; }

    /// <summary><c>System.Description</c> (HTML); <see langword="null"/> leaves it unchanged.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// <c>System.AssignedTo</c>: an email or unique name; <see langword="null"/> leaves it unchanged.
    /// To unassign, name <see cref="WorkItemFields.AssignedTo"/> in <see cref="RemoveFields"/>.
    /// </summary>
    public string? AssignedTo { get; init; }

    /// <summary><c>System.State</c>; <see langword="null"/> leaves it unchanged.</summary>
    public string? State { get; init; }

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
    /// Fields to clear, by reference name (e.g. <see cref="WorkItemFields.AssignedTo"/> to unassign,
    /// <see cref="WorkItemFields.Description"/>, or a custom field): each produces one <c>remove</c>.
    /// Title, description, assignee and state are removed where their value would be written;
    /// other fields after <see cref="Fields"/>. Names compare ignoring case, as Azure DevOps does;
    /// a field named here must not also be given a value (that throws <see cref="ArgumentException"/>
    /// from <see cref="WorkItemPatch.ForUpdate"/>).
    /// </summary>
    public IReadOnlyCollection<string>? RemoveFields { get; init; }

    /// <summary>
    /// When set, the patch starts with <c>test /rev</c> so Azure DevOps applies it only if the item
    /// is still at this revision (otherwise it answers 412 and nothing changes).
    /// </summary>
    public int? ExpectedRevision { get; init; }
}
