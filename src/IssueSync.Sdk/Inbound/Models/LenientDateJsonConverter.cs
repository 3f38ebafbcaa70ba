using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// Reads a webhook date leniently. Azure DevOps' own samples send dates without an offset
/// (<c>"revisedDate": "0001-01-01T00:00:00"</c>): those are read as UTC, where the default reader
/// would take them as local time and fail east of Greenwich, where that minimum date has no UTC
/// instant. A date that cannot be read is <see langword="null"/>, not a failure of the whole payload.
/// </summary>
internal sealed class LenientDateJsonConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } date)
        {
            writer.WriteStringValue(date);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
