using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
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
/// error bodies; it accepts one personal access token; it posts service-hook webhooks to
/// subscribed URLs after each work item change. Point the SDK at <see cref="OrganizationUrl"/>
/// with <see cref="PersonalAccessToken"/>. Start one with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class VstsEmulator : IAsyncDisposable
{
    /// <summary>How much of a receiver's answer a delivery record keeps.</summary>
    private const int MaxResponseBodyChars = 4096;

    private readonly WebApplication _app;
    private readonly VstsEmulatorOptions _options;
    private readonly byte[] _tokenHash;
    private readonly Lock _gate = new();
    private readonly List<EmulatedRequest> _requests = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<Fault> _faults = [];
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

    /// <summary>
    /// Makes the next <paramref name="count"/> requests whose path below the organization starts with
    /// <paramref name="pathPrefix"/> (e.g. <c>_apis/projects</c>, ignoring case) fail with
    /// <paramref name="statusCode"/>, after authentication. A 429 carries Azure DevOps' TF400733 body and
    /// rate-limit headers; <paramref name="retryAfter"/> adds <c>Retry-After</c> (whole seconds, rounded up).
    /// </summary>
    /// <param name="pathPrefix">The path below the organization URL, without a leading slash.</param>
    /// <param name="statusCode">The status to answer, 400 or more.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> to send, if any.</param>
    /// <param name="count">How many matching requests fail.</param>
    public void FailNext(string pathPrefix, int statusCode, TimeSpan? retryAfter = null, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        lock (_gate)
        {
            _faults.Add(new Fault(pathPrefix.TrimStart('/'), statusCode, retryAfter) { Remaining = count });
        }
    }

    /// <summary>Forgets the recorded requests (deliveries stay).</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Holds webhook deliveries until the returned scope is disposed (scopes nest: deliveries resume when
    /// the last one is disposed). Azure DevOps delivers a while after a change, from a background job;
    /// the emulator delivers at once. Hold to let the code that made a change finish what it does after
    /// the change's REST answer before the webhooks arrive, or to let several changes queue up. Changes
    /// made meanwhile are still queued, in order; a delivery already being posted is not held back.
    /// </summary>
    /// <returns>The scope; dispose it to resume deliveries.</returns>
    public IDisposable HoldDeliveries()
    {
        lock (_gate)
        {
            if (_holds++ == 0)
            {
                _deliveriesReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new DeliveryHold(this);
    }

    /// <summary>Waits until a delivery matching <paramref name="predicate"/> has completed.</summary>
    /// <param name="predicate">Which delivery to wait for.</param>
    /// <param name="cancellationToken">Ends the wait (use a timeout).</param>
    /// <returns>The first matching delivery.</returns>
    public async Task<WebhookDelivery> WaitForDeliveryAsync(Func<WebhookDelivery, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_deliveries.Find(d => predicate(d)) is { } found)
                {
                    return found;
                }

                added = _deliveryAdded.Task;
            }

            await added.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        try
        {
            var answer = await RouteAsync(context, apiVersion).ConfigureAwait(false);
            context.Response.StatusCode = answer.StatusCode;
            if (answer.ContinuationToken is not null)
            {
                context.Response.Headers["x-ms-continuationtoken"] = answer.ContinuationToken;
            }

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
            await WriteJsonAsync(context.Response, error.ToBody()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A fault of the emulator itself: a 500 that says so beats a reset connection in a test.
            context.Response.StatusCode = 500;
            await WriteJsonAsync(context.Response, new EmulatorError(500, $"The IssueSync emulator failed: {ex.GetType().Name}: {ex.Message}").ToBody()).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _requests.Add(new EmulatedRequest(request.Method, request.Path + request.QueryString, context.Response.StatusCode, apiVersion));
            }
        }
    }

    private async Task<EmulatorAnswer> RouteAsync(HttpContext context, string? apiVersion)
    {
        var organization = Organization;
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Count == 0 || !string.Equals(segments[0], organization.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatorError(404, $"The organization in '{context.Request.Path}' does not exist; this emulator serves '{organization.Name}'.");
        }

        var user = Authenticate(context);
        if (user is null)
        {
            return SignInAnswer(context);
        }

        var relative = string.Join('/', context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        InjectFault(context, relative);

        var apis = segments.FindIndex(1, s => string.Equals(s, "_apis", StringComparison.OrdinalIgnoreCase));
        if (apis < 0)
        {
            throw NoController(context);
        }

        var scope = segments.GetRange(1, apis - 1);
        var rest = segments.GetRange(apis + 1, segments.Count - apis - 1);
        var call = new EmulatorCall(context, organization, _options, user) { Project = scope.Count > 0 ? scope[0] : null };
        var matching = EmulatorEndpoints.Routes.Where(r => r.AllowsScope(scope.Count) && r.Matches(rest, call.Values)).ToList();
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

    /// <summary>The token's owner for <c>Basic base64(user:pat)</c> with the emulator's PAT; <see langword="null"/> otherwise.</summary>
    private EmulatedUser? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var token = colon < 0 ? decoded : decoded[(colon + 1)..];
        // Compared as hashes in constant time: neither the token nor its length leaks through timing.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _tokenHash) ? Organization.AuthenticatedUser : null;
    }

    /// <summary>
    /// Without valid credentials Azure DevOps answers 401 when the caller sent
    /// <c>X-TFS-FedAuthRedirect: Suppress</c>, and otherwise a 203 with its HTML sign-in page.
    /// </summary>
    private static EmulatorAnswer SignInAnswer(HttpContext context)
    {
        var suppressed = string.Equals(context.Request.Headers["X-TFS-FedAuthRedirect"].ToString(), "Suppress", StringComparison.OrdinalIgnoreCase);
        if (!suppressed)
        {
            return new EmulatorAnswer(203, null, Html: "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in to continue.</body></html>");
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"" + context.Request.Scheme + "://" + context.Request.Host + "/\"";
        throw new EmulatorError(401, "TF400813: The user '' is not authorized to access this resource.", "UnauthorizedRequestException");
    }

    private void InjectFault(HttpContext context, string relativePath)
    {
        Fault? fault;
        lock (_gate)
        {
            fault = _faults.Find(f => relativePath.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (fault is null)
            {
                return;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }
        }

        var headers = context.Response.Headers;
        if (fault.RetryAfter is { } retryAfter)
        {
            headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (fault.StatusCode == 429)
        {
            headers["X-RateLimit-Resource"] = "WorkItemTrackingResource";
            headers["X-RateLimit-Limit"] = "200";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            throw new EmulatorError(429, "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'WorkItemTrackingResource' in namespace 'User'.", "RequestBlockedException");
        }

        throw new EmulatorError(fault.StatusCode, $"The IssueSync emulator failed this request with {fault.StatusCode} as the test asked (FailNext).");
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

    private async Task DeliverAsync()
    {
        try
        {
            await foreach (var pending in _outbox.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                Task released;
                lock (_gate)
                {
                    released = _deliveriesReleased.Task;
                }

                await released.WaitAsync(_stopping.Token).ConfigureAwait(false);
                var (status, body, error) = await PostAsync(pending).ConfigureAwait(false);
                Organization.RecordDeliveryOutcome(pending.SubscriptionId, status);
                var delivery = new WebhookDelivery(
                    pending.SubscriptionId, pending.NotificationId, pending.EventType, pending.WorkItemId, pending.Revision,
                    pending.Url, pending.Payload, [.. pending.Headers.Select(h => h.Key)], status, error)
                {
                    ResponseBody = body,
                };
                TaskCompletionSource added;
                lock (_gate)
                {
                    _deliveries.Add(delivery);
                    added = _deliveryAdded;
                    _deliveryAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                added.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: undelivered webhooks are dropped, as a stopped service would drop them.
        }
    }

    /// <summary>One attempt, no retries: the status and the start of the body, or why there was none.</summary>
    private async Task<(int? Status, string? Body, string? Error)> PostAsync(PendingDelivery pending)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, pending.Url)
        {
            Content = new StringContent(pending.Payload, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in pending.Headers)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Authorization = AuthenticationHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _webhookClient.SendAsync(message, _stopping.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(_stopping.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, body.Length > MaxResponseBodyChars ? body[..MaxResponseBodyChars] : body, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, null, ex.Message);
        }
        catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return (null, null, $"No answer within {_options.WebhookTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private void ReleaseHold()
    {
        TaskCompletionSource? released = null;
        lock (_gate)
        {
            if (--_holds == 0)
            {
                released = _deliveriesReleased;
            }
        }

        released?.TrySetResult();
    }

    /// <summary>One <see cref="HoldDeliveries"/> scope; disposing it twice releases once.</summary>
    private sealed class DeliveryHold(VstsEmulator emulator) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                emulator.ReleaseHold();
            }
        }
    }

    /// <summary>A planned failure: path prefix, status, Retry-After, how many requests are left to fail.</summary>
    private sealed record Fault(string PathPrefix, int StatusCode, TimeSpan? RetryAfter)
    {
        public int Remaining { get; set; }
    }
}
