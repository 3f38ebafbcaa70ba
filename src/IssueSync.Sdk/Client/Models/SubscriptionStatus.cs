using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The state of a service-hook subscription, e.g. <c>enabled</c> or <c>disabledBySystem</c>.
/// Extensible: a value Azure DevOps adds later is kept as it is. Case-insensitive.
/// <see langword="default"/> (empty) means the answer carried no status.
/// </summary>
[JsonConverter(typeof(ExtensibleStringConverter<SubscriptionStatus>))]
public readonly struct SubscriptionStatus : IEquatable<SubscriptionStatus>, IExtensibleString<SubscriptionStatus>
{
    private readonly string? _value;

    /// <summary>Wraps a status.</summary>
    /// <param name="value">The status as Azure DevOps spells it.</param>
    public SubscriptionStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>enabled</c>: events are delivered.</summary>
    public static SubscriptionStatus Enabled { get; } = new("enabled");

    /// <summary>
    /// <c>onProbation</c> ("Enabled (restricted)"): deliveries kept failing; Azure DevOps retries on a
    /// slow schedule and new events are lost until one succeeds.
    /// </summary>
    public static SubscriptionStatus OnProbation { get; } = new("onProbation");

    /// <summary><c>disabledByUser</c>: someone turned it off.</summary>
    public static SubscriptionStatus DisabledByUser { get; } = new("disabledByUser");

    /// <summary>
    /// <c>disabledBySystem</c>: turned off after failures outlasted probation (or a 410 answer).
    /// Updating it does not bring it back; delete and create it again.
    /// </summary>
    public static SubscriptionStatus DisabledBySystem { get; } = new("disabledBySystem");

    /// <summary><c>disabledByInactiveIdentity</c>: its owner left or lost permission ("Disabled (user left project)").</summary>
    public static SubscriptionStatus DisabledByInactiveIdentity { get; } = new("disabledByInactiveIdentity");

    /// <summary>The status (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two SubscriptionStatus, ignoring case as Azure DevOps does.</summary>
    public static bool operator ==(SubscriptionStatus left, SubscriptionStatus right) => left.Equals(right);

    /// <summary>Compares two SubscriptionStatus, ignoring case as Azure DevOps does.</summary>
    public static bool operator !=(SubscriptionStatus left, SubscriptionStatus right) => !left.Equals(right);

    /// <summary>Wraps a status.</summary>
    /// <param name="value">The status.</param>
    public static implicit operator SubscriptionStatus(string value) => new(value);

    /// <summary>Wraps a status (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The status.</param>
    /// <returns>The value.</returns>
    public static SubscriptionStatus FromString(string value) => new(value);

    static SubscriptionStatus IExtensibleString<SubscriptionStatus>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(SubscriptionStatus other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is SubscriptionStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
