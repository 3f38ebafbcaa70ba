using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace IssueSync.Sdk.Patch;

/// <summary>
/// The <c>value</c> of one JSON-Patch operation: a string, number, boolean, null, relation or any
/// JSON value. Immutable; numbers and booleans are stored without boxing.
/// </summary>
public readonly struct PatchValue : IEquatable<PatchValue>
{
    private readonly object? _reference; // string, PatchRelation or JsonElement (boxed once)
    private readonly long _bits;         // integer, double bits or boolean

    private PatchValue(PatchValueKind kind, object? reference, long bits)
    {
        Kind = kind;
        _reference = reference;
        _bits = bits;
    }

    /// <summary>JSON <c>null</c>. In an update's custom fields it means "remove the field".</summary>
    public static PatchValue Null { get; } = new(PatchValueKind.Null, null, 0);

    /// <summary>What this value holds; <see cref="PatchValueKind.None"/> for <see langword="default"/>.</summary>
    internal PatchValueKind Kind { get; }

    /// <summary>
    /// <see langword="true"/> for no value, a null or an empty string (white space is a value, as in
    /// the reference integration, which skips only falsy values).
    /// </summary>
    public bool IsNullOrEmpty => Kind switch
    {
        PatchValueKind.None or PatchValueKind.Null => true,
        PatchValueKind.String => ((string?)_reference)!.Length == 0,
        _ => false,
    };

    /// <summary>A string value; <see langword="null"/> gives <see cref="Null"/>.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromString(string? value) => value is null ? Null : new(PatchValueKind.String, value, 0);

    /// <summary>A whole-number value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromInt64(long value) => new(PatchValueKind.Integer, null, value);

    /// <summary>A floating-point value.</summary>
    /// <param name="value">A finite number.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON numbers must be finite.");
        }

        return new(PatchValueKind.Number, null, BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>A boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromBoolean(bool value) => new(PatchValueKind.Boolean, null, value ? 1 : 0);

    /// <summary>A date, written in ISO 8601 (round-trip) form as Azure DevOps expects.</summary>
    /// <param name="value">The date and time.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromDateTimeOffset(DateTimeOffset value) =>
        new(PatchValueKind.String, value.ToString("O", CultureInfo.InvariantCulture), 0);

    /// <summary>Any JSON value, written as given (cloned, so the source document may be disposed).</summary>
    /// <param name="value">The JSON value.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromJson(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined
            ? throw new ArgumentException("An undefined JsonElement has no value to write.", nameof(value))
            : new(PatchValueKind.Json, value.Clone(), 0);

    /// <summary>A relation object for <c>/relations/-</c>.</summary>
    /// <param name="value">The relation.</param>
    /// <returns>The value.</returns>
    public static PatchValue FromRelation(PatchRelation value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(PatchValueKind.Relation, value, 0);
    }

    /// <summary>A string value; <see langword="null"/> gives <see cref="Null"/>.</summary>
    /// <param name="value">The string.</param>
    public static implicit operator PatchValue(string? value) => FromString(value);

    /// <summary>A whole-number value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator PatchValue(long value) => FromInt64(value);

    /// <summary>A whole-number value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator PatchValue(int value) => FromInt64(value);

    /// <summary>A floating-point value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator PatchValue(double value) => FromDouble(value);

    /// <summary>A boolean value.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator PatchValue(bool value) => FromBoolean(value);

    /// <summary>A relation value.</summary>
    /// <param name="value">The relation.</param>
    public static implicit operator PatchValue(PatchRelation value) => FromRelation(value);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(PatchValue left, PatchValue right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(PatchValue left, PatchValue right) => !left.Equals(right);

    /// <summary>Gets the string, when this is a string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether the value is a string.</returns>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = Kind == PatchValueKind.String ? (string?)_reference : null;
        return value is not null;
    }

    /// <summary>Gets the number, when this is a whole-number value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>Whether the value is a whole number.</returns>
    public bool TryGetInt64(out long value)
    {
        value = Kind == PatchValueKind.Integer ? _bits : 0;
        return Kind == PatchValueKind.Integer;
    }

    /// <summary>Gets the number, when this is a whole or floating-point number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>Whether the value is a number.</returns>
    public bool TryGetDouble(out double value)
    {
        value = Kind switch
        {
            PatchValueKind.Number => BitConverter.Int64BitsToDouble(_bits),
            PatchValueKind.Integer => _bits,
            _ => 0,
        };
        return Kind is PatchValueKind.Number or PatchValueKind.Integer;
    }

    /// <summary>Gets the boolean, when this is a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>Whether the value is a boolean.</returns>
    public bool TryGetBoolean(out bool value)
    {
        value = Kind == PatchValueKind.Boolean && _bits != 0;
        return Kind == PatchValueKind.Boolean;
    }

    /// <summary>Gets the JSON value, when this was built from a <see cref="JsonElement"/>.</summary>
    /// <param name="value">The JSON value.</param>
    /// <returns>Whether the value is raw JSON.</returns>
    public bool TryGetJson(out JsonElement value)
    {
        value = Kind == PatchValueKind.Json ? (JsonElement)_reference! : default;
        return Kind == PatchValueKind.Json;
    }

    /// <summary>Gets the relation, when this is a relation value.</summary>
    /// <param name="value">The relation.</param>
    /// <returns>Whether the value is a relation.</returns>
    public bool TryGetRelation([NotNullWhen(true)] out PatchRelation? value)
    {
        value = Kind == PatchValueKind.Relation ? (PatchRelation?)_reference : null;
        return value is not null;
    }

    /// <summary>Writes the value as JSON.</summary>
    /// <param name="writer">The writer, positioned where a value is expected.</param>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case PatchValueKind.String:
                writer.WriteStringValue((string)_reference!);
                break;
            case PatchValueKind.Integer:
                writer.WriteNumberValue(_bits);
                break;
            case PatchValueKind.Number:
                writer.WriteNumberValue(BitConverter.Int64BitsToDouble(_bits));
                break;
            case PatchValueKind.Boolean:
                writer.WriteBooleanValue(_bits != 0);
                break;
            case PatchValueKind.Json:
                ((JsonElement)_reference!).WriteTo(writer);
                break;
            case PatchValueKind.Relation:
                WriteRelation(writer, (PatchRelation)_reference!);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <inheritdoc />
    public bool Equals(PatchValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            PatchValueKind.String => string.Equals((string?)_reference, (string?)other._reference, StringComparison.Ordinal),
            PatchValueKind.Relation => Equals(_reference, other._reference),
            PatchValueKind.Json => JsonElement.DeepEquals((JsonElement)_reference!, (JsonElement)other._reference!),
            _ => _bits == other._bits,
        };
    }

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is PatchValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        PatchValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode((string)_reference!)),
        PatchValueKind.Relation => HashCode.Combine(Kind, _reference),
        PatchValueKind.Json => HashCode.Combine(Kind, ((JsonElement)_reference!).ValueKind),
        _ => HashCode.Combine(Kind, _bits),
    };

    /// <summary>The value as compact JSON text; <see langword="default"/> (no value at all) prints as empty.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString()
    {
        if (Kind == PatchValueKind.None)
        {
            return string.Empty;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, PatchJson.WriterOptions))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteRelation(Utf8JsonWriter writer, PatchRelation relation)
    {
        writer.WriteStartObject();
        writer.WriteString(PatchJson.Rel, relation.Rel.Value);
        writer.WriteString(PatchJson.Url, relation.Url);
        if (relation.Comment is not null)
        {
            writer.WriteStartObject(PatchJson.Attributes);
            writer.WriteString(PatchJson.Comment, relation.Comment);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
