using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.IntegrationTests;

/// <summary>
/// A Kestrel endpoint on loopback that records every webhook POSTed to <c>/hooks</c> and answers a
/// chosen status and body (or scripted statuses in turn, then the chosen one) and headers; over http,
/// or over https with a given server certificate.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<int> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int StatusToAnswer { get; set; } = 200;

    /// <summary>A JSON body to answer with, or <see langword="null"/> for none.</summary>
    public string? BodyToAnswer { get; set; }

    /// <summary>Headers to answer with, e.g. <c>Retry-After</c>.</summary>
    public Dictionary<string, string> HeadersToAnswer { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers the next webhooks with these statuses in turn, then with <see cref="StatusToAnswer"/> again.</summary>
    public void AnswerInTurn(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public static async Task<WebhookReceiver> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await receiver._received.Writer.WriteAsync(new ReceivedWebhook(headers, body, context.Request.ContentType));
            var status = receiver._script.TryDequeue(out var scripted) ? scripted : receiver.StatusToAnswer;
            foreach (var (name, value) in receiver.HeadersToAnswer)
            {
                context.Response.Headers[name] = value;
            }

            return receiver.BodyToAnswer is { } answer
                ? Results.Text(answer, "application/json", statusCode: status)
                : Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hooks");
        return receiver;
    }

    /// <summary>The next webhook received, waiting at most 10 s.</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether a webhook is waiting now (without waiting for one).</summary>
    public bool TryTake(out ReceivedWebhook? webhook) => _received.Reader.TryRead(out webhook);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType);
