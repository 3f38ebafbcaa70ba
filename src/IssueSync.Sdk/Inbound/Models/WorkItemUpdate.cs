using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// The resource of a <c>workitem.updated</c> event: one update of a work item. <see cref="Fields"/>
/// holds only the fields that changed; <see cref="WorkItem"/> is the whole work item at
/// <see cref="Revision"/>. Read-only; get one from <see cref="VstsWebhookEvent.GetWorkItemUpdate"/>.
/// </summary>
public sealed record WorkItemUpdate
{
    private IReadOnlyDictionary<string, WorkItemFieldUpdate>? _fields;
    private WorkItemRelationUpdates? _relations;
    private int _workItemId;

    [JsonConstructor]
    internal WorkItemUpdate()
    {
    }

    /// <summary>The update number within the work item (<c>id</c>): not the work item number, see <see cref="WorkItemId"/>.</summary>
    [JsonInclude]
    public int Id { get; internal init; }

    /// <summary>
    /// The work item number (<c>workItemId</c>). Azure DevOps' documentation sample sends 0; then this
    /// is the number of <see cref="WorkItem"/> (<c>revision.id</c>), and 0 only when neither is known.
    /// </summary>
    [JsonInclude]
    public int WorkItemId
    {
        get => _workItemId != 0 ? _workItemId : WorkItem?.Id ?? 0;
        internal init => _workItemId = value;
    }

    /// <summary>The revision this update produced (<c>rev</c>).</summary>
    [JsonInclude]
    [JsonPropertyName("rev")]
    public int Revision { get; internal init; }

    /// <summary>Who made the update, parsed from whichever form it came in; <see langword="null"/> when absent or <c>null</c>.</summary>
    [JsonInclude]
    [JsonConverter(typeof(IdentityRefJsonConverter))]
    public VstsIdentity? RevisedBy { get; internal init; }

    /// <summary>When the update was made; <see langword="null"/> when absent or unreadable. A date without an offset is read as UTC.</summary>
    [JsonInclude]
    [JsonConverter(typeof(LenientDateJsonConverter))]
    public DateTimeOffset? RevisedDate { get; internal init; }

    /// <summary>
    /// The fields that changed, by reference name. <c>System.Rev</c>, <c>System.ChangedDate</c>,
    /// <c>System.AuthorizedDate</c>, <c>System.RevisedDate</c> and <c>System.Watermark</c> change
    /// with every update.
    /// </summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, WorkItemFieldUpdate> Fields
    {
        get => _fields ?? EmptyFields;
        internal init => _fields = WithoutNulls(value);
    }

    /// <summary>The relations added, removed and changed; empty lists when none changed.</summary>
    [JsonInclude]
    public WorkItemRelationUpdates Relations
    {
        get => _relations ?? WorkItemRelationUpdates.None;
        internal init => _relations = value;
    }

    /// <summary>
    /// The whole work item at <see cref="Revision"/> (<c>revision</c>): type, area, state, title and
    /// every other field, changed or not. <see langword="null"/> when the subscription sends minimal
    /// resource details.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("revision")]
    public WorkItem? WorkItem { get; internal init; }

    /// <summary>The REST URL of the update (ends with <c>/updates/{Id}</c>).</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    private static IReadOnlyDictionary<string, WorkItemFieldUpdate> EmptyFields { get; } =
        new Dictionary<string, WorkItemFieldUpdate>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>Gets how a field changed.</summary>
    /// <param name="referenceName">The field reference name, e.g. <c>System.State</c>.</param>
    /// <param name="change">The change.</param>
    /// <returns>Whether the field changed in this update.</returns>
    public bool TryGetField(string referenceName, [NotNullWhen(true)] out WorkItemFieldUpdate? change) =>
        Fields.TryGetValue(referenceName, out change);

    // "Field": null carries no change; dropping it keeps every value non-null.
    private static IReadOnlyDictionary<string, WorkItemFieldUpdate>? WithoutNulls(IReadOnlyDictionary<string, WorkItemFieldUpdate>? fields) =>
        fields is null || fields.Values.All(static f => f is not null)
            ? fields
            : fields.Where(static f => f.Value is not null).ToDictionary(static f => f.Key, static f => f.Value, StringComparer.Ordinal);
}
