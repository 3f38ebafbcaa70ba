using IssueSync.Sdk;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace IssueSync.Samples.Console;

/// <summary>The sample's host, the same for a real organization and the emulator, and how its outcome becomes an exit code.</summary>
internal static class SampleHost
{
    /// <summary>The line printed on stderr when the user cancels (Ctrl+C).</summary>
    public const string CancelledLine = "Cancelled.";

    /// <summary>A generic host with the SDK registered for one organization and token; <paramref name="configure"/> adds the stores.</summary>
    public static IHost Build(Uri organizationUrl, string personalAccessToken, bool verbose, TextWriter progress, Action<IVstsIssueSyncBuilder>? configure = null)
    {
        // The flags were read already, so they are not handed to the host as configuration.
        var builder = Host.CreateApplicationBuilder([]);
        ConfigureLogging(builder.Logging, verbose);
        var sdk = AddSdk(builder.Services, organizationUrl, personalAccessToken, progress);
        configure?.Invoke(sdk);
        return builder.Build();
    }

    /// <summary>
    /// Logs go to stderr only (every level), so stdout is the program's output alone; by default
    /// nothing below Warning, with <c>--verbose</c> from Information up.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console => console.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // The flag alone sets the level: rules read from an appsettings.json in the content root (a
        // test's output folder holds the WebhookReceiver sample's) are dropped, as the last configure step.
        logging.Services.Configure<LoggerFilterOptions>(filter =>
        {
            filter.Rules.Clear();
            filter.MinLevel = verbose ? LogLevel.Information : LogLevel.Warning;
        });
    }

    /// <summary>
    /// Registers the SDK for one organization and token, the same in every mode; the caller adds its
    /// stores. Every wait of a request (throttled, retrying, paced, no answer yet) is printed on
    /// <paramref name="progress"/> (stderr), so a slow organization is never silence.
    /// </summary>
    public static IVstsIssueSyncBuilder AddSdk(IServiceCollection services, Uri organizationUrl, string personalAccessToken, TextWriter progress) =>
        services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = organizationUrl.AbsoluteUri;
            options.PersonalAccessToken = personalAccessToken;
            options.ApplicationName = "IssueSync.Samples.Console";
            options.Resilience.OnWait = wait => PrintWait(progress, wait);
        });

    /// <summary>
    /// One line per wait, e.g. "throttled by Azure DevOps (429), waiting 12 s before retrying Projects.List".
    /// The SDK calls this from request paths and timer threads at once, so the writer is used synchronized.
    /// </summary>
    public static void PrintWait(TextWriter progress, VstsRequestWait wait)
    {
        lock (progress)
        {
            progress.WriteLine("... " + wait);
        }
    }

    /// <summary>
    /// Starts the host (validating the SDK's options), runs <paramref name="commands"/>, stops and
    /// disposes the host (it owns it), then prints the failure, if any, as one line on
    /// <paramref name="error"/>: after the host is gone, so the console logger's queued lines are
    /// written first and the failure is the last line. Exit codes: what <paramref name="commands"/>
    /// returns; 1 Azure DevOps refused or failed a call, 2 invalid options, 130 cancelled.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, TextWriter error, Func<IServiceProvider, CancellationToken, Task<int>> commands, CancellationToken cancellationToken)
    {
        var (exitCode, failure) = await RunCoreAsync(host, commands, cancellationToken);
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        if (failure is not null)
        {
            await error.WriteLineAsync(failure);
        }

        return exitCode;
    }

    private static async Task<(int ExitCode, string? Failure)> RunCoreAsync(IHost host, Func<IServiceProvider, CancellationToken, Task<int>> commands, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            return (2, string.Join(" ", ex.Failures));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (130, CancelledLine);
        }

        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        try
        {
            return (await commands(host.Services, linked.Token), null);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return (130, CancelledLine);
        }
        catch (Exception ex) when (Describe(ex) is { } line)
        {
            return (1, line);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The one line a user reads for a failure the sample expects; <see langword="null"/> for a bug (let it crash with its stack trace).</summary>
    public static string? Describe(Exception exception) => DescribeCore(exception)?.ReplaceLineEndings(" ");

    private static string? DescribeCore(Exception exception) => exception switch
    {
        VstsApiException { Kind: VstsErrorKind.Unauthorized } ex =>
            $"Azure DevOps refused the personal access token (401 Unauthorized) for {ex.Operation ?? "a call"}. Likely causes: the PAT expired or was revoked, it lacks a scope, or it was created for another organization. The sample needs the scopes {SampleArguments.RequiredScopes}.",
        VstsApiException { Kind: VstsErrorKind.Forbidden } ex =>
            $"Azure DevOps denied {ex.Operation ?? "a call"} (403 Forbidden): {ex.ServiceMessage ?? ex.Message} Check the PAT's scopes ({SampleArguments.RequiredScopes}) and your permissions in the project.",
        VstsApiException ex => $"Azure DevOps call failed ({ex.Kind}): {ex.Message}",
        VstsSubscriptionException { Kind: VstsSubscriptionErrorKind.CredentialRejected } ex =>
            $"Azure DevOps refused the personal access token while subscribing the webhook (401 Unauthorized): {ex.Message} The sample needs the scopes {SampleArguments.RequiredScopes}.",
        VstsSubscriptionException { Kind: VstsSubscriptionErrorKind.PermissionDenied } ex =>
            $"Azure DevOps refused to subscribe the webhook: {ex.Message} The PAT needs the Service Hooks (Read & Write) scope and the user must be allowed to edit subscriptions.",
        VstsSubscriptionException ex => $"Subscribing the webhook failed ({ex.Kind}): {ex.Message}",
        IssueIntegrationException ex => $"The issue integration refused ({ex.Kind}): {ex.Message}",
        SampleException ex => ex.Message,
        _ => null,
    };
}
