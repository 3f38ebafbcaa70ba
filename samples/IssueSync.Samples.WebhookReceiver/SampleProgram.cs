using System.Net.Sockets;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>The sample against a real organization: configuration, checks, database, then the host until it is stopped.</summary>
internal static class SampleProgram
{
    /// <summary>The exit code of a bad setting.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Runs the host until <paramref name="cancellationToken"/> or Ctrl+C stops it.</summary>
    /// <param name="args">Command-line arguments (configuration, e.g. <c>--Sample:Database=x.db</c>).</param>
    /// <param name="error">Where a configuration problem is told, as one line naming the key.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>0 after a clean stop; <see cref="ConfigurationError"/> for a bad setting.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        // The content root is the sample's own folder, so its appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Quiet without an appsettings.json too (a copied or published build); its Logging section, when there, decides.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        SampleSettings settings;
        try
        {
            settings = SampleSettings.Read(builder.Configuration);
        }
        catch (SampleConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ConfigurationError;
        }

        var database = new SampleDatabase(settings.Database);
        var sdk = SampleApp.AddServices(builder, database);
        if (settings.CallbackUrl is { } callbackUrl)
        {
            // Checks (and repairs) the subscriptions every 6 hours.
            sdk.AddSubscriptionMonitor(o => o.CallbackUrl = callbackUrl);
        }

        await using var app = builder.Build();
        SampleApp.Map(app);
        MapSubscribe(app, settings.CallbackUrl);
        try
        {
            // The SDK's options are checked before anything is written (StartAsync would check them too, later).
            _ = app.Services.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value;
            await SampleApp.PrepareDatabaseAsync(app.Services, settings, cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ConfigurationProblem(ex, settings) is { } problem)
        {
            await error.WriteLineAsync(problem);
            return ConfigurationError;
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>The line to show for a failure the configuration caused; <see langword="null"/> for any other failure.</summary>
    private static string? ConfigurationProblem(Exception exception, SampleSettings settings) => exception switch
    {
        // Each failure of the SDK's validator names its key (IssueSync:Vsts:...).
        OptionsValidationException invalid => string.Join(Environment.NewLine, invalid.Failures),
        AggregateException all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
            string.Join(Environment.NewLine, all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        SqliteException sqlite => $"{SampleSettings.DatabaseKey} '{settings.Database}' cannot be used: {sqlite.Message}",
        IOException { InnerException: SocketException socket } => $"Cannot listen on the configured address (Urls / ASPNETCORE_URLS): {socket.Message}",
        _ => null,
    };

    private static void MapSubscribe(WebApplication app, Uri? callbackUrl) =>
        app.MapPost("/sample/subscribe", async (IVstsSubscriptionManager subscriptions, Sdk.Abstractions.IIntegrationStore installations, CancellationToken cancellationToken) =>
        {
            if (callbackUrl is null)
            {
                return Results.Problem($"Set {SampleSettings.CallbackUrlKey} to the public https URL of {VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern}.", statusCode: 400);
            }

            try
            {
                var installation = await installations.FindByIntegrationIdAsync(SampleApp.IntegrationId, cancellationToken);
                var report = await subscriptions.EnsureAsync(installation!, callbackUrl, cancellationToken);
                return Results.Ok(report.Subscriptions.Select(s => new { s.EventType, s.SubscriptionId, Health = s.Health.ToString(), s.Detail }));
            }
            catch (VstsSubscriptionException ex)
            {
                return Results.Problem(ex.Message, statusCode: 502);
            }
        });
}
