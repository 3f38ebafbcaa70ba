using System.Net;
using System.Text;
using IssueSync.Sdk.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IssueSync.Sdk.Tests.AspNetCore;

/// <summary>
/// A minimal ASP.NET Core app on <see cref="TestServer"/> with <c>MapVstsWebhook</c> over a
/// <see cref="FakeInboundHandler"/>, and fake logging.
/// </summary>
internal sealed class WebhookTestHost : IAsyncDisposable
{
    public const long MaxBodyBytes = 1024;

    private readonly WebApplication _app;

    private WebhookTestHost(WebApplication app, FakeInboundHandler handler)
    {
        _app = app;
        Handler = handler;
        Client = app.GetTestClient();
    }

    public FakeInboundHandler Handler { get; }

    public HttpClient Client { get; }

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public static async Task<WebhookTestHost> StartAsync(string? mapPath = null, long maxBodyBytes = MaxBodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddVstsIssueSync(o => o.Webhook.MaxBodyBytes = maxBodyBytes);
        var handler = new FakeInboundHandler();
        builder.Services.AddSingleton<IInboundSyncHandler>(handler);
        var app = builder.Build();
        if (mapPath is null)
        {
            app.MapVstsWebhook();
        }
        else
        {
            app.MapVstsWebhook(mapPath).WithName("custom-webhook");
        }

        await app.StartAsync();
        return new WebhookTestHost(app, handler);
    }

    public Task<HttpResponseMessage> PostAsync(HttpContent content, string path = "/extensions/vsts/issue-updated", CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Shared-Secret", "s3cr3t");
        return Client.SendAsync(request, cancellationToken);
    }

    public static ByteArrayContent Json(string json) => new(Encoding.UTF8.GetBytes(json)) { Headers = { { "Content-Type", "application/json" } } };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An <see cref="IInboundSyncHandler"/> that records what it got and answers what the test set.</summary>
internal sealed class FakeInboundHandler : IInboundSyncHandler
{
    private readonly List<VstsWebhookRequest> _requests = [];

    public VstsWebhookResult Result { get; set; } = new() { StatusCode = 200, Outcome = VstsWebhookOutcome.Applied, Reason = "Applied." };

    /// <summary>When set, the handler waits for the request's cancellation instead of answering.</summary>
    public bool WaitForCancellation { get; set; }

    public Exception? Throw { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<VstsWebhookRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async Task<VstsWebhookResult> HandleAsync(VstsWebhookRequest request, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            // The body is the endpoint's buffer: keep a copy, as a handler that queues work would.
            _requests.Add(new VstsWebhookRequest(request.Body.ToArray(), request.Headers));
        }

        Entered.TrySetResult();
        if (WaitForCancellation)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return Throw is { } ex ? throw ex : Result;
    }
}

/// <summary>
/// A request body that sends <paramref name="prefix"/> and then never ends (a slow or stalled client),
/// optionally declaring a Content-Length.
/// </summary>
internal sealed class StalledContent(byte[] prefix, long? declaredLength) : HttpContent
{
    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(prefix, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        Sent.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declaredLength ?? 0;
        return declaredLength is not null;
    }
}

/// <summary>A body of known bytes sent without Content-Length (chunked).</summary>
internal sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        // Several writes, as a chunked sender would.
        for (var offset = 0; offset < bytes.Length; offset += 100)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(100, bytes.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
