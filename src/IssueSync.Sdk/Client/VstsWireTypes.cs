using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The <c>{count, value}</c> envelope Azure DevOps wraps lists in.</summary>
internal sealed class VstsListResponse<T>
{
    public int Count { get; set; }

    public List<T?>? Value { get; set; }

    public IReadOnlyList<T> Items => Value is null ? [] : Value.Where(static v => v is not null).Select(static v => v!).ToList();
}

/// <summary>Body of <c>POST _apis/wit/workitemsbatch</c>.</summary>
internal sealed class WorkItemsBatchRequest
{
    public required IReadOnlyList<int> Ids { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Fields { get; init; }

    [JsonPropertyName("$expand")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expand { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? AsOf { get; init; }

    public string ErrorPolicy { get; init; } = "omit";
}

/// <summary>Body of <c>POST _apis/wit/wiql</c>.</summary>
internal sealed class WiqlRequest
{
    public required string Query { get; init; }
}
