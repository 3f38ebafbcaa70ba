using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A user of the organization, as the Graph API (<c>_apis/graph/users</c>) returns it. Service
/// identities (Build Service, TeamFoundationService) have an empty <see cref="MailAddress"/>.
/// </summary>
public sealed record GraphUser
{
    private string? _descriptor;

    [JsonConstructor]
    internal GraphUser()
    {
    }

    /// <summary>The subject descriptor, e.g. <c>aad.ZmE2...</c>: the user's stable Graph key.</summary>
    [JsonInclude]
    public string Descriptor
    {
        get => _descriptor ?? string.Empty; // the wire may omit it or send null
        internal init => _descriptor = value;
    }

    /// <summary>The display name.</summary>
    [JsonInclude]
    public string? DisplayName { get; internal init; }

    /// <summary>The email address; empty or <see langword="null"/> for service identities.</summary>
    [JsonInclude]
    public string? MailAddress { get; internal init; }

    /// <summary>The sign-in name: the email for Entra users, <c>DOMAIN\user</c> on premises.</summary>
    [JsonInclude]
    public string? PrincipalName { get; internal init; }

    /// <summary>Where the identity comes from, e.g. <c>aad</c>, <c>msa</c>, <c>vsts</c>, <c>ad</c>.</summary>
    [JsonInclude]
    public string? Origin { get; internal init; }

    /// <summary>The identity's id in its origin, e.g. the Entra object id.</summary>
    [JsonInclude]
    public string? OriginId { get; internal init; }

    /// <summary>The kind of subject, normally <c>user</c>.</summary>
    [JsonInclude]
    public string? SubjectKind { get; internal init; }

    /// <summary>The domain, e.g. an Entra tenant id or <c>Build</c> for service identities.</summary>
    [JsonInclude]
    public string? Domain { get; internal init; }

    /// <summary>The REST URL of the user.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }
}
