using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The category of a work item state (<c>Proposed</c>, <c>InProgress</c>, <c>Resolved</c>,
/// <c>Completed</c>, <c>Removed</c>): the stable meaning behind process-specific state names.
/// Extensible in case Azure DevOps adds categories. Case-insensitive.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<WorkItemStateCategory>))]
public readonly struct WorkItemStateCategory : IEquatable<WorkItemStateCategory>, IExtensibleString<WorkItemStateCategory>
{
    private readonly string? _value;

    /// <summary>Wraps a state category.</summary>
    /// <param name="value">The state category as Azure DevOps spells it.</param>
    public WorkItemStateCategory(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>Proposed</c>: not started.</summary>
    public static WorkItemStateCategory Proposed { get; } = new("Proposed");

    /// <summary><c>InProgress</c>.</summary>
    public static WorkItemStateCategory InProgress { get; } = new("InProgress");

    /// <summary><c>Resolved</c>: fixed, awaiting verification.</summary>
    public static WorkItemStateCategory Resolved { get; } = new("Resolved");

    /// <summary><c>Completed</c>: done.</summary>
    public static WorkItemStateCategory Completed { get; } = new("Completed");

    /// <summary><c>Removed</c>: cut, not done.</summary>
    public static WorkItemStateCategory Removed { get; } = new("Removed");

    /// <summary>The state category (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two WorkItemStateCategory, ignoring case as Azure DevOps does.</summary>
    public static bool operator ==(WorkItemStateCategory left, WorkItemStateCategory right) => left.Equals(right);

    /// <summary>Compares two WorkItemStateCategory, ignoring case as Azure DevOps does.</summary>
    public static bool operator !=(WorkItemStateCategory left, WorkItemStateCategory right) => !left.Equals(right);

    /// <summary>Wraps a state category.</summary>
    /// <param name="value">The state category.</param>
    public static implicit operator WorkItemStateCategory(string value) => new(value);

    /// <summary>Wraps a state category (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The state category.</param>
    /// <returns>The value.</returns>
    public static WorkItemStateCategory FromString(string value) => new(value);

    static WorkItemStateCategory IExtensibleString<WorkItemStateCategory>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(WorkItemStateCategory other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is WorkItemStateCategory other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
