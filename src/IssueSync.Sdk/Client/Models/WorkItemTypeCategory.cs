using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item type category of a project, e.g. <c>Microsoft.BugCategory</c>, with the types in it.
/// The same type can appear in more than one category; lists are returned as Azure DevOps sends them.
/// </summary>
public sealed record WorkItemTypeCategory
{
    private string? _name;
    private string? _referenceName;

    private IReadOnlyList<WorkItemTypeReference>? _workItemTypes;

    [JsonConstructor]
    internal WorkItemTypeCategory()
    {
    }

    /// <summary>The display name, e.g. <c>Bug Category</c>.</summary>
    [JsonInclude]
    public string Name
    {
        get => _name ?? string.Empty; // the wire may omit it or send null
        internal init => _name = value;
    }

    /// <summary>The reference name, e.g. <c>Microsoft.BugCategory</c>.</summary>
    [JsonInclude]
    public string ReferenceName
    {
        get => _referenceName ?? string.Empty; // the wire may omit it or send null
        internal init => _referenceName = value;
    }

    /// <summary>The category's default type, when it has one.</summary>
    [JsonInclude]
    public WorkItemTypeReference? DefaultWorkItemType { get; internal init; }

    /// <summary>The types in the category, in Azure DevOps' order.</summary>
    [JsonInclude]
    public IReadOnlyList<WorkItemTypeReference> WorkItemTypes
    {
        get => _workItemTypes ?? [];
        internal init => _workItemTypes = value;
    }
}
