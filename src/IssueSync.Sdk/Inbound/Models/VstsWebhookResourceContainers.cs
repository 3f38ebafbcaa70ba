using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// Where a service-hook event came from (<c>resourceContainers</c>). The collection id is the
/// organization's id: key installations on it (or on the account id).
/// </summary>
public sealed record VstsWebhookResourceContainers
{
    [JsonConstructor]
    internal VstsWebhookResourceContainers()
    {
    }

    /// <summary>The project collection, i.e. the organization.</summary>
    [JsonInclude]
    public VstsWebhookResourceContainer? Collection { get; internal init; }

    /// <summary>The account (same organization, its own id).</summary>
    [JsonInclude]
    public VstsWebhookResourceContainer? Account { get; internal init; }

    /// <summary>The project; absent for events outside a project.</summary>
    [JsonInclude]
    public VstsWebhookResourceContainer? Project { get; internal init; }

    internal static VstsWebhookResourceContainers Empty { get; } = new();
}
