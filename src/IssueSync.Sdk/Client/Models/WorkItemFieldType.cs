using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The data type of a work item field (<c>type</c> of <c>_apis/wit/fields</c>), e.g. <c>integer</c> or
/// <c>treePath</c>. Azure DevOps may add types, so any string is accepted. Case-insensitive.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<WorkItemFieldType>))]
public readonly struct WorkItemFieldType : IEquatable<WorkItemFieldType>, IExtensibleString<WorkItemFieldType>
{
    private readonly string? _value;

    /// <summary>Wraps a data type name.</summary>
    /// <param name="value">The type as Azure DevOps spells it.</param>
    public WorkItemFieldType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

#pragma warning disable CA1720 // the names are Azure DevOps' own data type names
    /// <summary><c>string</c>: one line of text (255 characters).</summary>
    public static WorkItemFieldType String { get; } = new("string");

    /// <summary><c>plainText</c>: long text.</summary>
    public static WorkItemFieldType PlainText { get; } = new("plainText");

    /// <summary><c>html</c>: rich text.</summary>
    public static WorkItemFieldType Html { get; } = new("html");

    /// <summary><c>integer</c>.</summary>
    public static WorkItemFieldType Integer { get; } = new("integer");

    /// <summary><c>double</c>: a decimal number.</summary>
    public static WorkItemFieldType Double { get; } = new("double");

    /// <summary><c>dateTime</c>.</summary>
    public static WorkItemFieldType DateTime { get; } = new("dateTime");

    /// <summary><c>boolean</c>.</summary>
    public static WorkItemFieldType Boolean { get; } = new("boolean");

    /// <summary><c>identity</c>: a person, written as an email, unique name or display name.</summary>
    public static WorkItemFieldType Identity { get; } = new("identity");

    /// <summary><c>treePath</c>: an area or iteration path.</summary>
    public static WorkItemFieldType TreePath { get; } = new("treePath");

    /// <summary><c>guid</c>.</summary>
    public static WorkItemFieldType Guid { get; } = new("guid");

    /// <summary><c>history</c>: the discussion (<c>System.History</c>).</summary>
    public static WorkItemFieldType History { get; } = new("history");

    /// <summary><c>picklistString</c>: a text picklist.</summary>
    public static WorkItemFieldType PicklistString { get; } = new("picklistString");

    /// <summary><c>picklistInteger</c>: a whole-number picklist.</summary>
    public static WorkItemFieldType PicklistInteger { get; } = new("picklistInteger");

    /// <summary><c>picklistDouble</c>: a decimal picklist.</summary>
    public static WorkItemFieldType PicklistDouble { get; } = new("picklistDouble");

#pragma warning restore CA1720

    /// <summary>The type name (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two WorkItemFieldType, ignoring case.</summary>
    public static bool operator ==(WorkItemFieldType left, WorkItemFieldType right) => left.Equals(right);

    /// <summary>Compares two WorkItemFieldType, ignoring case.</summary>
    public static bool operator !=(WorkItemFieldType left, WorkItemFieldType right) => !left.Equals(right);

    /// <summary>Wraps a data type name.</summary>
    /// <param name="value">The type name.</param>
    public static implicit operator WorkItemFieldType(string value) => new(value);

    /// <summary>Wraps a data type name (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The type name.</param>
    /// <returns>The value.</returns>
    public static WorkItemFieldType FromString(string value) => new(value);

    static WorkItemFieldType IExtensibleString<WorkItemFieldType>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(WorkItemFieldType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is WorkItemFieldType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
