using IssueSync.Samples.Console;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;

// Exit codes: 0 done (or usage shown), 1 Azure DevOps refused or failed a call, 2 wrong arguments.
var (arguments, error) = SampleArguments.Parse(args, Environment.GetEnvironmentVariable);
if (error is not null)
{
    Console.Error.WriteLine(error);
    return 2;
}

if (arguments!.ShowHelp)
{
    Console.WriteLine(SampleArguments.Usage);
    return 0;
}

if (arguments.UseEmulator)
{
    return await EmulatorMode.RunAsync(arguments.WorkItemId, Console.Out, Console.Error, CancellationToken.None);
}

using var host = SampleHost.Build(arguments.OrganizationUrl!, arguments.PersonalAccessToken!);
return await SampleHost.RunAsync(host, Console.Error, async (services, stopping) =>
{
    // The client of the configured organization; multi-organization hosts use IVstsClientFactory.
    var client = services.GetRequiredService<IVstsClient>();
    await SampleCommands.ListProjectsAsync(client, Console.Out, stopping);
    if (arguments.WorkItemId is { } id)
    {
        await SampleCommands.PrintWorkItemAsync(client, id, Console.Out, stopping);
    }
});
