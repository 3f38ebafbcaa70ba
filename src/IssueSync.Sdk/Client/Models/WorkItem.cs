using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item as Azure DevOps returns it. <see cref="Fields"/> stays dynamic (any process, any
/// custom field); typed accessors cover the system fields the SDK uses. Read-only; build one in
/// tests with <see cref="VstsModelFactory"/>.
/// </summary>
public sealed record WorkItem
{
    private IReadOnlyDictionary<string, JsonElement>? _fields;
    private IReadOnlyList<WorkItemRelation>? _relations;

    [JsonConstructor]
    internal WorkItem()
    {
    }

    /// <summary>The work item number.</summary>
    [JsonInclude]
    public int Id { get; internal init; }

    /// <summary>The revision number (<c>rev</c>).</summary>
    [JsonInclude]
    [JsonPropertyName("rev")]
    public int Revision { get; internal init; }

    /// <summary>Every returned field by reference name, as raw JSON.</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, JsonElement> Fields
    {
        get => _fields ?? VstsModelDefaults.EmptyElements;
        internal init => _fields = value;
    }

    /// <summary>The relations; empty unless requested with <c>$expand=relations</c> or <c>all</c>.</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemRelation> Relations
    {
        get => _relations ?? [];
        internal init => _relations = value;
    }

    /// <summary>The REST URL of the work item.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary><c>System.Title</c>.</summary>
    [JsonIgnore]
    public string? Title => GetString(WorkItemFields.Title);

    /// <summary><c>System.Description</c> (HTML as stored).</summary>
    [JsonIgnore]
    public string? Description => GetString(WorkItemFields.Description);

    /// <summary><c>System.State</c>.</summary>
    [JsonIgnore]
    public WorkItemState? State => NonBlank(GetString(WorkItemFields.State)) is { } s ? new WorkItemState(s) : (WorkItemState?)null;

    /// <summary><c>System.AreaPath</c>.</summary>
    [JsonIgnore]
    public string? AreaPath => GetString(WorkItemFields.AreaPath);

    /// <summary><c>System.IterationPath</c>.</summary>
    [JsonIgnore]
    public string? IterationPath => GetString(WorkItemFields.IterationPath);

    /// <summary><c>System.TeamProject</c>: the project name.</summary>
    [JsonIgnore]
    public string? TeamProject => GetString(WorkItemFields.TeamProject);

    /// <summary><c>System.WorkItemType</c>.</summary>
    [JsonIgnore]
    public WorkItemTypeName? WorkItemType => NonBlank(GetString(WorkItemFields.WorkItemType)) is { } t ? new WorkItemTypeName(t) : (WorkItemTypeName?)null;

    /// <summary><c>System.AssignedTo</c>, parsed from whichever form it came in.</summary>
    [JsonIgnore]
    public VstsIdentity? AssignedTo => GetIdentity(WorkItemFields.AssignedTo);

    /// <summary><c>System.ChangedBy</c>.</summary>
    [JsonIgnore]
    public VstsIdentity? ChangedBy => GetIdentity(WorkItemFields.ChangedBy);

    /// <summary><c>System.Tags</c> split on <c>;</c>, trimmed; empty when none.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Tags =>
        GetString(WorkItemFields.Tags) is { Length: > 0 } tags
            ? tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>Gets a field's raw JSON value.</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether the field was returned.</returns>
    public bool TryGetField(string referenceName, out JsonElement value) => Fields.TryGetValue(referenceName, out value);

    /// <summary>A field as text: strings as they are, numbers and booleans in invariant form; <see langword="null"/> otherwise.</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <returns>The text, or <see langword="null"/> when absent or not a scalar.</returns>
    public string? GetString(string referenceName) =>
        Fields.TryGetValue(referenceName, out var value) ? JsonFieldValue.ToText(value) : null;

    /// <summary>A field parsed as an identity (object, <c>"Name &lt;email&gt;"</c> or email).</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    public VstsIdentity? GetIdentity(string referenceName) =>
        Fields.TryGetValue(referenceName, out var value) ? VstsIdentity.Parse(value) : null;

    /// <summary>A numeric field as an integer (numbers, or strings holding one).</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public long? GetInt64(string referenceName) =>
        Fields.TryGetValue(referenceName, out var value) ? JsonFieldValue.ToInt64(value) : null;

    // A blank value reads as absent: the value types reject it, and a property getter must not throw.
    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
