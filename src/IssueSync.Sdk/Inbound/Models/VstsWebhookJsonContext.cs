using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// The source-generated JSON context of the webhook models: camelCase, names matched ignoring case,
/// unknown properties ignored, numbers accepted as strings (Azure DevOps' samples send some ids and
/// revisions as strings). No reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(VstsWebhookEvent))]
[JsonSerializable(typeof(WorkItemUpdate))]
[JsonSerializable(typeof(WorkItem))]
[JsonSerializable(typeof(WorkItemCommentVersionRef))]
internal sealed partial class VstsWebhookJsonContext : JsonSerializerContext;
