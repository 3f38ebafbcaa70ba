using System.Net;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

/// <summary>URLs, payloads and harness set-up shared by the outbound sync tests.</summary>
internal static class OutboundTestData
{
    public const string Org = IssueTestHarness.Org;
    public const string OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a";
    public const string ProjectId = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
    public const string ItemUrl = Org + "_apis/wit/workitems/42";
    public const string ReadUrl = ItemUrl + "?fields=System.State%2CSystem.WorkItemType%2CSystem.TeamProject%2CSystem.AssignedTo";
    public const string ProjectsUrl = Org + "_apis/projects?stateFilter=wellFormed";
    public const string BugStatesUrl = Org + ProjectId + "/_apis/wit/workitemtypes/Bug/states"; // by id, as inbound reads them
    public const string UsersUrl = "https://vssps.dev.azure.com/fabrikam/_apis/graph/users";
    public const string GraphApiVersion = "7.1-preview.1";

    // An Agile-like Bug.
    public const string BugStatesJson = """
        {"count":5,"value":[
          {"name":"New","category":"Proposed"},
          {"name":"Active","category":"InProgress"},
          {"name":"Resolved","category":"Resolved"},
          {"name":"Closed","category":"Completed"},
          {"name":"Removed","category":"Removed"}]}
        """;

    public const string ProjectsJson = $$"""
        {"count":2,"value":[
          {"id":"0c5bd6a3-5b87-4b5e-b0c7-1fb1b5a1c1a2","name":"Other","state":"wellFormed"},
          {"id":"{{ProjectId}}","name":"Fabrikam","state":"wellFormed"}]}
        """;

    public static VstsInstallation AllOn() => IssueTestHarness.NewInstallation() with
    {
        SyncSettings = new VstsSyncSettings { StatusOutbound = true, AssigneeOutbound = true, Comments = true },
    };

    public static IssueTestHarness Harness(
        FakeExternalProjectStore? projects = null,
        VstsInstallation? installation = null,
        Action<VstsIssueSyncOptions>? configure = null,
        Action<IServiceCollection>? services = null) =>
        new(installation ?? AllOn(), configureOptions: configure, configureServices: services, projectStore: projects);

    /// <summary>A work item as the sync read (or a write) returns it.</summary>
    public static string Item(int rev, string state = "Active", string type = "Bug", string project = "Fabrikam", string? assignedTo = null)
    {
        var assigned = assignedTo is null
            ? string.Empty
            : $$""","System.AssignedTo":{"displayName":"Someone","uniqueName":"{{assignedTo}}","id":"d6245f20-2af8-44f4-9451-8107cb2767db"}""";
        return $$"""{"id":42,"rev":{{rev}},"fields":{"System.State":"{{state}}","System.WorkItemType":"{{type}}","System.TeamProject":"{{project}}"{{assigned}}},"url":"{{ItemUrl}}"}""";
    }

    /// <summary>The JSON-Patch body of a guarded write of one field.</summary>
    public static string Guarded(int rev, string operations) => $$"""[{"op":"test","path":"/rev","value":{{rev}}},{{operations}}]""";

    public static string ReplaceState(string state) => $$"""{"op":"replace","path":"/fields/System.State","value":"{{state}}"}""";

    public static string ReplaceAssignee(string value) => $$"""{"op":"replace","path":"/fields/System.AssignedTo","value":"{{value}}"}""";

    public const string RemoveAssignee = """{"op":"remove","path":"/fields/System.AssignedTo"}""";

    /// <summary>Azure DevOps' answer to a failed <c>test /rev</c>.</summary>
    public static void ExpectConflict(IssueTestHarness harness, string url = ItemUrl) =>
        harness.Client.Expect(HttpMethod.Patch, url).Respond(HttpStatusCode.PreconditionFailed, "application/json",
            """{"$id":"1","innerException":null,"message":"The update failed: the work item was changed since revision read.","typeName":"Microsoft.VisualStudio.Services.WebApi.VssServiceException","typeKey":"VssServiceException","errorCode":0,"eventId":3000}""");

    public static string User(string mail, string principal, string name = "Someone", string origin = "aad") =>
        $$"""{"subjectKind":"user","domain":"4c1b2dc9-0e3c-43f1-9bb5-5c2fb16c3c08","principalName":"{{principal}}","mailAddress":"{{mail}}","origin":"{{origin}}","displayName":"{{name}}","descriptor":"aad.{{Convert.ToBase64String(Encoding.UTF8.GetBytes(principal))}}"}""";

    public static string UsersPage(params string[] users) => $$"""{"count":{{users.Length}},"value":[{{string.Join(",", users)}}]}""";

    public static void ExpectUsers(IssueTestHarness harness, string pageJson) =>
        harness.Client.ExpectJson(HttpMethod.Get, UsersUrl, pageJson);

    /// <summary>The requests sent, as <c>METHOD url</c>, for asserting a whole sequence at once.</summary>
    public static string[] Sent(IssueTestHarness harness) =>
        harness.Client.Requests.Select(r => $"{r.Method} {r.Url}").ToArray();
}
