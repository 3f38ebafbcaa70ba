using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Answer of <c>POST _apis/hooks/subscriptionsquery</c>: the query echoed back plus <c>results</c>.</summary>
internal sealed class SubscriptionsQueryResult
{
    public List<ServiceHookSubscription?>? Results { get; set; }

    [JsonIgnore]
    public IReadOnlyList<ServiceHookSubscription> Items => Results is null ? [] : Results.Where(static s => s is not null).Select(static s => s!).ToList();
}
