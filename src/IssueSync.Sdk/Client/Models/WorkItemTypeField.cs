namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A field of a work item type with the type's rules for it, as
/// <c>GET {project}/_apis/wit/workitemtypes/{type}/fields?$expand=all</c> returns it.
/// The data type and read-only flag are the organization's (<see cref="WorkItemFieldDefinition"/>).
/// Hosts may build one for their own tests.
/// </summary>
/// <param name="ReferenceName">The reference name, e.g. <c>System.Title</c> or <c>Custom.Severity</c>.</param>
/// <param name="Name">The display name, e.g. <c>Title</c>.</param>
/// <param name="AlwaysRequired">Whether every item of the type must have a value.</param>
/// <param name="DefaultValue">The value Azure DevOps fills in when none is given, as text; <see langword="null"/> when none.</param>
/// <param name="AllowedValues">
/// The values the field accepts, as text (an identity as <c>Display Name &lt;unique name&gt;</c>); empty when any value is accepted.
/// </param>
/// <param name="HelpText">The help text the process shows beside the field, if any.</param>
public sealed record WorkItemTypeField(
    string ReferenceName,
    string Name,
    bool AlwaysRequired,
    string? DefaultValue,
    IReadOnlyList<string> AllowedValues,
    string? HelpText = null);
