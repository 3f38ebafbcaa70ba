using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IssueSync.Sdk.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>
/// The request delegate behind <c>MapVstsWebhook</c>: size limit, body, handler, answer. One per mapped
/// endpoint, holding the application's singletons (the handler, the options, the logger) so a delivery
/// resolves nothing and opens no request service scope.
/// Answers follow Azure DevOps' delivery rules: a 500 puts the subscription on probation (and new
/// events are lost), so nothing expected ends as a 500, and an unexpected failure answers 503.
/// </summary>
internal sealed class VstsWebhookEndpoint
{
    public const string LoggerName = "IssueSync.Sdk.AspNetCore.Webhook";

    private const int ChunkSize = 16 * 1024;

    private readonly IInboundSyncHandler _handler;
    private readonly IOptionsMonitor<VstsWebhookOptions> _options;
    private readonly ILogger _logger;

    /// <summary>
    /// Whether bodies are read into arrays rented from the shared pool and returned once the handler's task
    /// completed: only for the SDK's own handler, which keeps nothing of the body (what it keeps, it copies
    /// out as strings). A host's handler gets an array of its own, which it may keep.
    /// </summary>
    private readonly bool _pooled;

    public VstsWebhookEndpoint(IServiceProvider services)
    {
        _handler = services.GetRequiredService<IInboundSyncHandler>();
        _pooled = _handler is InboundSyncHandler;
        _options = services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>();
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggerName) ?? NullLogger.Instance;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        var logger = _logger;
        var aborted = context.RequestAborted;
        var limit = options.MaxBodyBytes;

        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            // Refused from the header alone: the body is never read.
            AspNetCoreLog.TooLarge(logger, limit, declared);
            await AnswerAsync(context, logger, TooLarge(limit)).ConfigureAwait(false);
            return;
        }

        // The server stops a chunked body at the same limit, when it can.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = limit;
        }

        BodyBuffer? body;
        try
        {
            body = await ReadBodyAsync(context.Request.Body, limit, context.Request.ContentLength, _pooled, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            AspNetCoreLog.ClientGone(logger);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            AspNetCoreLog.BodyUnreadable(logger, ex);
            await AnswerAsync(context, logger, new VstsWebhookResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                Outcome = VstsWebhookOutcome.InvalidPayload,
                Reason = "The request body could not be read.",
            }).ConfigureAwait(false);
            return;
        }

        if (body is not { } bytes)
        {
            AspNetCoreLog.TooLarge(logger, limit, context.Request.ContentLength);
            await AnswerAsync(context, logger, TooLarge(limit)).ConfigureAwait(false);
            return;
        }

        VstsWebhookResult result;
        try
        {
            result = await _handler.HandleAsync(new VstsWebhookRequest(bytes.Memory, Headers(context.Request.Headers)), aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            AspNetCoreLog.ClientGone(logger);
            return;
        }
        catch (Exception ex)
        {
            // The handler answers every expected failure itself; this is a bug or a broken dependency.
            // 503 makes Azure DevOps deliver again, where a 500 would put the subscription on probation.
            AspNetCoreLog.HandlerFailed(logger, ex);
            result = new VstsWebhookResult
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                Outcome = VstsWebhookOutcome.StoreUnavailable,
                Reason = "The webhook could not be processed; deliver it again later.",
                RetryAfter = options.StoreFailureRetryAfter,
            };
        }
        finally
        {
            Release(bytes.Array, _pooled);
        }

        await AnswerAsync(context, logger, result).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes; <see langword="null"/> as soon as the body is longer
    /// (whatever Content-Length said, and for chunked bodies that have none). The body is read straight
    /// into the one array handed to the handler: sized from Content-Length (plus a byte, so a body longer
    /// than declared shows without another buffer; at most 1 MB before any byte arrived), grown as a
    /// chunked body comes; rented from the shared pool when <paramref name="pooled"/> (the caller returns it).
    /// </summary>
    private static async ValueTask<BodyBuffer?> ReadBodyAsync(Stream body, long limit, long? declared, bool pooled, CancellationToken cancellationToken)
    {
        var buffer = Allocate((int)Math.Min(limit + 1, Math.Min(declared ?? ChunkSize, ChunkSize * 64) + 1), pooled);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var grown = Allocate((int)Math.Min(limit + 1, (long)buffer.Length * 2), pooled);
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    Release(buffer, pooled);
                    buffer = grown;
                }

                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new BodyBuffer(buffer, filled);
                }

                filled += read;
                if (filled > limit)
                {
                    Release(buffer, pooled);
                    return null;
                }
            }
        }
        catch
        {
            Release(buffer, pooled);
            throw;
        }
    }

    private static byte[] Allocate(int length, bool pooled) => pooled ? ArrayPool<byte>.Shared.Rent(length) : new byte[length];

    private static void Release(byte[] buffer, bool pooled)
    {
        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A body read: the array and how much of it the body fills.</summary>
    private readonly record struct BodyBuffer(byte[] Array, int Length)
    {
        public ReadOnlyMemory<byte> Memory => new(Array, 0, Length);
    }

    private static Dictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var copy = VstsWebhookRequest.NewHeaders(headers.Count);
        foreach (var (name, values) in headers)
        {
            // The handler keeps a header's first value, as VstsWebhookRequest documents.
            VstsWebhookRequest.AddHeader(copy, name, values.Count > 0 ? values[0] ?? string.Empty : string.Empty);
        }

        return copy;
    }

    private static VstsWebhookResult TooLarge(long limit) => new()
    {
        StatusCode = StatusCodes.Status413PayloadTooLarge,
        Outcome = VstsWebhookOutcome.PayloadTooLarge,
        Reason = $"The body is larger than {limit.ToString(CultureInfo.InvariantCulture)} bytes.",
    };

    /// <summary>
    /// The status, <c>Retry-After</c> when given, and a small JSON body: problem details (RFC 9457) for
    /// errors, <c>{"outcome","detail"}</c> otherwise. Azure DevOps shows it in the subscription's history.
    /// </summary>
    private static async Task AnswerAsync(HttpContext context, ILogger logger, VstsWebhookResult result)
    {
        AspNetCoreLog.Answered(logger, result.StatusCode, result.Outcome, result.Reason);
        var response = context.Response;
        response.StatusCode = result.StatusCode;
        if (result.RetryAfter is { } retryAfter)
        {
            // Delta-seconds, rounded up so a sub-second wait is not sent as "0".
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var payload = EncodedAnswer.For(result);
        response.ContentType = payload.ContentType;
        response.ContentLength = payload.Body.Length;
        try
        {
            await response.Body.WriteAsync(payload.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            AspNetCoreLog.ClientGone(logger);
        }
    }

    /// <summary>
    /// An answer's body, encoded once: the handler answers from a few fixed reasons, so the last body of
    /// each outcome is kept and sent again while the status and the reason are the same (one slot per
    /// outcome, replaced whole, so concurrent requests read either the old or the new one).
    /// </summary>
    private sealed record EncodedAnswer(int Status, string Reason, string ContentType, byte[] Body)
    {
        private static readonly EncodedAnswer?[] Last = new EncodedAnswer?[Enum.GetValues<VstsWebhookOutcome>().Length];

        public static EncodedAnswer For(VstsWebhookResult result)
        {
            var slot = (int)result.Outcome;
            if ((uint)slot < (uint)Last.Length
                && Last[slot] is { } last
                && last.Status == result.StatusCode
                && string.Equals(last.Reason, result.Reason, StringComparison.Ordinal))
            {
                return last;
            }

            var encoded = Encode(result);
            if ((uint)slot < (uint)Last.Length)
            {
                Last[slot] = encoded;
            }

            return encoded;
        }

        private static EncodedAnswer Encode(VstsWebhookResult result)
        {
            var problem = result.StatusCode >= 400;
            var payload = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(payload))
            {
                json.WriteStartObject();
                if (problem)
                {
                    json.WriteString("type", "about:blank");
                    json.WriteString("title", ReasonPhrases.GetReasonPhrase(result.StatusCode));
                    json.WriteNumber("status", result.StatusCode);
                }

                json.WriteString("detail", result.Reason);
                json.WriteString("outcome", result.Outcome.ToString());
                json.WriteEndObject();
            }

            return new EncodedAnswer(result.StatusCode, result.Reason, problem ? "application/problem+json" : "application/json", payload.WrittenSpan.ToArray());
        }
    }
}
