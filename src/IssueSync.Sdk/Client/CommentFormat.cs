using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client;

/// <summary>The text format of a work item comment (the <c>format</c> query value of the Comments API).</summary>
public enum CommentFormat
{
    /// <summary><c>html</c>: the text is HTML (the default, and what the web UI writes).</summary>
    Html = 0,

    /// <summary><c>markdown</c>: the text is Markdown.</summary>
    Markdown,
}

/// <summary>The wire spelling of <see cref="CommentFormat"/>.</summary>
internal static class CommentFormats
{
    /// <summary>The lower-case value Azure DevOps takes in the <c>format</c> query parameter.</summary>
    public static string ToWire(CommentFormat format) => format switch
    {
        CommentFormat.Html => "html",
        CommentFormat.Markdown => "markdown",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown comment format."),
    };

    /// <summary>Reads a format in any casing; <see langword="null"/> for a value this SDK does not know.</summary>
    public static CommentFormat? FromWire(string? value) =>
        string.Equals(value, "html", StringComparison.OrdinalIgnoreCase) ? CommentFormat.Html
        : string.Equals(value, "markdown", StringComparison.OrdinalIgnoreCase) ? CommentFormat.Markdown
        : null;
}

/// <summary>
/// Reads a comment's <c>format</c> leniently: <c>html</c> or <c>markdown</c> in any casing; any other
/// value (a future format, a number) becomes <see langword="null"/> instead of failing the whole read.
/// </summary>
internal sealed class CommentFormatJsonConverter : JsonConverter<CommentFormat?>
{
    public override CommentFormat? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return CommentFormats.FromWire(reader.GetString());
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, CommentFormat? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } format)
        {
            writer.WriteStringValue(CommentFormats.ToWire(format));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
