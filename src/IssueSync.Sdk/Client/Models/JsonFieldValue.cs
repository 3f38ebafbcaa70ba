using System.Globalization;
using System.Text.Json;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// Reads a work item field value leniently, whatever JSON form Azure DevOps chose for it: shared by
/// <see cref="WorkItem"/> and the webhook field updates.
/// </summary>
internal static class JsonFieldValue
{
    /// <summary>Strings as they are, numbers and booleans in invariant form; <see langword="null"/> for anything else.</summary>
    public static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => bool.TrueString,
        JsonValueKind.False => bool.FalseString,
        _ => null,
    };

    /// <summary>An integer from a number or a string holding one; <see langword="null"/> for anything else.</summary>
    public static long? ToInt64(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
