using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>One of the containers an event came from: the collection, account or project.</summary>
public sealed record VstsWebhookResourceContainer
{
    [JsonConstructor]
    internal VstsWebhookResourceContainer()
    {
    }

    /// <summary>The container id (a GUID): for the collection or account, what identifies the organization.</summary>
    [JsonInclude]
    public string? Id { get; internal init; }

    /// <summary>
    /// The container's URL as Azure DevOps sent it: the organization's primary URL, which can be the
    /// legacy <c>https://{org}.visualstudio.com/</c> form. Not every payload carries it; identify the
    /// organization by <see cref="Id"/>, not by parsing this.
    /// </summary>
    [JsonInclude]
    public string? BaseUrl { get; internal init; }
}
