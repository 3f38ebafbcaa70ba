// A host that receives Azure DevOps service-hook webhooks and applies them to its own groups.
//
//   dotnet run --project samples/IssueSync.Samples.WebhookReceiver -- \
//     --IssueSync:Vsts:OrganizationUrl=https://dev.azure.com/fabrikam/ \
//     --IssueSync:Vsts:PersonalAccessToken=<pat> \
//     --Sample:OrganizationId=<collection id> \
//     --Sample:CallbackUrl=https://<public host>/extensions/vsts/issue-updated
//
// POST /sample/subscribe creates the subscriptions (the PAT needs Project Collection Administrator
// rights); Azure DevOps then posts to /extensions/vsts/issue-updated. GET /sample/groups shows the
// groups, GET /health the subscription health.
using IssueSync.Samples.WebhookReceiver;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
var data = new SampleData();
var organizationUrl = builder.Configuration["IssueSync:Vsts:OrganizationUrl"] ?? "https://dev.azure.com/fabrikam/";
var callbackUrl = builder.Configuration["Sample:CallbackUrl"] is { Length: > 0 } configured ? new Uri(configured) : null;
data.Installations["sample"] = new VstsInstallation
{
    IntegrationId = "sample",
    OrganizationId = builder.Configuration["Sample:OrganizationId"] ?? "00000000-0000-0000-0000-000000000000",
    OrganizationUrl = organizationUrl,
};
data.Groups["group-1"] = (new LinkedGroup("group-1", "host-project", IsResolved: false), 1);
data.Users.Add(new HostUser("user-1", ["jamie@example.com"], "Jamie"));

builder.Services.AddSingleton(data);
var sdk = builder.Services.AddVstsIssueSync(builder.Configuration)
    .AddIntegrationStore(sp => new SampleIntegrationStore(sp.GetRequiredService<SampleData>()))
    .AddGroupStore<SampleGroupStore>()
    .AddAssigneeStore<SampleAssigneeStore>()
    .AddExternalProjectStore<SampleProjectStore>();
builder.Services.AddHealthChecks().AddVstsSubscriptionCheck();
if (callbackUrl is not null)
{
    // Checks (and repairs) the subscriptions every 6 hours.
    sdk.AddSubscriptionMonitor(o => o.CallbackUrl = callbackUrl);
}

var app = builder.Build();
app.MapVstsWebhook();
app.MapHealthChecks("/health");

app.MapPost("/sample/subscribe", async (IVstsSubscriptionManager subscriptions, CancellationToken cancellationToken) =>
{
    if (callbackUrl is null)
    {
        return Results.Problem("Set Sample:CallbackUrl to the public https URL of /extensions/vsts/issue-updated.", statusCode: 400);
    }

    try
    {
        var report = await subscriptions.EnsureAsync(data.Installations["sample"], callbackUrl, cancellationToken);
        return Results.Ok(report.Subscriptions.Select(s => new { s.EventType, s.SubscriptionId, Health = s.Health.ToString(), s.Detail }));
    }
    catch (VstsSubscriptionException ex)
    {
        return Results.Problem(ex.Message, statusCode: 502);
    }
});

app.MapGet("/sample/groups", () => data.Groups.Values.Select(g => new { g.Group.GroupId, g.WorkItemId, g.Group.IsResolved, g.Group.AssigneeUserId }));

app.Run();
