using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// Filters of <see cref="ISubscriptionsClient.QueryAsync"/> (<c>POST _apis/hooks/subscriptionsquery</c>):
/// the subscriptions matching every value set. Unset values are left out of the body and match anything.
/// </summary>
public sealed record ServiceHookSubscriptionQuery
{
    /// <summary>The publisher, e.g. <c>tfs</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PublisherId { get; init; }

    /// <summary>The event, e.g. <c>workitem.updated</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventType { get; init; }

    /// <summary>The consumer, e.g. <c>webHooks</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConsumerId { get; init; }

    /// <summary>The consumer action, e.g. <c>httpRequest</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConsumerActionId { get; init; }
}
