using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item state name, e.g. <c>Active</c> or <c>Resolved</c>. Processes define their own
/// states, so any string is accepted; compare through the state's category
/// (<see cref="WorkItemStateCategory"/>) to decide whether it is done. Case-insensitive.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<WorkItemState>))]
public readonly struct WorkItemState : IEquatable<WorkItemState>, IExtensibleString<WorkItemState>
{
    private readonly string? _value;

    /// <summary>Wraps a state name.</summary>
    /// <param name="value">The state name as Azure DevOps spells it.</param>
    public WorkItemState(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>New</c> (Agile, Scrum, CMMI).</summary>
    public static WorkItemState New { get; } = new("New");

    /// <summary><c>Active</c> (Agile, CMMI).</summary>
    public static WorkItemState Active { get; } = new("Active");

    /// <summary><c>Resolved</c> (Agile, CMMI).</summary>
    public static WorkItemState Resolved { get; } = new("Resolved");

    /// <summary><c>Closed</c> (Agile, CMMI).</summary>
    public static WorkItemState Closed { get; } = new("Closed");

    /// <summary><c>To Do</c> (Basic, Scrum).</summary>
    public static WorkItemState ToDo { get; } = new("To Do");

    /// <summary><c>Doing</c> (Basic).</summary>
    public static WorkItemState Doing { get; } = new("Doing");

    /// <summary><c>Done</c> (Basic, Scrum).</summary>
    public static WorkItemState Done { get; } = new("Done");

    /// <summary><c>Removed</c>.</summary>
    public static WorkItemState Removed { get; } = new("Removed");

    /// <summary>The state name (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two WorkItemState, ignoring case as Azure DevOps does.</summary>
    public static bool operator ==(WorkItemState left, WorkItemState right) => left.Equals(right);

    /// <summary>Compares two WorkItemState, ignoring case as Azure DevOps does.</summary>
    public static bool operator !=(WorkItemState left, WorkItemState right) => !left.Equals(right);

    /// <summary>Wraps a state name.</summary>
    /// <param name="value">The state name.</param>
    public static implicit operator WorkItemState(string value) => new(value);

    /// <summary>Wraps a state name (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The state name.</param>
    /// <returns>The value.</returns>
    public static WorkItemState FromString(string value) => new(value);

    static WorkItemState IExtensibleString<WorkItemState>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(WorkItemState other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is WorkItemState other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
