using IssueSync.Samples.Console;
using IssueSync.Sdk;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

// The flags were read above, so they are not handed to the host as configuration.
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddVstsIssueSync(options =>
{
    options.OrganizationUrl = arguments.OrganizationUrl!.AbsoluteUri;
    options.PersonalAccessToken = arguments.PersonalAccessToken;
    options.ApplicationName = "IssueSync.Samples.Console";
});

using var host = builder.Build();
try
{
    // Validates the SDK's options (ValidateOnStart).
    await host.StartAsync();
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, ex.Failures));
    return 2;
}

var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
try
{
    // The client of the configured organization; multi-organization hosts use IVstsClientFactory.
    var client = host.Services.GetRequiredService<IVstsClient>();
    await SampleCommands.ListProjectsAsync(client, Console.Out, stopping);
    if (arguments.WorkItemId is { } id)
    {
        await SampleCommands.PrintWorkItemAsync(client, id, Console.Out, stopping);
    }

    return 0;
}
catch (VstsApiException ex)
{
    Console.Error.WriteLine($"Azure DevOps call failed ({ex.Kind}): {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    await host.StopAsync();
}
