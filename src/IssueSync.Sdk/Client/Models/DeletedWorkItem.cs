using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A work item in a project's recycle bin, as <c>GET {project}/_apis/wit/recyclebin?ids=...</c> returns it.</summary>
public sealed record DeletedWorkItem
{
    [JsonConstructor]
    internal DeletedWorkItem()
    {
    }

    /// <summary>The work item number.</summary>
    [JsonInclude]
    public int Id { get; internal init; }

    /// <summary>The HTTP status of this item in the batch (<c>200</c> when it is in the recycle bin), when Azure DevOps sends one.</summary>
    [JsonInclude]
    public int? Code { get; internal init; }

    /// <summary>The project the item was deleted from.</summary>
    [JsonInclude]
    public string? Project { get; internal init; }

    /// <summary>The work item type name.</summary>
    [JsonInclude]
    public string? Type { get; internal init; }

    /// <summary>The title.</summary>
    [JsonInclude]
    public string? Name { get; internal init; }

    /// <summary>When it was deleted.</summary>
    [JsonInclude]
    public DateTimeOffset? DeletedDate { get; internal init; }

    /// <summary>Who deleted it, as Azure DevOps formats the name.</summary>
    [JsonInclude]
    public string? DeletedBy { get; internal init; }
}
