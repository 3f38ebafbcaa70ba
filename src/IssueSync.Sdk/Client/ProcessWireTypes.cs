using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>One type of <c>GET {project}/_apis/wit/workitemtypes</c>.</summary>
internal sealed class WorkItemTypeWire
{
    public string? Name { get; set; }

    public string? ReferenceName { get; set; }

    public string? Description { get; set; }

    public bool IsDisabled { get; set; }

    public List<WorkItemTypeState?>? States { get; set; }

    public WorkItemTypeInfo? ToModel() =>
        string.IsNullOrWhiteSpace(Name)
            ? null
            : new WorkItemTypeInfo(
                new WorkItemTypeName(Name),
                ReferenceName ?? Name,
                IsDisabled,
                States is null ? [] : [.. States.Where(static s => s is not null).Select(static s => s!)],
                Description);
}

/// <summary>One field of <c>GET {project}/_apis/wit/workitemtypes/{type}/fields?$expand=all</c>.</summary>
internal sealed class WorkItemTypeFieldWire
{
    public string? ReferenceName { get; set; }

    public string? Name { get; set; }

    public bool AlwaysRequired { get; set; }

    public JsonElement? DefaultValue { get; set; }

    public List<JsonElement>? AllowedValues { get; set; }

    public string? HelpText { get; set; }

    public WorkItemTypeField? ToModel()
    {
        if (string.IsNullOrWhiteSpace(ReferenceName))
        {
            return null;
        }

        var allowed = AllowedValues is null
            ? []
            : AllowedValues.Select(Text).Where(static v => v is not null).Select(static v => v!).ToList();
        return new WorkItemTypeField(ReferenceName, string.IsNullOrWhiteSpace(Name) ? ReferenceName : Name, AlwaysRequired, DefaultValue is { } value ? Text(value) : null, allowed, HelpText);
    }

    /// <summary>A value as text: strings as they are, numbers and booleans as JSON writes them, an identity as <c>Name &lt;unique name&gt;</c>.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object => Identity(value),
        _ => null,
    };

    private static string? Identity(JsonElement value)
    {
        var display = value.TryGetProperty("displayName", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var unique = value.TryGetProperty("uniqueName", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        return (display, unique) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{display} <{unique}>",
            ({ Length: > 0 }, _) => display,
            (_, { Length: > 0 }) => unique,
            _ => null,
        };
    }
}

/// <summary>One field of <c>GET _apis/wit/fields</c>.</summary>
internal sealed class WorkItemFieldWire
{
    public string? ReferenceName { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public bool ReadOnly { get; set; }

    public bool IsIdentity { get; set; }

    public bool IsPicklist { get; set; }

    public string? Usage { get; set; }

    public WorkItemFieldDefinition? ToModel() =>
        string.IsNullOrWhiteSpace(ReferenceName)
            ? null
            : new WorkItemFieldDefinition(
                ReferenceName,
                string.IsNullOrWhiteSpace(Name) ? ReferenceName : Name,
                string.IsNullOrWhiteSpace(Type) ? WorkItemFieldType.String : new WorkItemFieldType(Type),
                ReadOnly,
                IsIdentity,
                IsPicklist,
                Usage);
}

/// <summary>A node of <c>GET {project}/_apis/wit/classificationnodes/{group}</c>, with its children.</summary>
internal sealed class ClassificationNodeWire
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Path { get; set; }

    public bool HasChildren { get; set; }

    public List<ClassificationNodeWire?>? Children { get; set; }

    public ClassificationNode ToModel() => new(
        Id,
        Name ?? string.Empty,
        Path ?? string.Empty,
        Children is null ? [] : [.. Children.Where(static c => c is not null).Select(static c => c!.ToModel())],
        HasChildren || Children is { Count: > 0 });
}

/// <summary><c>GET _apis/work/processes/{processTypeId}</c>.</summary>
internal sealed class WorkProcessWire
{
    /// <summary>What a system process answers as its parent.</summary>
    private const string NoParent = "00000000-0000-0000-0000-000000000000";

    public string? TypeId { get; set; }

    public string? Name { get; set; }

    public string? ReferenceName { get; set; }

    public string? Description { get; set; }

    public string? ParentProcessTypeId { get; set; }

    public string? CustomizationType { get; set; }

    public WorkProcess ToModel() => new(
        TypeId ?? string.Empty,
        Name ?? string.Empty,
        CustomizationType ?? string.Empty,
        string.IsNullOrWhiteSpace(ParentProcessTypeId) || ParentProcessTypeId == NoParent ? null : ParentProcessTypeId,
        ReferenceName,
        Description);
}

/// <summary>The part of <c>GET _apis/projects/{id}?includeCapabilities=true</c> that names the process.</summary>
internal sealed class ProjectCapabilitiesWire
{
    public CapabilitiesWire? Capabilities { get; set; }

    public ProjectProcessTemplate? ToModel() =>
        Capabilities?.ProcessTemplate is { TemplateName: { Length: > 0 } name, TemplateTypeId: { Length: > 0 } typeId }
            ? new ProjectProcessTemplate(name, typeId)
            : null;

    internal sealed class CapabilitiesWire
    {
        public ProcessTemplateWire? ProcessTemplate { get; set; }
    }

    internal sealed class ProcessTemplateWire
    {
        public string? TemplateName { get; set; }

        public string? TemplateTypeId { get; set; }
    }
}
