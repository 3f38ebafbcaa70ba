using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>JSON helpers of the emulator: values from .NET objects, dates as Azure DevOps prints them, lenient reads.</summary>
internal static class EmulatorJson
{
    /// <summary>The revised date of a work item's latest revision: Azure DevOps' "not revised yet".</summary>
    public const string NotRevised = "9999-01-01T00:00:00Z";

    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A field value given by a test (string, number, bool, date, JSON) as a JSON node.</summary>
    public static JsonNode? From(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        DateTimeOffset date => JsonValue.Create(Date(date)),
        DateTime date => JsonValue.Create(Date(new DateTimeOffset(date.ToUniversalTime()))),
        _ => throw new ArgumentException($"A field value must be a string, number, bool, date or JSON node (got {value.GetType().Name}).", nameof(value)),
    };

    /// <summary>A scalar node as text (strings as they are, numbers and booleans invariant); <see langword="null"/> otherwise.</summary>
    public static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => null,
        };
    }

    public static string? String(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool ValueEquals(JsonNode? left, JsonNode? right) => JsonNode.DeepEquals(left, right);

    public static JsonElement ToElement(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }
}
