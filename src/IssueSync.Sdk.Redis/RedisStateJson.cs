using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Redis;

/// <summary>A field watermark as stored (its version is kept beside it, in the hash field <c>v:{field}</c>).</summary>
internal sealed record StoredWatermark(
    [property: JsonPropertyName("f")] string Field,
    [property: JsonPropertyName("r")] int Revision,
    [property: JsonPropertyName("v")] string? Value,
    [property: JsonPropertyName("er")] int EarliestRevision,
    [property: JsonPropertyName("pv")] string? PriorValue,
    [property: JsonPropertyName("pa")] string? PendingAction);

/// <summary>A ledger entry as stored.</summary>
internal sealed record StoredOwnWrite(
    [property: JsonPropertyName("id")] string WriteId,
    [property: JsonPropertyName("o")] string OrganizationId,
    [property: JsonPropertyName("w")] int WorkItemId,
    [property: JsonPropertyName("f")] Dictionary<string, string?> Fields,
    [property: JsonPropertyName("er")] int? ExpectedRevision,
    [property: JsonPropertyName("r")] int? Revision,
    [property: JsonPropertyName("t")] DateTimeOffset RecordedAt);

/// <summary>An outbound attempt as stored.</summary>
internal sealed record StoredAttempt(
    [property: JsonPropertyName("o")] string OrganizationId,
    [property: JsonPropertyName("k")] string Key,
    [property: JsonPropertyName("first")] DateTimeOffset FirstAttemptAt,
    [property: JsonPropertyName("last")] DateTimeOffset LastAttemptAt,
    [property: JsonPropertyName("id")] int? ResultId);

/// <summary>An installation's reconciliation watermark as stored (its version is kept beside it, in the hash field <c>v</c>).</summary>
internal sealed record StoredReconciliationWatermark(
    [property: JsonPropertyName("t")] string ContinuationToken,
    [property: JsonPropertyName("c")] DateTimeOffset? ChangedDate,
    [property: JsonPropertyName("s")] DateTimeOffset SavedAt);

/// <summary>The stored records' JSON, source-generated (no reflection; trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredWatermark))]
[JsonSerializable(typeof(StoredOwnWrite))]
[JsonSerializable(typeof(StoredAttempt))]
[JsonSerializable(typeof(StoredReconciliationWatermark))]
internal sealed partial class RedisStateJsonContext : JsonSerializerContext;
