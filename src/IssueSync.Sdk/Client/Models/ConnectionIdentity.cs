using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The authenticated identity in <see cref="ConnectionData"/>.</summary>
public sealed record ConnectionIdentity
{
    [JsonConstructor]
    internal ConnectionIdentity()
    {
    }

    /// <summary>The identity id (a GUID): what webhooks carry as <c>revisedBy.id</c>.</summary>
    [JsonInclude]
    public string Id { get; internal init; } = string.Empty;

    /// <summary>The identity descriptor.</summary>
    [JsonInclude]
    public string? Descriptor { get; internal init; }

    /// <summary>The subject descriptor.</summary>
    [JsonInclude]
    public string? SubjectDescriptor { get; internal init; }

    /// <summary>The display name.</summary>
    [JsonInclude]
    public string? ProviderDisplayName { get; internal init; }

    /// <summary>Whether the identity is active.</summary>
    [JsonInclude]
    public bool IsActive { get; internal init; }
}
