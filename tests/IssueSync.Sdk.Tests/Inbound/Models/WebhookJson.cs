using System.Text;
using IssueSync.Sdk.Inbound.Models;

namespace IssueSync.Sdk.Tests.Inbound.Models;

/// <summary>Parses payloads written inline in the tests, in the shapes Azure DevOps sends.</summary>
internal static class WebhookJson
{
    public static VstsWebhookEvent Parse(string json) => VstsWebhookEvent.Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>A <c>workitem.updated</c> envelope around <paramref name="resource"/>.</summary>
    public static WorkItemUpdate Update(string resource) =>
        Parse($$"""{"eventType":"workitem.updated","resource":{{resource}}}""").GetWorkItemUpdate()
        ?? throw new InvalidOperationException("the payload parsed without an update");

    /// <summary>A <c>workitem.updated</c> resource whose only changed field is <paramref name="field"/>, changed as <paramref name="change"/>.</summary>
    public static WorkItemFieldUpdate FieldChange(string field, string change) =>
        Update($$$"""{"id":1,"workItemId":7,"rev":2,"fields":{"{{{field}}}":{{{change}}}}}""").Fields[field];
}
