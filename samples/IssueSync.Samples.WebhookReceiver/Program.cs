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
//
// Without an account:
//
//   dotnet run --project samples/IssueSync.Samples.WebhookReceiver -- --emulator
//
// starts the built-in Azure DevOps emulator (IssueSync.Sdk.Testing), serves this host on
// https://127.0.0.1 with the emulator's loopback certificate, subscribes it, lets a person resolve
// and assign the linked work item "in Azure DevOps", prints the deliveries and the groups as
// GET /sample/groups shows them, and exits (0 when the webhooks changed the group).
using IssueSync.Samples.WebhookReceiver;
using IssueSync.Sdk;
using IssueSync.Sdk.Subscriptions;

if (args.Contains("--emulator"))
{
    return await EmulatorMode.RunAsync(Console.Out, Console.Error, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
var organizationUrl = builder.Configuration["IssueSync:Vsts:OrganizationUrl"] ?? "https://dev.azure.com/fabrikam/";
var callbackUrl = builder.Configuration["Sample:CallbackUrl"] is { Length: > 0 } configured ? new Uri(configured) : null;
var data = SampleApp.CreateData(builder.Configuration["Sample:OrganizationId"] ?? "00000000-0000-0000-0000-000000000000", organizationUrl);
var sdk = SampleApp.AddServices(builder, data);
if (callbackUrl is not null)
{
    // Checks (and repairs) the subscriptions every 6 hours.
    sdk.AddSubscriptionMonitor(o => o.CallbackUrl = callbackUrl);
}

var app = builder.Build();
SampleApp.Map(app, data);

app.MapPost("/sample/subscribe", async (IVstsSubscriptionManager subscriptions, CancellationToken cancellationToken) =>
{
    if (callbackUrl is null)
    {
        return Results.Problem("Set Sample:CallbackUrl to the public https URL of /extensions/vsts/issue-updated.", statusCode: 400);
    }

    try
    {
        var report = await subscriptions.EnsureAsync(data.Installations[SampleApp.IntegrationId], callbackUrl, cancellationToken);
        return Results.Ok(report.Subscriptions.Select(s => new { s.EventType, s.SubscriptionId, Health = s.Health.ToString(), s.Detail }));
    }
    catch (VstsSubscriptionException ex)
    {
        return Results.Problem(ex.Message, statusCode: 502);
    }
});

app.Run();
return 0;
