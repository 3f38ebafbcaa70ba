using System.Text.Json;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// An Azure DevOps identity as work items and webhooks carry it, parsed from any of its forms: an
/// identity object (<c>{displayName, uniqueName, id, descriptor}</c>), the string
/// <c>"Display Name &lt;email&gt;"</c>, a bare email, or a display name alone.
/// </summary>
public sealed record VstsIdentity
{
    /// <summary>The display name, e.g. <c>Jamal Hartnett</c>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The unique name: the email for Entra users, <c>DOMAIN\user</c> on premises.</summary>
    public string? UniqueName { get; init; }

    /// <summary>The email address, when any form carried one.</summary>
    public string? Email { get; init; }

    /// <summary>The identity id (a GUID), when the object form carried it.</summary>
    public string? Id { get; init; }

    /// <summary>The subject descriptor, when the object form carried it.</summary>
    public string? Descriptor { get; init; }

    /// <summary>
    /// Parses the string forms: <c>"Display Name &lt;email&gt;"</c>, a bare email, an on-premises
    /// account <c>DOMAIN\user</c> (the unique name), or a display name.
    /// </summary>
    /// <param name="value">The field value.</param>
    /// <returns>The identity, or <see langword="null"/> for a null or blank value.</returns>
    public static VstsIdentity? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        var open = text.LastIndexOf('<');
        if (open >= 0 && text.EndsWith('>'))
        {
            var email = text[(open + 1)..^1].Trim();
            var name = text[..open].Trim();
            return new VstsIdentity
            {
                DisplayName = name.Length == 0 ? null : name,
                Email = LooksLikeEmail(email) ? email : null,
                UniqueName = email.Length == 0 ? null : email,
            };
        }

        if (LooksLikeEmail(text))
        {
            return new VstsIdentity { Email = text, UniqueName = text };
        }

        // DOMAIN\user is an on-premises account name (the unique name), not something to display.
        return LooksLikeDomainAccount(text)
            ? new VstsIdentity { UniqueName = text }
            : new VstsIdentity { DisplayName = text };
    }

    /// <summary>Parses any JSON form: an identity object, one of the string forms, or null.</summary>
    /// <param name="value">The field value.</param>
    /// <returns>The identity, or <see langword="null"/> for null, undefined or an unusable value.</returns>
    public static VstsIdentity? Parse(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Parse(value.GetString());
            case JsonValueKind.Object:
                var displayName = GetString(value, "displayName");
                var uniqueName = GetString(value, "uniqueName");
                // Webhook identity objects also carry "name": "Display <email>".
                var fromName = Parse(GetString(value, "name"));
                var email = LooksLikeEmail(uniqueName) ? uniqueName : fromName?.Email;
                if (displayName is null && uniqueName is null && email is null && GetString(value, "id") is null)
                {
                    return null;
                }

                return new VstsIdentity
                {
                    DisplayName = displayName ?? fromName?.DisplayName,
                    UniqueName = uniqueName,
                    Email = email,
                    Id = GetString(value, "id"),
                    Descriptor = GetString(value, "descriptor"),
                };
            default:
                return null;
        }
    }

    private static bool LooksLikeEmail(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0 && !value.Contains(' ', StringComparison.Ordinal);
    }

    private static bool LooksLikeDomainAccount(string value)
    {
        var slash = value.IndexOf('\\', StringComparison.Ordinal);
        return slash > 0 && slash < value.Length - 1 && value.IndexOf('\\', slash + 1) < 0 && !value.Contains(' ', StringComparison.Ordinal);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString() is { Length: > 0 } text ? text : null
            : null;
}
