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
/// The request delegate behind <c>MapVstsWebhook</c>: size limit, body, handler, answer. Stateless.
/// Answers follow Azure DevOps' delivery rules: a 500 puts the subscription on probation (and new
/// events are lost), so nothing expected ends as a 500, and an unexpected failure answers 503.
/// </summary>
internal static class VstsWebhookEndpoint
{
    public const string LoggerName = "IssueSync.Sdk.AspNetCore.Webhook";

    private const int ChunkSize = 16 * 1024;

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>().CurrentValue;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggerName) ?? NullLogger.Instance;
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

        ReadOnlyMemory<byte>? body;
        try
        {
            body = await ReadBodyAsync(context.Request.Body, limit, context.Request.ContentLength, aborted).ConfigureAwait(false);
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

        var handler = services.GetRequiredService<IInboundSyncHandler>();
        VstsWebhookResult result;
        try
        {
            result = await handler.HandleAsync(new VstsWebhookRequest(bytes, Headers(context.Request.Headers)), aborted).ConfigureAwait(false);
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

        await AnswerAsync(context, logger, result).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes; <see langword="null"/> as soon as the body is longer
    /// (whatever Content-Length said, and for chunked bodies that have none).
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, long limit, long? declared, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(declared is { } length ? (int)Math.Min(length, ChunkSize * 64) : ChunkSize);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IEnumerable<KeyValuePair<string, string>> Headers(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            // The handler keeps a header's first value, as VstsWebhookRequest documents.
            yield return new KeyValuePair<string, string>(name, values.Count > 0 ? values[0] ?? string.Empty : string.Empty);
        }
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

        response.ContentType = problem ? "application/problem+json" : "application/json";
        response.ContentLength = payload.WrittenCount;
        try
        {
            await response.Body.WriteAsync(payload.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            AspNetCoreLog.ClientGone(logger);
        }
    }
}
