using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Issues;

/// <summary>One field of the create form for the chosen work item type, with the type's rules for it.</summary>
/// <param name="ReferenceName">The reference name, e.g. <c>Custom.Severity</c>: the key of <see cref="CreateIssueRequest.Fields"/> and of <see cref="IssueIntegrationException.FieldErrors"/>.</param>
/// <param name="Name">The display name, e.g. <c>Severity</c>.</param>
/// <param name="Type">The data type: <see cref="WorkItemFieldType.Identity"/> for a person, else the organization's type.</param>
/// <param name="Required">Whether the type requires a value (with a <paramref name="DefaultValue"/>, Azure DevOps fills it when none is given).</param>
/// <param name="AllowedValues">The values allowed; empty when any value of the type is.</param>
/// <param name="DefaultValue">The value Azure DevOps fills in when none is given, as text; <see langword="null"/> when none.</param>
/// <param name="HelpText">The process' help text for the field, if any.</param>
public sealed record CreateFormField(
    string ReferenceName,
    string Name,
    WorkItemFieldType Type,
    bool Required,
    IReadOnlyList<string> AllowedValues,
    string? DefaultValue,
    string? HelpText);
