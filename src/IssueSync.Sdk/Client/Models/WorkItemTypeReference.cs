using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>A work item type as a type category lists it: its name and REST URL.</summary>
public sealed record WorkItemTypeReference
{
    [JsonConstructor]
    internal WorkItemTypeReference()
    {
    }

    /// <summary>The type name, e.g. <c>Bug</c> or <c>User Story</c>.</summary>
    [JsonInclude]
    public WorkItemTypeName Name { get; internal init; }

    /// <summary>The REST URL of the type, ending with its reference name.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary>
    /// The type's reference name, e.g. <c>Microsoft.VSTS.WorkItemTypes.Bug</c>: the last segment of
    /// <see cref="Url"/>, unescaped. <see langword="null"/> when there is no URL.
    /// </summary>
    [JsonIgnore]
    public string? ReferenceName
    {
        get
        {
            if (string.IsNullOrEmpty(Url))
            {
                return null;
            }

            // The path alone (no host, query or fragment), still escaped.
            var path = Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath.AsSpan() : Url.AsSpan();
            var end = path.IndexOfAny('?', '#');
            path = (end >= 0 ? path[..end] : path).TrimEnd('/');
            var segment = path[(path.LastIndexOf('/') + 1)..];
            return segment.IsEmpty ? null : Uri.UnescapeDataString(segment.ToString());
        }
    }
}
