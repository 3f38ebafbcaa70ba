using IssueSync.Sdk;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Samples.Console;

/// <summary>The sample's host, the same for a real organization and the emulator, and how its outcome becomes an exit code.</summary>
internal static class SampleHost
{
    /// <summary>A generic host with the SDK registered for one organization and token.</summary>
    public static IHost Build(Uri organizationUrl, string personalAccessToken)
    {
        // The flags were read already, so they are not handed to the host as configuration.
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        AddSdk(builder.Services, organizationUrl, personalAccessToken);
        return builder.Build();
    }

    /// <summary>Registers the SDK for one organization and token, the same in every mode; the caller adds its stores.</summary>
    public static IVstsIssueSyncBuilder AddSdk(IServiceCollection services, Uri organizationUrl, string personalAccessToken) =>
        services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = organizationUrl.AbsoluteUri;
            options.PersonalAccessToken = personalAccessToken;
            options.ApplicationName = "IssueSync.Samples.Console";
        });

    /// <summary>
    /// Starts the host (validating the SDK's options), runs <paramref name="commands"/> and stops it.
    /// Exit codes: 0 done, 1 Azure DevOps refused or failed a call, 2 invalid options, 130 cancelled.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, TextWriter error, Func<IServiceProvider, CancellationToken, Task> commands)
    {
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, ex.Failures));
            return 2;
        }

        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await commands(host.Services, stopping);
            return 0;
        }
        catch (VstsApiException ex)
        {
            await error.WriteLineAsync($"Azure DevOps call failed ({ex.Kind}): {ex.Message}");
            return 1;
        }
        catch (IssueIntegrationException ex)
        {
            await error.WriteLineAsync($"The issue integration refused ({ex.Kind}): {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.");
            return 130;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
