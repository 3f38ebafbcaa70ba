using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>How the relations of a work item changed in one update (<c>{added, removed, updated}</c>).</summary>
public sealed record WorkItemRelationUpdates
{
    // The source generator sets a missing init-only property to null, past any initializer;
    // the getters keep the non-null promise.
    private IReadOnlyList<WorkItemRelation>? _added;
    private IReadOnlyList<WorkItemRelation>? _removed;
    private IReadOnlyList<WorkItemRelation>? _updated;

    [JsonConstructor]
    internal WorkItemRelationUpdates()
    {
    }

    /// <summary>The relations added (e.g. a new <c>Hyperlink</c>).</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemRelation> Added
    {
        get => _added ?? [];
        internal init => _added = value;
    }

    /// <summary>The relations removed.</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemRelation> Removed
    {
        get => _removed ?? [];
        internal init => _removed = value;
    }

    /// <summary>The relations whose attributes changed (e.g. an edited link comment).</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemRelation> Updated
    {
        get => _updated ?? [];
        internal init => _updated = value;
    }

    internal static WorkItemRelationUpdates None { get; } = new();
}
