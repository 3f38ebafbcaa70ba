using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// How one field changed in a <c>workitem.updated</c> event (<c>{oldValue, newValue}</c>). An absent
/// value and a JSON <c>null</c> are told apart: a field set for the first time has no
/// <c>oldValue</c>, and a cleared field (an unassigned <c>System.AssignedTo</c>) has no <c>newValue</c>.
/// </summary>
public sealed record WorkItemFieldUpdate
{
    [JsonConstructor]
    internal WorkItemFieldUpdate()
    {
    }

    /// <summary>The value before the update; <see cref="JsonValueKind.Undefined"/> when the payload carried none.</summary>
    [JsonInclude]
    public JsonElement OldValue { get; internal init; }

    /// <summary>The value after the update; <see cref="JsonValueKind.Undefined"/> when the payload carried none (the field was cleared).</summary>
    [JsonInclude]
    public JsonElement NewValue { get; internal init; }

    /// <summary>Whether the payload carried <c>oldValue</c> (a JSON <c>null</c> counts as carried); not for a first value.</summary>
    [JsonIgnore]
    public bool HasOldValue => OldValue.ValueKind != JsonValueKind.Undefined;

    /// <summary>Whether the payload carried <c>newValue</c> (a JSON <c>null</c> counts as carried); not for a cleared field.</summary>
    [JsonIgnore]
    public bool HasNewValue => NewValue.ValueKind != JsonValueKind.Undefined;

    /// <summary>The old value as text: strings as they are, numbers and booleans in invariant form.</summary>
    /// <returns>The text, or <see langword="null"/> when absent, null or not a scalar.</returns>
    public string? GetOldString() => JsonFieldValue.ToText(OldValue);

    /// <summary>The new value as text: strings as they are, numbers and booleans in invariant form.</summary>
    /// <returns>The text, or <see langword="null"/> when absent, null or not a scalar.</returns>
    public string? GetNewString() => JsonFieldValue.ToText(NewValue);

    /// <summary>The old value as an integer, from a number or a string holding one (<c>System.Rev</c> comes as either).</summary>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public long? GetOldInt64() => JsonFieldValue.ToInt64(OldValue);

    /// <summary>The new value as an integer, from a number or a string holding one (<c>System.Rev</c> comes as either).</summary>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public long? GetNewInt64() => JsonFieldValue.ToInt64(NewValue);

    /// <summary>The old value as an identity: an identity object, <c>"Display Name &lt;email&gt;"</c>, an email or a display name.</summary>
    /// <returns>The identity, or <see langword="null"/> when absent, null or unusable.</returns>
    public VstsIdentity? GetOldIdentity() => VstsIdentity.Parse(OldValue);

    /// <summary>The new value as an identity: an identity object, <c>"Display Name &lt;email&gt;"</c>, an email or a display name.</summary>
    /// <returns>The identity, or <see langword="null"/> when absent, null or unusable (an unassignment).</returns>
    public VstsIdentity? GetNewIdentity() => VstsIdentity.Parse(NewValue);
}
