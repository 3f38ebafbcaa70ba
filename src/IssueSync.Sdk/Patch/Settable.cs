using System.Diagnostics.CodeAnalysis;

namespace IssueSync.Sdk.Patch;

/// <summary>
/// A three-state value for updates: unset (no change), set to <see langword="null"/> (clear the
/// field) or set to a value (replace it). <see langword="default"/> is unset.
/// <see cref="WorkItemPatch.ForUpdate"/> resolves each well-known field of a
/// <see cref="WorkItemUpdateFields"/> (its value and whether <see cref="WorkItemUpdateFields.RemoveFields"/>
/// names it) into one of these before writing it.
/// </summary>
/// <typeparam name="T">The value type, usually <c>string?</c>.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Unset and FromValue read naturally as Settable<string?>.Unset.")]
internal readonly struct Settable<T> : IEquatable<Settable<T>>
{
    /// <summary>A set value (which may be <see langword="null"/>).</summary>
    /// <param name="value">The value.</param>
    public Settable(T value)
    {
        Value = value;
        IsSet = true;
    }

    /// <summary>The unset state: the update leaves the field alone.</summary>
    public static Settable<T> Unset => default;

    /// <summary><see langword="true"/> when a value (possibly <see langword="null"/>) was given.</summary>
    public bool IsSet { get; }

    /// <summary>The value; <see langword="default"/> when unset.</summary>
    public T Value { get; }

    /// <summary>Sets a value (which may be <see langword="null"/>).</summary>
    /// <param name="value">The value.</param>
    public static implicit operator Settable<T>(T value) => new(value);

    /// <summary>Compares two optionals.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    public static bool operator ==(Settable<T> left, Settable<T> right) => left.Equals(right);

    /// <summary>Compares two optionals.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    public static bool operator !=(Settable<T> left, Settable<T> right) => !left.Equals(right);

    /// <summary>Sets a value (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The set optional.</returns>
    public static Settable<T> FromValue(T value) => new(value);

    /// <inheritdoc />
    public bool Equals(Settable<T> other) =>
        IsSet == other.IsSet && EqualityComparer<T>.Default.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Settable<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsSet ? HashCode.Combine(true, Value) : 0;

    /// <inheritdoc />
    public override string ToString() => IsSet ? Value?.ToString() ?? "null" : "(unset)";
}
