// A host that receives Azure DevOps service-hook webhooks and applies them to its own groups, keeping every
// group, token, installation and the SDK's sync state in its own SQLite database (Stores/, one file per port).
//
//   dotnet run --project samples/IssueSync.Samples.WebhookReceiver -- \
//     --IssueSync:Vsts:OrganizationUrl=https://dev.azure.com/fabrikam/ \
//     --IssueSync:Vsts:PersonalAccessToken=<pat> \
//     --Sample:OrganizationId=<collection id: the instanceId of https://dev.azure.com/fabrikam/_apis/connectionData> \
//     --Sample:WebhookSecret=<at least 16 characters> \
//     --Sample:CallbackUrl=https://<public host>/extensions/vsts/issue-updated
//
// Settings (appsettings.json beside the sample, environment variables such as Sample__Database, or arguments):
//   IssueSync:Vsts:*       the SDK's options (organization URL, PAT, webhook options, ...)
//   Sample:OrganizationId  the organization id deliveries carry (default: the empty GUID)
//   Sample:WebhookSecret   the installation's webhook secret, so a delivery can be posted by hand with the
//                          Shared-Secret header (or Basic authentication, with IssueSync:Vsts:Webhook:AcceptBasicAuthentication)
//   Sample:CallbackUrl     the public https URL of /extensions/vsts/issue-updated (subscribing and the monitor)
//   Sample:Database        the SQLite file (default issuesync-sample.db in the working directory)
// A bad setting stops the sample with one line naming it and exit code 2. Logging is quiet (Warning); set
// Logging:LogLevel:IssueSync.Samples.WebhookReceiver=Information to see each group the webhooks change.
//
// POST /sample/subscribe creates the subscriptions (the PAT needs Project Collection Administrator rights); Azure
// DevOps then posts to /extensions/vsts/issue-updated. GET /sample/groups shows the groups, GET /health the
// subscription health.
//
// Without an account:
//
//   dotnet run --project samples/IssueSync.Samples.WebhookReceiver -- --emulator
//
// starts the built-in Azure DevOps emulator (IssueSync.Sdk.Testing), serves this host on https://127.0.0.1 with the
// emulator's loopback certificate (on a fresh database in the temp folder), subscribes it, lets a person resolve and
// assign the linked work item "in Azure DevOps", prints the deliveries and the groups as GET /sample/groups shows
// them, and exits (0 when the webhooks changed the group).
using IssueSync.Samples.WebhookReceiver;

if (args.Contains("--emulator"))
{
    return await EmulatorMode.RunAsync(Console.Out, Console.Error, CancellationToken.None);
}

return await SampleProgram.RunAsync(args, Console.Error, CancellationToken.None);
