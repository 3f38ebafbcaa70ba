namespace IssueSync.Sdk.Patch;

/// <summary>
/// The logical names the sync uses (<c>title</c>, <c>description</c>, <c>comment</c>, <c>link</c>,
/// <c>assigned_to</c>, <c>state</c>) and their JSON-Patch paths, plus a path for any field by
/// reference name.
/// </summary>
public static class FieldMap
{
    /// <summary>Logical name of the title: <c>/fields/System.Title</c>.</summary>
    public const string Title = "title";

    /// <summary>Logical name of the description: <c>/fields/System.Description</c>.</summary>
    public const string Description = "description";

    /// <summary>Logical name of a discussion comment: <c>/fields/System.History</c>.</summary>
    public const string Comment = "comment";

    /// <summary>Logical name of a new relation: <c>/relations/-</c>.</summary>
    public const string Link = "link";

    /// <summary>Logical name of the assignee: <c>/fields/System.AssignedTo</c>.</summary>
    public const string AssignedTo = "assigned_to";

    /// <summary>Logical name of the state: <c>/fields/System.State</c>.</summary>
    public const string State = "state";

    /// <summary>The JSON-Patch path that appends a relation.</summary>
    public const string AppendRelationPath = "/relations/-";

    /// <summary>The JSON-Patch path of the revision, used by <c>test</c> operations.</summary>
    public const string RevisionPath = "/rev";

    private static readonly Dictionary<string, string> LogicalPaths = new(StringComparer.Ordinal)
    {
        [Title] = "/fields/" + WorkItemFields.Title,
        [Description] = "/fields/" + WorkItemFields.Description,
        [Comment] = "/fields/" + WorkItemFields.History,
        [Link] = AppendRelationPath,
        [AssignedTo] = "/fields/" + WorkItemFields.AssignedTo,
        [State] = "/fields/" + WorkItemFields.State,
    };

    /// <summary>The logical names this map knows, with their paths.</summary>
    public static IReadOnlyDictionary<string, string> Paths => LogicalPaths;

    /// <summary>The JSON-Patch path of a logical name.</summary>
    /// <param name="logicalName">One of the constants of this class.</param>
    /// <returns>The path, e.g. <c>/fields/System.State</c> for <c>state</c>.</returns>
    /// <exception cref="ArgumentException">The name is not one of the logical names.</exception>
    public static string GetPath(string logicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        return LogicalPaths.TryGetValue(logicalName, out var path)
            ? path
            : throw new ArgumentException(
                $"'{logicalName}' is not a logical field name; use one of {string.Join(", ", LogicalPaths.Keys)}, or FieldMap.ForField(referenceName) for any field.",
                nameof(logicalName));
    }

    /// <summary>
    /// The JSON-Patch path of any field by reference name (custom fields, area path, iteration,
    /// tags, priority): <c>/fields/{referenceName}</c>, JSON-Pointer escaped.
    /// </summary>
    /// <param name="referenceName">A field reference name such as <c>Custom.Severity</c>.</param>
    /// <returns>The path.</returns>
    public static string ForField(string referenceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceName);
        return string.Concat("/fields/", JsonPointer.EscapeSegment(referenceName));
    }
}
