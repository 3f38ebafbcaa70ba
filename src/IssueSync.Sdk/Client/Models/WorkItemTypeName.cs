using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item type name, e.g. <c>Bug</c> or <c>User Story</c>. Processes define their own types,
/// so any string is accepted. Case-insensitive.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<WorkItemTypeName>))]
public readonly struct WorkItemTypeName : IEquatable<WorkItemTypeName>, IExtensibleString<WorkItemTypeName>
{
    private readonly string? _value;

    /// <summary>Wraps a type name.</summary>
    /// <param name="value">The type name as Azure DevOps spells it.</param>
    public WorkItemTypeName(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>Bug</c>.</summary>
    public static WorkItemTypeName Bug { get; } = new("Bug");

    /// <summary><c>Task</c>.</summary>
    public static WorkItemTypeName Task { get; } = new("Task");

    /// <summary><c>Issue</c> (Basic process).</summary>
    public static WorkItemTypeName Issue { get; } = new("Issue");

    /// <summary><c>User Story</c> (Agile process).</summary>
    public static WorkItemTypeName UserStory { get; } = new("User Story");

    /// <summary><c>Product Backlog Item</c> (Scrum process).</summary>
    public static WorkItemTypeName ProductBacklogItem { get; } = new("Product Backlog Item");

    /// <summary><c>Feature</c>.</summary>
    public static WorkItemTypeName Feature { get; } = new("Feature");

    /// <summary><c>Epic</c>.</summary>
    public static WorkItemTypeName Epic { get; } = new("Epic");

    /// <summary>The type name (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two WorkItemTypeName, ignoring case as Azure DevOps does.</summary>
    public static bool operator ==(WorkItemTypeName left, WorkItemTypeName right) => left.Equals(right);

    /// <summary>Compares two WorkItemTypeName, ignoring case as Azure DevOps does.</summary>
    public static bool operator !=(WorkItemTypeName left, WorkItemTypeName right) => !left.Equals(right);

    /// <summary>Wraps a type name.</summary>
    /// <param name="value">The type name.</param>
    public static implicit operator WorkItemTypeName(string value) => new(value);

    /// <summary>Wraps a type name (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The type name.</param>
    /// <returns>The value.</returns>
    public static WorkItemTypeName FromString(string value) => new(value);

    static WorkItemTypeName IExtensibleString<WorkItemTypeName>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(WorkItemTypeName other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is WorkItemTypeName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
