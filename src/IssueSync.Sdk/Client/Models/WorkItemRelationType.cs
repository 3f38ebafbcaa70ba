using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item relation type (<c>rel</c>), e.g. <c>Hyperlink</c> or <c>System.LinkTypes.Related</c>.
/// An extensible value: organizations can define their own link types, so any string is accepted.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<WorkItemRelationType>))]
public readonly struct WorkItemRelationType : IEquatable<WorkItemRelationType>, IExtensibleString<WorkItemRelationType>
{
    private readonly string? _value;

    /// <summary>Wraps a relation type reference name.</summary>
    /// <param name="value">The reference name as Azure DevOps spells it.</param>
    public WorkItemRelationType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A link to any URL (used for the back-link to the host's issue).</summary>
    public static WorkItemRelationType Hyperlink { get; } = new("Hyperlink");

    /// <summary>A link to a <c>vstfs:///</c> artifact (commit, build, pull request).</summary>
    public static WorkItemRelationType ArtifactLink { get; } = new("ArtifactLink");

    /// <summary>An attachment.</summary>
    public static WorkItemRelationType AttachedFile { get; } = new("AttachedFile");

    /// <summary><c>System.LinkTypes.Related</c>.</summary>
    public static WorkItemRelationType Related { get; } = new("System.LinkTypes.Related");

    /// <summary><c>System.LinkTypes.Hierarchy-Reverse</c>: the target is this item's parent.</summary>
    public static WorkItemRelationType Parent { get; } = new("System.LinkTypes.Hierarchy-Reverse");

    /// <summary><c>System.LinkTypes.Hierarchy-Forward</c>: the target is a child of this item.</summary>
    public static WorkItemRelationType Child { get; } = new("System.LinkTypes.Hierarchy-Forward");

    /// <summary>The reference name (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two relation types, ignoring case as Azure DevOps does.</summary>
    public static bool operator ==(WorkItemRelationType left, WorkItemRelationType right) => left.Equals(right);

    /// <summary>Compares two relation types, ignoring case as Azure DevOps does.</summary>
    public static bool operator !=(WorkItemRelationType left, WorkItemRelationType right) => !left.Equals(right);

    /// <summary>Wraps a reference name.</summary>
    /// <param name="value">The reference name.</param>
    public static implicit operator WorkItemRelationType(string value) => new(value);

    /// <summary>Wraps a reference name (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The reference name.</param>
    /// <returns>The relation type.</returns>
    public static WorkItemRelationType FromString(string value) => new(value);

    static WorkItemRelationType IExtensibleString<WorkItemRelationType>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(WorkItemRelationType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is WorkItemRelationType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
