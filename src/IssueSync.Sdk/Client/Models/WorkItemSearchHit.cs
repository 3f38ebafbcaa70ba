using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// One work item found by a search. <see cref="Fields"/> holds the values Azure DevOps returns for
/// the hit, as text, under lower-case reference names (<c>system.id</c>, <c>system.title</c>,
/// <c>system.workitemtype</c>, <c>system.state</c>, <c>system.assignedto</c>); lookups ignore case.
/// </summary>
public sealed record WorkItemSearchHit
{
    internal const string IdField = "system.id";
    internal const string TitleField = "system.title";

    private static readonly IReadOnlyDictionary<string, string> EmptyFields =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    private readonly IReadOnlyDictionary<string, string>? _fields;

    [JsonConstructor]
    internal WorkItemSearchHit()
    {
    }

    /// <summary>The project the work item belongs to (id and name).</summary>
    [JsonInclude]
    public TeamProject? Project { get; internal init; }

    /// <summary>The returned fields by reference name, as text; fields without a value are left out. Case-insensitive.</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, string> Fields
    {
        get => _fields ?? EmptyFields;
        internal init => _fields = IgnoringCase(value);
    }

    /// <summary>The work item number, from <c>system.id</c>; <see langword="null"/> when absent or not a number.</summary>
    [JsonIgnore]
    public int? Id =>
        Fields.TryGetValue(IdField, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The title, from <c>system.title</c>.</summary>
    [JsonIgnore]
    public string? Title => Fields.TryGetValue(TitleField, out var title) ? title : null;

    private static Dictionary<string, string>? IgnoringCase(IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var copy = new Dictionary<string, string>(fields.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
        {
            // JSON null values arrive despite the annotation; an absent value reads better than a null one.
            if (value is not null)
            {
                copy.TryAdd(name, value);
            }
        }

        return copy;
    }
}
