using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client;

/// <summary>Body of <c>POST _apis/search/workitemsearchresults</c>, in the order Azure DevOps documents it.</summary>
internal sealed class WorkItemSearchBody
{
    public required string SearchText { get; init; }

    [JsonPropertyName("$skip")]
    public int Skip { get; init; }

    [JsonPropertyName("$top")]
    public int Top { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Filters { get; init; }

    // Facets cost the service time and the SDK never reads them.
    public bool IncludeFacets { get; init; }
}
