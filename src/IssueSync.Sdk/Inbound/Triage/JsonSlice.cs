using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Triage;

/// <summary>
/// Where one JSON value sits in a webhook body: the offset of its first token and its kind. The
/// triage pass records slices instead of strings so it allocates nothing; the few values the sync
/// needs are read from the body later, once the delivery is verified.
/// </summary>
internal readonly struct JsonSlice
{
    private readonly int _startPlusOne;

    private JsonSlice(int start, int length, JsonTokenType type, bool escaped)
    {
        _startPlusOne = start + 1;
        Length = length;
        Type = type;
        IsEscaped = escaped;
    }

    /// <summary>Whether the value was in the body at all (a JSON <c>null</c> is present).</summary>
    public bool IsPresent => _startPlusOne > 0;

    /// <summary>Present and not JSON <c>null</c>.</summary>
    public bool HasValue => IsPresent && Type != JsonTokenType.Null;

    /// <summary>The token that starts the value.</summary>
    public JsonTokenType Type { get; }

    /// <summary>The offset of the value's first token (for a string: its opening quote).</summary>
    public int Start => _startPlusOne - 1;

    /// <summary>For a string or number: the length of its raw (still escaped) text.</summary>
    public int Length { get; }

    /// <summary>For a string: whether its raw text holds escapes.</summary>
    public bool IsEscaped { get; }

    /// <summary>The slice of the value the reader stands on.</summary>
    public static JsonSlice At(ref Utf8JsonReader reader) =>
        new((int)reader.TokenStartIndex, reader.HasValueSequence ? 0 : reader.ValueSpan.Length, reader.TokenType, reader.ValueIsEscaped);

    /// <summary>Compares a string value with UTF-8 text without allocating (escapes are honoured).</summary>
    public bool TextEquals(ReadOnlySpan<byte> body, ReadOnlySpan<byte> utf8Text)
    {
        if (Type != JsonTokenType.String)
        {
            return false;
        }

        if (!IsEscaped)
        {
            return body.Slice(Start + 1, Length).SequenceEqual(utf8Text);
        }

        try
        {
            var reader = ReaderAt(body);
            return reader.ValueTextEquals(utf8Text);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: valid JSON, but no text, so equal to none.
            return false;
        }
    }

    /// <summary>Reads a string value; <see langword="null"/> for anything else.</summary>
    public string? GetString(ReadOnlySpan<byte> body)
    {
        if (Type != JsonTokenType.String)
        {
            return null;
        }

        if (!IsEscaped)
        {
            return Encoding.UTF8.GetString(body.Slice(Start + 1, Length));
        }

        try
        {
            var reader = ReaderAt(body);
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\uD800"): valid JSON, but no text; the value is not read.
            return null;
        }
    }

    /// <summary>Reads an integer written as a JSON number or as a string of digits.</summary>
    public int? GetInt32(ReadOnlySpan<byte> body)
    {
        switch (Type)
        {
            case JsonTokenType.Number:
                return Utf8Parser.TryParse(body.Slice(Start, Length), out int number, out var used) && used == Length ? number : null;
            case JsonTokenType.String when !IsEscaped:
                var digits = body.Slice(Start + 1, Length).Trim(" "u8);
                return digits.Length > 0 && Utf8Parser.TryParse(digits, out int parsed, out var consumed) && consumed == digits.Length ? parsed : null;
            default:
                return null;
        }
    }

    /// <summary>Reads an identity from any of its forms (object, <c>"Name &lt;email&gt;"</c>, bare email).</summary>
    public VstsIdentity? GetIdentity(ReadOnlySpan<byte> body)
    {
        switch (Type)
        {
            case JsonTokenType.String:
                return VstsIdentity.Parse(GetString(body));
            case JsonTokenType.StartObject:
                var reader = ReaderAt(body);
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    try
                    {
                        return VstsIdentity.Parse(document.RootElement);
                    }
                    catch (InvalidOperationException)
                    {
                        // A member that escapes a lone surrogate: no identity can be read from it.
                        return null;
                    }
                }

            default:
                return null;
        }
    }

    /// <summary>A reader standing on this value (the body after it is never read).</summary>
    private Utf8JsonReader ReaderAt(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body[Start..], new JsonReaderOptions { AllowMultipleValues = true });
        reader.Read();
        return reader;
    }
}
