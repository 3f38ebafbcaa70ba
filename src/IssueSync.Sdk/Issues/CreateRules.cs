using System.Globalization;
using System.Text.RegularExpressions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// The rules one work item type of one project puts on a create, as far as Azure DevOps publishes them
/// (the type's fields with required flags, allowed values and defaults; the organization's data types;
/// the project's area and iteration paths): a request is checked against them before anything is sent,
/// and a rejection by a rule they did not show is turned into field errors afterwards.
/// </summary>
internal sealed partial class CreateRules
{
    /// <summary>Fields every type has, which a create may always set.</summary>
    private static readonly HashSet<string> CoreFields = new(StringComparer.OrdinalIgnoreCase)
    {
        WorkItemFields.Title, WorkItemFields.Description, WorkItemFields.History, WorkItemFields.Tags,
        WorkItemFields.AreaPath, WorkItemFields.IterationPath,
    };

    /// <summary>The <c>System.*</c> fields a person fills in; Azure DevOps fills or computes the other ones.</summary>
    private static readonly HashSet<string> PersonSystemFields = new(StringComparer.OrdinalIgnoreCase)
    {
        WorkItemFields.Title, WorkItemFields.Description, WorkItemFields.AssignedTo, WorkItemFields.Tags,
        WorkItemFields.AreaPath, WorkItemFields.IterationPath,
    };

