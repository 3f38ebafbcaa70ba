using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>The sample's host, the same against a real organization and against the emulator.</summary>
internal static class SampleApp
{
    public const string IntegrationId = "sample";
    public const string GroupId = "group-1";

    /// <summary>
    /// The host's data: one installation (status and assignee changes made in Azure DevOps are
    /// applied to the host's groups), <see cref="GroupId"/> linked to work item <paramref name="workItemId"/>, one user.
    /// </summary>
    public static SampleData CreateData(string organizationId, string organizationUrl, int workItemId = 1)
    {
        var data = new SampleData();
        data.Installations[IntegrationId] = new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = organizationId,
            OrganizationUrl = organizationUrl,
            SyncSettings = new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        };
        data.Groups[GroupId] = (new LinkedGroup(GroupId, "host-project", IsResolved: false), workItemId);
        data.Users.Add(new HostUser("user-1", ["jamie@example.com"], "Jamie"));
        return data;
    }

    /// <summary>Registers the SDK (options from the <c>IssueSync:Vsts</c> configuration section) and the sample's stores.</summary>
    public static IVstsIssueSyncBuilder AddServices(WebApplicationBuilder builder, SampleData data)
    {
        builder.Services.AddSingleton(data);
        var sdk = builder.Services.AddVstsIssueSync(builder.Configuration)
            .AddIntegrationStore(sp => new SampleIntegrationStore(sp.GetRequiredService<SampleData>()))
            .AddGroupStore<SampleGroupStore>()
            .AddAssigneeStore<SampleAssigneeStore>()
            .AddExternalProjectStore<SampleProjectStore>();
        builder.Services.AddHealthChecks().AddVstsSubscriptionCheck();
        return sdk;
    }

    /// <summary>Maps the webhook endpoint, the health check and <c>GET /sample/groups</c>.</summary>
    public static void Map(WebApplication app, SampleData data)
    {
        app.MapVstsWebhook();
        app.MapHealthChecks("/health");
        app.MapGet("/sample/groups", () => Groups(data));
    }

    /// <summary>The groups as <c>GET /sample/groups</c> shows them.</summary>
    public static IEnumerable<object> Groups(SampleData data) =>
        data.Groups.Values.Select(g => new { g.Group.GroupId, g.WorkItemId, g.Group.IsResolved, g.Group.AssigneeUserId });
}
