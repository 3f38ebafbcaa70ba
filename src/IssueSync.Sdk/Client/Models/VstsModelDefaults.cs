using System.Collections.ObjectModel;
using System.Text.Json;

namespace IssueSync.Sdk.Client.Models;

/// <summary>Shared empty values so models never expose null collections.</summary>
internal static class VstsModelDefaults
{
    public static readonly IReadOnlyDictionary<string, JsonElement> EmptyElements =
        new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());
}
