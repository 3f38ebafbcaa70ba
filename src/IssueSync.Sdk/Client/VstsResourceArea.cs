using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// An Azure DevOps resource area, named by its id, for <see cref="IVstsAccountClient.GetAreaUrlAsync"/>.
/// An extensible value: the well-known areas the SDK uses are properties, and any other area id
/// (a GUID from Azure DevOps' Resource Areas list) can be wrapped.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<VstsResourceArea>))]
public readonly struct VstsResourceArea : IEquatable<VstsResourceArea>, IExtensibleString<VstsResourceArea>
{
    private readonly string? _value;

    /// <summary>Wraps a resource area id.</summary>
    /// <param name="value">The area id, e.g. <c>4e40f190-2e3f-4d9f-8331-c7788e833080</c> for Graph.</param>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    public VstsResourceArea(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Core (projects, teams): its location is the organization base URL.</summary>
    public static VstsResourceArea Core { get; } = new(VstsResourceAreaIds.Core);

    /// <summary>Work item tracking.</summary>
    public static VstsResourceArea WorkItemTracking { get; } = new(VstsResourceAreaIds.WorkItemTracking);

    /// <summary>Graph (users), on the <c>vssps</c> host in Azure DevOps Services: use its URL for <see cref="VstsConnection.GraphUrl"/>.</summary>
    public static VstsResourceArea Graph { get; } = new(VstsResourceAreaIds.Graph);

    /// <summary>Search, on the <c>almsearch</c> host in Azure DevOps Services: use its URL for <see cref="VstsConnection.SearchUrl"/>.</summary>
    public static VstsResourceArea Search { get; } = new(VstsResourceAreaIds.Search);

    /// <summary>The area id as Azure DevOps spells it (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two areas by id, ignoring case.</summary>
    /// <param name="left">The first area.</param>
    /// <param name="right">The second area.</param>
    public static bool operator ==(VstsResourceArea left, VstsResourceArea right) => left.Equals(right);

    /// <summary>Compares two areas by id, ignoring case.</summary>
    /// <param name="left">The first area.</param>
    /// <param name="right">The second area.</param>
    public static bool operator !=(VstsResourceArea left, VstsResourceArea right) => !left.Equals(right);

    /// <summary>Wraps a resource area id.</summary>
    /// <param name="value">The area id.</param>
    public static implicit operator VstsResourceArea(string value) => new(value);

    /// <summary>Wraps a resource area id (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The area id.</param>
    /// <returns>The area.</returns>
    public static VstsResourceArea FromString(string value) => new(value);

    static VstsResourceArea IExtensibleString<VstsResourceArea>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(VstsResourceArea other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is VstsResourceArea other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
