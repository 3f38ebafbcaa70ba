using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The authenticated identity in <see cref="ConnectionData"/>.</summary>
public sealed record ConnectionIdentity
{
    // Missing or null in the JSON reads as empty. The source-generated reader sets init-only
    // properties in an object initializer, so one absent from the JSON gets null and overrides
    // a property initializer; the getter is what keeps the non-nullable promise.
    private string? _id;

    [JsonConstructor]
    internal ConnectionIdentity()
    {
    }

    /// <summary>The identity id (a GUID): what webhooks carry as <c>revisedBy.id</c>.</summary>
    [JsonInclude]
    public string Id
    {
        get => _id ?? string.Empty;
        internal init => _id = value;
    }

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
