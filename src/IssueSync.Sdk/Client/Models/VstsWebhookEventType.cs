using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The event a service-hook delivery reports (<c>eventType</c>), e.g. <c>workitem.updated</c>.
/// Extensible: any event Azure DevOps publishes (<c>git.push</c>, <c>build.complete</c>, …) is kept
/// as it is. Case-insensitive. <see langword="default"/> (empty) means the payload carried none.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<VstsWebhookEventType>))]
public readonly struct VstsWebhookEventType : IEquatable<VstsWebhookEventType>, IExtensibleString<VstsWebhookEventType>
{
    private readonly string? _value;

    /// <summary>Wraps an event type.</summary>
    /// <param name="value">The event type as Azure DevOps spells it.</param>
    public VstsWebhookEventType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>workitem.updated</c>: the resource is the update (<c>Inbound.Models.WorkItemUpdate</c>).</summary>
    public static VstsWebhookEventType WorkItemUpdated { get; } = new("workitem.updated");

    /// <summary><c>workitem.created</c>: the resource is the new work item.</summary>
    public static VstsWebhookEventType WorkItemCreated { get; } = new("workitem.created");

    /// <summary><c>workitem.deleted</c>: the resource is the work item as it was, now in the recycle bin.</summary>
    public static VstsWebhookEventType WorkItemDeleted { get; } = new("workitem.deleted");

    /// <summary><c>workitem.restored</c>: the resource is the work item back from the recycle bin.</summary>
    public static VstsWebhookEventType WorkItemRestored { get; } = new("workitem.restored");

    /// <summary><c>workitem.commented</c>: the resource is the work item, with the comment in <c>System.History</c>.</summary>
    public static VstsWebhookEventType WorkItemCommented { get; } = new("workitem.commented");

    /// <summary>The event type (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two VstsWebhookEventType, ignoring case.</summary>
    public static bool operator ==(VstsWebhookEventType left, VstsWebhookEventType right) => left.Equals(right);

    /// <summary>Compares two VstsWebhookEventType, ignoring case.</summary>
    public static bool operator !=(VstsWebhookEventType left, VstsWebhookEventType right) => !left.Equals(right);

    /// <summary>Wraps an event type.</summary>
    /// <param name="value">The event type.</param>
    public static implicit operator VstsWebhookEventType(string value) => new(value);

    /// <summary>Wraps an event type (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The event type.</param>
    /// <returns>The value.</returns>
    public static VstsWebhookEventType FromString(string value) => new(value);

    static VstsWebhookEventType IExtensibleString<VstsWebhookEventType>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(VstsWebhookEventType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is VstsWebhookEventType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
