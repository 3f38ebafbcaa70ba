using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// A human-readable summary of a service-hook event (<c>message</c> or <c>detailedMessage</c>), in
/// three renderings. Subscriptions created with <c>messagesToSend: none</c> carry none.
/// </summary>
public sealed record VstsWebhookMessage
{
    [JsonConstructor]
    internal VstsWebhookMessage()
    {
    }

    /// <summary>The plain-text rendering.</summary>
    [JsonInclude]
    public string? Text { get; internal init; }

    /// <summary>The HTML rendering.</summary>
    [JsonInclude]
    public string? Html { get; internal init; }

    /// <summary>The Markdown rendering.</summary>
    [JsonInclude]
    public string? Markdown { get; internal init; }
}
