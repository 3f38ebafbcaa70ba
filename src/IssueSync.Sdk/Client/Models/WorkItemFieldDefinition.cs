namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A field as the organization defines it (<c>GET _apis/wit/fields</c>): its data type and whether
/// people may write it. Hosts may build one for their own tests.
/// </summary>
/// <param name="ReferenceName">The reference name, e.g. <c>Microsoft.VSTS.Common.Priority</c>.</param>
/// <param name="Name">The display name, e.g. <c>Priority</c>.</param>
/// <param name="Type">The data type, e.g. <see cref="WorkItemFieldType.Integer"/>.</param>
/// <param name="ReadOnly">Whether the field is read-only (system-managed, e.g. <c>System.CreatedDate</c>).</param>
/// <param name="IsIdentity">Whether the field holds an identity (a person).</param>
/// <param name="IsPicklist">Whether the field's values come from a picklist.</param>
/// <param name="Usage">What the field is used for: <c>workItem</c>, <c>workItemLink</c>, <c>tree</c>, <c>workItemTypeExtension</c> or <c>none</c>.</param>
public sealed record WorkItemFieldDefinition(
    string ReferenceName,
    string Name,
    WorkItemFieldType Type,
    bool ReadOnly,
    bool IsIdentity,
    bool IsPicklist,
    string? Usage = null);
