using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using IssueSync.Sdk.Testing.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// An Azure DevOps organization served over loopback HTTP (Kestrel on <c>127.0.0.1</c>, a random
/// port) for host tests, samples and demos without an account. It answers the REST calls
/// IssueSync.Sdk makes, on the same paths and api-versions, with Azure DevOps' body shapes and
/// error bodies; it accepts one personal access token, and bearer tokens from its OAuth token
/// endpoints (<see cref="OAuth"/>); it posts service-hook webhooks to subscribed URLs after each
/// work item change. Point the SDK at <see cref="OrganizationUrl"/> with <see cref="PersonalAccessToken"/>.
/// Start one with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed partial class VstsEmulator : IAsyncDisposable
{
    /// <summary>How much of a receiver's answer a delivery record keeps.</summary>
    private const int MaxResponseBodyChars = 4096;

    private readonly WebApplication _app;
    private readonly VstsEmulatorOptions _options;
    private readonly byte[] _tokenHash;
    private readonly Lock _gate = new();
    private readonly List<EmulatedRequest> _requests = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly Channel<PendingDelivery> _outbox = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _webhookClient;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<X509Certificate2> _webhookCertificate = new(LoopbackCertificate.Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private EmulatedOrganization? _organization;
    private Task? _deliveryLoop;
    private int _disposed;
    private TaskCompletionSource _deliveryAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _deliveriesReleased = Released();
    private int _holds;

    private VstsEmulator(WebApplication app, VstsEmulatorOptions options)
    {
        _app = app;
        _options = options;
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.PersonalAccessToken));
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            LoopbackCertificate.IsTrusted(certificate, errors, _webhookCertificate.IsValueCreated ? _webhookCertificate.Value : null);
        _webhookClient = new HttpClient(handler) { Timeout = options.WebhookTimeout };
    }

    /// <summary>The organization URL to give the SDK, e.g. <c>http://127.0.0.1:5123/emulated/</c>.</summary>
    public Uri OrganizationUrl => Organization.Url;

    /// <summary>The personal access token the emulator accepts (Basic authentication, any user name).</summary>
    public string PersonalAccessToken => _options.PersonalAccessToken;

    /// <summary>The emulated organization: seed it, read it, and change it as a person would.</summary>
    public EmulatedOrganization Organization => _organization ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>
    /// A self-signed certificate for <c>127.0.0.1</c>, <c>::1</c> and <c>localhost</c> that this emulator's
    /// webhook deliveries trust, besides the certificates the machine trusts. Serve the host's webhook
    /// endpoint over https on loopback with it (Kestrel: <c>listen.UseHttps(emulator.WebhookCertificate)</c>),
    /// so that the SDK's subscription manager, which takes only https callback URLs, can subscribe it.
    /// Made at first use (no file, no certificate store); disposed with the emulator.
    /// </summary>
    public X509Certificate2 WebhookCertificate => _webhookCertificate.Value;

    /// <summary>Every request answered so far, in order (never with credentials).</summary>
    public IReadOnlyList<EmulatedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every webhook delivery attempted so far, in the order they completed.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="options">Seeding and behaviour; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<VstsEmulator> StartAsync(VstsEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VstsEmulatorOptions();
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new VstsEmulator(app, options);
        app.Run(emulator.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri($"{address.TrimEnd('/')}/{options.OrganizationName}/");
        emulator._organization = new EmulatedOrganization(options, url, options.TimeProvider)
        {
            DeliverySink = delivery => emulator._outbox.Writer.TryWrite(delivery),
        };
        emulator._deliveryLoop = Task.Run(emulator.DeliverAsync, CancellationToken.None);
        return emulator;
    }

    /// <summary>Forgets the recorded requests (deliveries stay).</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Stops delivering webhooks and stops the server.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_deliveryLoop is not null)
        {
            await _deliveryLoop.ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _webhookClient.Dispose();
        _stopping.Dispose();
        if (_webhookCertificate.IsValueCreated)
        {
            _webhookCertificate.Value.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var apiVersion = ReadApiVersion(request);
        context.Response.Headers["ActivityId"] = Guid.NewGuid().ToString("D");
        context.Response.Headers["X-TFS-Session"] = Guid.NewGuid().ToString("D");
        var exchange = new EmulatorExchange();
        try
        {
            var answer = await RouteAsync(context, apiVersion, exchange).ConfigureAwait(false);
            if (exchange.ResponseHandled)
            {
                return; // a fault reset the connection or wrote its own answer
            }

            context.Response.StatusCode = answer.StatusCode;
            if (answer.ContinuationToken is not null)
            {
                context.Response.Headers["x-ms-continuationtoken"] = answer.ContinuationToken;
            }

            // Logged before the answer goes out: a client that has the answer may read the log at once.
            RecordRequest(exchange, request, answer.StatusCode);

            if (answer.Body is not null)
            {
                await WriteJsonAsync(context.Response, answer.Body).ConfigureAwait(false);
            }
            else if (answer.Html is not null)
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(answer.Html, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (EmulatorError error)
        {
            context.Response.StatusCode = error.StatusCode;
            RecordRequest(exchange, request, error.StatusCode);
            await WriteJsonAsync(context.Response, error.ToBody()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A fault of the emulator itself: a 500 that says so beats a reset connection in a test.
            context.Response.StatusCode = 500;
            RecordRequest(exchange, request, 500);
            await WriteJsonAsync(context.Response, new EmulatorError(500, $"The IssueSync emulator failed: {ex.GetType().Name}: {ex.Message}").ToBody()).ConfigureAwait(false);
        }
        finally
        {
            RecordRequest(exchange, request, exchange.Aborted ? 0 : context.Response.StatusCode);
        }
    }

    private async Task<EmulatorAnswer> RouteAsync(HttpContext context, string? apiVersion, EmulatorExchange exchange)
    {
        var organization = Organization;
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (await RouteOutsideOrganizationAsync(context, segments, apiVersion).ConfigureAwait(false) is { } outside)
        {
            return outside;
        }

        if (segments.Count == 0 || !string.Equals(segments[0], organization.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatorError(404, $"The organization in '{context.Request.Path}' does not exist; this emulator serves '{organization.Name}'.");
        }

        var user = Authenticate(context);
        if (user is null)
        {
            return SignInAnswer(context);
        }

        return await FaultOrProcessAsync(context, segments[1..], exchange, http => ProcessAsync(http, organization, user, apiVersion, segments, exchange)).ConfigureAwait(false);
    }

    /// <summary>Routes an authenticated request to its endpoint and records the status it came to.</summary>
    private async Task<EmulatorAnswer> ProcessAsync(HttpContext context, EmulatedOrganization organization, EmulatedUser user, string? apiVersion, List<string> segments, EmulatorExchange exchange)
    {
        try
        {
            var answer = await ProcessCoreAsync(context, organization, user, apiVersion, segments).ConfigureAwait(false);
            exchange.ProcessedStatusCode = answer.StatusCode;
            return answer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            exchange.ProcessedStatusCode = ex is EmulatorError error ? error.StatusCode : 500;
            throw;
        }
    }

    private async Task<EmulatorAnswer> ProcessCoreAsync(HttpContext context, EmulatedOrganization organization, EmulatedUser user, string? apiVersion, List<string> segments)
    {
        var apis = segments.FindIndex(1, s => string.Equals(s, "_apis", StringComparison.OrdinalIgnoreCase));
        if (apis < 0)
        {
            throw NoController(context);
        }

        var scope = segments.GetRange(1, apis - 1);
        var rest = segments.GetRange(apis + 1, segments.Count - apis - 1);
        var call = new EmulatorCall(context, organization, _options, user) { Project = scope.Count > 0 ? scope[0] : null };
        var matching = EmulatorEndpoints.Routes.Concat(GitEndpoints.Routes).Where(r => r.AllowsScope(scope.Count) && r.Matches(rest, call.Values)).ToList();
        if (matching.Count == 0)
        {
            throw NoController(context);
        }

        var route = matching.Find(r => string.Equals(r.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase))
            ?? throw new EmulatorError(405, $"The requested resource does not support http method '{context.Request.Method}'.");
        route.Matches(rest, call.Values);
        CheckApiVersion(context.Request.Method, apiVersion, route.PreviewOnly);
        if (call.Project is not null)
        {
            organization.FindProject(call.Project);
        }

        return await route.Handler(call).ConfigureAwait(false);
    }

    private static EmulatorError NoController(HttpContext context) =>
        new(404, $"The controller for path '{context.Request.Path}' was not found or does not implement IController.");

    private static string? ReadApiVersion(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            foreach (var parameter in accept.Parameters)
            {
                if (string.Equals(parameter.Name.Value, "api-version", StringComparison.OrdinalIgnoreCase) && parameter.Value.HasValue)
                {
                    return parameter.Value.Value!.Trim('"');
                }
            }
        }

        return request.Query.TryGetValue("api-version", out var query) ? query.ToString() : null;
    }

    /// <summary>Azure DevOps' api-version rules: required; at most 7.2; preview-only resources need <c>-preview</c>, as does 7.2.</summary>
    private static void CheckApiVersion(string method, string? apiVersion, bool previewOnly)
    {
        if (string.IsNullOrWhiteSpace(apiVersion))
        {
            throw EmulatorError.BadRequest(
                $"No api-version was supplied for the {method} request. The version must be supplied either as part of the Accept header (e.g. \"application/json; api-version=1.0\") or as a query parameter (e.g. \"?api-version=1.0\").");
        }

        var dash = apiVersion.IndexOf('-', StringComparison.Ordinal);
        var number = dash < 0 ? apiVersion : apiVersion[..dash];
        var stage = dash < 0 ? null : apiVersion[(dash + 1)..];
        if (!Version.TryParse(number, out var version) || version.Build >= 0
            || (stage is not null && !stage.StartsWith("preview", StringComparison.OrdinalIgnoreCase)))
        {
            throw EmulatorError.BadRequest($"The api-version '{apiVersion}' is not of the form {{major}}.{{minor}}[-preview[.{{resource-version}}]].");
        }

        if (version > new Version(7, 2))
        {
            throw EmulatorError.BadRequest(
                $"The requested REST API version of {apiVersion} is out of range for this server. The latest REST API version for this server is 7.2-preview.",
                "VssVersionOutOfRangeException");
        }

        if (stage is null && (previewOnly || version == new Version(7, 2)))
        {
            throw EmulatorError.BadRequest(
                $"The requested version \"{apiVersion}\" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: \"{apiVersion}-preview\"",
                "VssInvalidPreviewVersionException");
        }
    }

    private static async Task WriteJsonAsync(HttpResponse response, JsonNode body)
    {
        response.ContentType = "application/json; charset=utf-8; api-version=7.1";
        await response.WriteAsync(body.ToJsonString(), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

}
