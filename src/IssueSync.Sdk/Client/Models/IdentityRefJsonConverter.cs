using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// Reads an identity in whichever form Azure DevOps sends it (an IdentityRef object, <c>"Name &lt;email&gt;"</c>,
/// an email) through <see cref="VstsIdentity.Parse(JsonElement)"/>; writes the object form.
/// </summary>
internal sealed class IdentityRefJsonConverter : JsonConverter<VstsIdentity>
{
    public override VstsIdentity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return VstsIdentity.Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, VstsIdentity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        WriteIfSet(writer, "displayName", value.DisplayName);
        WriteIfSet(writer, "uniqueName", value.UniqueName ?? value.Email);
        WriteIfSet(writer, "id", value.Id);
        WriteIfSet(writer, "descriptor", value.Descriptor);
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
