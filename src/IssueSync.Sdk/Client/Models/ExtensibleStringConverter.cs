using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>Reads and writes an extensible string value as a plain JSON string.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class ExtensibleStringConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleString<T>
{
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A null (Azure DevOps sends some as null) is the empty value, not a failure of the whole response.
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, got {reader.TokenType}.");
        }

        // A blank value is read as absent: the constructors reject it, and an ArgumentException
        // from inside the deserializer would escape the SDK's one exception type.
        var value = reader.GetString();
        return string.IsNullOrWhiteSpace(value) ? default : T.Create(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