    /// <summary>Fields outside <c>System.*</c> that the process' own rules write (on state changes, for ordering).</summary>
    private static readonly HashSet<string> RuleManagedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.VSTS.Common.StateChangeDate", "Microsoft.VSTS.Common.ActivatedDate", "Microsoft.VSTS.Common.ActivatedBy",
        "Microsoft.VSTS.Common.ResolvedDate", "Microsoft.VSTS.Common.ResolvedBy", "Microsoft.VSTS.Common.ResolvedReason",
        "Microsoft.VSTS.Common.ClosedDate", "Microsoft.VSTS.Common.ClosedBy", "Microsoft.VSTS.Common.StackRank",
        "Microsoft.VSTS.Common.BacklogPriority",
    };

    private readonly Dictionary<string, WorkItemTypeField> _fields;

    public CreateRules(string project, WorkItemTypeInfo type, ProjectProcessMetadata metadata, IReadOnlyList<WorkItemTypeField> fields, IReadOnlyDictionary<string, WorkItemFieldDefinition> definitions)
    {
        Project = project;
        Type = type;
        Metadata = metadata;
        Fields = fields;
        Definitions = definitions;
        _fields = new Dictionary<string, WorkItemTypeField>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            _fields.TryAdd(field.ReferenceName, field);
        }
    }

    /// <summary>The project as the request named it.</summary>
    public string Project { get; }

    /// <summary>The type the item is created as.</summary>
    public WorkItemTypeInfo Type { get; }

    public ProjectProcessMetadata Metadata { get; }

    /// <summary>The type's fields with their rules, in Azure DevOps' order.</summary>
    public IReadOnlyList<WorkItemTypeField> Fields { get; }

    public IReadOnlyDictionary<string, WorkItemFieldDefinition> Definitions { get; }

    /// <summary>
    /// The fields a create form shows for the type: the ones a person fills in (title, description, assignee,
    /// tags, area and iteration path) and every other field that is neither read-only, nor filled by Azure
    /// DevOps (<c>System.*</c>), nor written by the process' own rules.
    /// </summary>
    public IReadOnlyList<CreateFormField> FormFields() =>
        [.. Fields.Where(IsFormField).Select(f => new CreateFormField(
            f.ReferenceName,
            f.Name,
            DataType(f),
            f.AlwaysRequired,
            f.AllowedValues,
            f.DefaultValue,
            f.HelpText))];

    /// <summary>Checks every value a create would send; returns the problems by field reference name (empty when none).</summary>
    /// <param name="values">The fields the patch sets, by reference name (non-empty values only).</param>
    public Dictionary<string, string> Validate(IReadOnlyDictionary<string, PatchValue> values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (referenceName, value) in values)
        {
            if (Check(referenceName, value) is { } error)
            {
                errors[_fields.TryGetValue(referenceName, out var known) ? known.ReferenceName : referenceName] = error;
            }
        }

        foreach (var field in Fields)
        {
            if (field.AlwaysRequired && string.IsNullOrEmpty(field.DefaultValue) && IsPersonFilled(field) && !values.ContainsKey(field.ReferenceName))
            {
                errors.TryAdd(field.ReferenceName, $"{field.Name} is required.");
            }
        }

        return errors;
    }

    /// <summary>
    /// The field errors a create rejected by Azure DevOps' rules means (<c>TF401320</c> rule error, <c>TF401347</c>
    /// unknown area or iteration, <c>TF51535</c> unknown field), or <see langword="null"/> when the rejection is
    /// not about a field rule.
    /// </summary>
    public IssueIntegrationException? RuleRejection(VstsApiException ex)
    {
        var text = ex.ServiceMessage ?? ex.Message;
        if (Code(ex, text, "TF401320"))
        {
            var match = RuleErrorField().Match(text);
            if (!match.Success)
            {
                return new IssueIntegrationException(text, ex);
            }

            var name = match.Groups["field"].Value.Trim();
            var field = Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? (_fields.TryGetValue(name, out var byReference) ? byReference : null);
            var codes = RuleErrorCodes().Match(text) is { Success: true } c ? c.Groups["codes"].Value : string.Empty;
            var message = codes.Contains("Required", StringComparison.Ordinal) || codes.Contains("InvalidEmpty", StringComparison.Ordinal)
                ? $"{field?.Name ?? name} is required."
                : $"{field?.Name ?? name} was rejected by a rule of the {Type.Name} type{(codes.Length > 0 ? $" ({codes})" : string.Empty)}.";
            return IssueIntegrationException.ForField(field?.ReferenceName ?? name, message, ex);
        }

        if (Code(ex, text, "TF401347") && QuotedField().Match(text) is { Success: true } tree)
        {
            var referenceName = tree.Groups["field"].Value;
            var name = _fields.TryGetValue(referenceName, out var field) ? field.Name : referenceName;
            return IssueIntegrationException.ForField(field?.ReferenceName ?? referenceName, $"{name} does not exist in project {Project}.", ex);
        }

        if (Code(ex, text, "TF51535") && UnknownField().Match(text) is { Success: true } unknown)
        {
            var referenceName = unknown.Groups["field"].Value;
            return IssueIntegrationException.ForField(referenceName, $"'{referenceName}' is not a field of the {Type.Name} type.", ex);
        }

        return null;
    }

    private static string Text(PatchValue value) => value.TryGetString(out var text) ? text : value.ToString();

    private static bool Code(VstsApiException ex, string text, string code) =>
        string.Equals(ex.ErrorCode, code, StringComparison.OrdinalIgnoreCase) || text.Contains(code, StringComparison.OrdinalIgnoreCase);

    private string? Check(string referenceName, PatchValue value)
    {
        if (string.Equals(referenceName, WorkItemFields.AreaPath, StringComparison.OrdinalIgnoreCase))
        {
            return value.TryGetString(out var area) && Metadata.FindAreaPath(area) is not null
                ? null
                : $"Area Path '{Text(value)}' does not exist in project {Project}.";
        }

        if (string.Equals(referenceName, WorkItemFields.IterationPath, StringComparison.OrdinalIgnoreCase))
        {
            return value.TryGetString(out var iteration) && Metadata.FindIterationPath(iteration) is not null
                ? null
                : $"Iteration Path '{Text(value)}' does not exist in project {Project}.";
        }

        if (!_fields.TryGetValue(referenceName, out var field))
        {
            return CoreFields.Contains(referenceName) ? null : $"'{referenceName}' is not a field of the {Type.Name} type.";
        }

        if (value.TryGetJson(out _))
        {
            return null; // raw JSON is the host's own choice: Azure DevOps judges it
        }

        if (value.TryGetRelation(out _))
        {
            return $"{field.Name} takes a value, not a relation.";
        }

        var type = DataType(field);
        if (TypeError(field, type, value) is { } typeError)
        {
            return typeError;
        }

        if (type != WorkItemFieldType.Identity && field.AllowedValues.Count > 0 && !IsAllowed(field, value))
        {
            const int shown = 20;
            var list = string.Join(", ", field.AllowedValues.Take(shown)) + (field.AllowedValues.Count > shown ? ", ..." : string.Empty);
            return $"{field.Name} must be one of: {list}.";
        }

        return null;
    }

    private static string? TypeError(WorkItemTypeField field, WorkItemFieldType type, PatchValue value)
    {
        var text = value.TryGetString(out var s) ? s : null;
        if (type == WorkItemFieldType.Integer || type == WorkItemFieldType.PicklistInteger)
        {
            var ok = value.TryGetInt64(out _)
                || (value.TryGetDouble(out var d) && d == Math.Floor(d))
                || (text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
            return ok ? null : $"{field.Name} must be a whole number.";
        }

        if (type == WorkItemFieldType.Double || type == WorkItemFieldType.PicklistDouble)
        {
            var ok = value.TryGetDouble(out _) || (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            return ok ? null : $"{field.Name} must be a number.";
        }

        if (type == WorkItemFieldType.DateTime)
        {
            return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
                ? null
                : $"{field.Name} must be a date and time (ISO 8601, e.g. 2026-12-02T14:00:00Z).";
        }

        if (type == WorkItemFieldType.Boolean)
        {
            return value.TryGetBoolean(out _) || (text is not null && bool.TryParse(text, out _)) ? null : $"{field.Name} must be true or false.";
        }

        if (type == WorkItemFieldType.Identity)
        {
            return !string.IsNullOrWhiteSpace(text) ? null : $"{field.Name} must be a person's email address or display name.";
        }

        return null;
    }

    private static bool IsAllowed(WorkItemTypeField field, PatchValue value)
    {
        if (value.TryGetString(out var text))
        {
            return field.AllowedValues.Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        }

        if (value.TryGetDouble(out var number))
        {
            return field.AllowedValues.Any(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var allowed) && allowed == number);
        }

        if (value.TryGetBoolean(out var flag))
        {
            return field.AllowedValues.Any(a => bool.TryParse(a, out var allowed) && allowed == flag);
        }

        return true;
    }

    private WorkItemFieldType DataType(WorkItemTypeField field) =>
        Definitions.TryGetValue(field.ReferenceName, out var definition)
            ? definition.IsIdentity ? WorkItemFieldType.Identity : definition.Type
            : WorkItemFieldType.String;

    private bool IsPersonFilled(WorkItemTypeField field) =>
        field.ReferenceName.StartsWith("System.", StringComparison.OrdinalIgnoreCase)
            ? PersonSystemFields.Contains(field.ReferenceName)
            : !RuleManagedFields.Contains(field.ReferenceName)
                && !(Definitions.TryGetValue(field.ReferenceName, out var definition) && definition.ReadOnly);

    private bool IsFormField(WorkItemTypeField field) =>
        IsPersonFilled(field) && !string.Equals(field.ReferenceName, WorkItemFields.History, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"Error for field (?<field>[^.]+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex RuleErrorField();

    [GeneratedRegex(@"Error code: (?<codes>[^.]+)\.?", RegexOptions.CultureInvariant)]
    private static partial Regex RuleErrorCodes();

    [GeneratedRegex(@"field '(?<field>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedField();

    [GeneratedRegex(@"Cannot find field (?<field>[^\s.]+(\.[^\s.]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownField();
}
