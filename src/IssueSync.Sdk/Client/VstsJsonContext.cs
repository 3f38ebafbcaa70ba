using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// The one source-generated JSON context of the SDK: camelCase, tolerant of unknown properties,
/// numbers accepted as strings (Azure DevOps is not consistent). No reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(WorkItem))]
[JsonSerializable(typeof(VstsListResponse<WorkItem>))]
[JsonSerializable(typeof(WorkItemsBatchRequest))]
[JsonSerializable(typeof(WiqlRequest))]
[JsonSerializable(typeof(WiqlResult))]
[JsonSerializable(typeof(TeamProject))]
[JsonSerializable(typeof(VstsListResponse<TeamProject>))]
[JsonSerializable(typeof(ConnectionData))]
[JsonSerializable(typeof(VstsListResponse<WorkItemTypeState>))]
[JsonSerializable(typeof(VstsListResponse<WorkItemTypeCategory>))]
[JsonSerializable(typeof(VstsListResponse<GraphUser>))]
[JsonSerializable(typeof(WorkItemSearchBody))]
[JsonSerializable(typeof(WorkItemSearchResults))]
[JsonSerializable(typeof(WorkItemComment))]
[JsonSerializable(typeof(CommentList))]
[JsonSerializable(typeof(CommentTextRequest))]
[JsonSerializable(typeof(ServiceHookSubscription))]
[JsonSerializable(typeof(ServiceHookSubscriptionRequest))]
[JsonSerializable(typeof(ServiceHookSubscriptionQuery))]
[JsonSerializable(typeof(SubscriptionsQueryResult))]
[JsonSerializable(typeof(ReportingRevisionsBatch))]
[JsonSerializable(typeof(VstsListResponse<DeletedWorkItem>))]
[JsonSerializable(typeof(VstsListResponse<WorkItemTypeWire>))]
[JsonSerializable(typeof(VstsListResponse<WorkItemTypeFieldWire>))]
[JsonSerializable(typeof(VstsListResponse<WorkItemFieldWire>))]
[JsonSerializable(typeof(ClassificationNodeWire))]
[JsonSerializable(typeof(WorkProcessWire))]
[JsonSerializable(typeof(ProjectCapabilitiesWire))]
[JsonSerializable(typeof(GitRepository))]
[JsonSerializable(typeof(VstsListResponse<GitRepository>))]
[JsonSerializable(typeof(GitCommitRef))]
[JsonSerializable(typeof(VstsListResponse<GitCommitRef>))]
[JsonSerializable(typeof(GitCommitChanges))]
[JsonSerializable(typeof(GitItem))]
[JsonSerializable(typeof(GitCommitsBatchBody))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class VstsJsonContext : JsonSerializerContext;
