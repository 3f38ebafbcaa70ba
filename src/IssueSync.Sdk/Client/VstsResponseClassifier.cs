using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Turns an <see cref="HttpResponseMessage"/> into success or a <see cref="VstsApiException"/>.
/// Every area client goes through here, so "what counts as failure" lives in one place.
/// </summary>
internal static class VstsResponseClassifier
{
    /// <summary>
    /// What a 401 (or the sign-in page) most likely means, in the words a user acts on. The SDK does
    /// not know which applies: Azure DevOps answers all of them alike.
    /// </summary>
    internal const string CredentialNotAcceptedHint =
        "The credential was not accepted: a personal access token may be expired or revoked, lack a scope this call needs, "
        + "or belong to another organization (an organization-scoped token works only in its own organization); "
        + "for OAuth, the user or an administrator may have revoked the authorization.";

    // Error bodies are small JSON documents; anything larger is not worth buffering for a message.
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Throws when <paramref name="response"/> is not a usable success.</summary>
    public static async ValueTask EnsureSuccessAsync(
        HttpResponseMessage response, string operation, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        var failure = await ClassifyAsync(response, operation, cancellationToken, timeProvider).ConfigureAwait(false);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Returns <see langword="null"/> for a usable success, otherwise the exception describing the failure.
    /// A 2xx whose body is an HTML page (the sign-in page), a 203 and any 3xx are authentication failures.
    /// </summary>
    public static async ValueTask<VstsApiException?> ClassifyAsync(
        HttpResponseMessage response, string operation, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = response.StatusCode;
        var code = (int)status;

        if (code is >= 200 and < 300 && status != HttpStatusCode.NonAuthoritativeInformation && !IsHtml(response))
        {
            return null;
        }

        var activityId = GetActivityId(response);
        var retryAfter = GetRetryAfter(response, timeProvider ?? TimeProvider.System);

        if (code < 400)
        {
            // 203 and 3xx from Azure DevOps are its sign-in flow (redirects are never followed, so
            // credentials cannot leak to another host); an HTML 2xx is the sign-in page itself.
            var why = code is >= 300 and < 400
                ? $"a redirect ({code}) to {DescribeRedirectTarget(response.Headers.Location)}"
                : $"an HTML page ({code})";
            return new VstsApiException(
                $"Azure DevOps answered {operation} with {why} instead of data. {CredentialNotAcceptedHint}",
                VstsErrorKind.Unauthorized,
                status,
                activityId: activityId,
                operation: operation);
        }

        var (serviceMessage, typeKey) = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var errorCode = ExtractErrorCode(serviceMessage);
        var kind = KindFor(status, errorCode);

        var message = new StringBuilder()
            .Append("Azure DevOps answered ").Append(code.ToString(CultureInfo.InvariantCulture))
            .Append(" (").Append(kind.ToString()).Append(") to ").Append(operation);
        if (!string.IsNullOrEmpty(serviceMessage))
        {
            message.Append(": ").Append(serviceMessage);
        }
        else
        {
            message.Append('.');
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            if (message[^1] != '.')
            {
                message.Append('.');
            }

            message.Append(' ').Append(CredentialNotAcceptedHint);
        }

        return new VstsApiException(
            message.ToString(), kind, status, errorCode, typeKey, serviceMessage, activityId, retryAfter, operation);
    }

    /// <summary>Deserializes a successful JSON body, or throws a <see cref="VstsApiException"/> that names the operation.</summary>
    public static async Task<T> ReadJsonAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string operation, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        T? value;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw InvalidResponse(response, operation, $"the body is not valid JSON of the expected shape ({ex.Message})", ex);
        }

        return value ?? throw InvalidResponse(response, operation, "the body was empty or null", null);
    }

    /// <summary>Wraps a failure that produced no HTTP answer (network or timeout).</summary>
    public static VstsApiException FromTransportFailure(Exception exception, string operation, bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return timedOut
            ? new VstsApiException($"Azure DevOps did not answer {operation} in time.", VstsErrorKind.Timeout, operation: operation, innerException: exception)
            : new VstsApiException($"{operation} could not reach Azure DevOps: {exception.Message}", VstsErrorKind.Network, operation: operation, innerException: exception);
    }

    /// <summary>
    /// The request's own deadline ended it: says how long the SDK waited, over how many attempts, and
    /// which settings bound it (<paramref name="settingsHint"/>).
    /// </summary>
    public static VstsApiException FromDeadline(Exception exception, string operation, TimeSpan elapsed, int attempts, string settingsHint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var seconds = elapsed >= TimeSpan.FromSeconds(1)
            ? Math.Round(elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : Math.Round(elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
        var tries = attempts > 0
            ? $" ({attempts.ToString(CultureInfo.InvariantCulture)} {(attempts == 1 ? "attempt" : "attempts")})"
            : string.Empty;
        return new VstsApiException(
            $"Azure DevOps did not answer {operation} within {seconds}{tries}. {settingsHint}",
            VstsErrorKind.Timeout,
            operation: operation,
            innerException: exception);
    }

    /// <summary>Maps an HTTP status (and the Azure DevOps error code) to a kind.</summary>
    public static VstsErrorKind KindFor(HttpStatusCode status, string? errorCode)
    {
        if (string.Equals(errorCode, "TF26071", StringComparison.OrdinalIgnoreCase))
        {
            return VstsErrorKind.Conflict;
        }

        if (string.Equals(errorCode, "TF400733", StringComparison.OrdinalIgnoreCase))
        {
            return VstsErrorKind.RateLimited;
        }

        return (int)status switch
        {
            401 => VstsErrorKind.Unauthorized,
            403 => VstsErrorKind.Forbidden,
            404 or 410 => VstsErrorKind.NotFound,
            408 => VstsErrorKind.Timeout,
            409 or 412 => VstsErrorKind.Conflict,
            429 => VstsErrorKind.RateLimited,
            502 or 503 or 504 => VstsErrorKind.Unavailable,
            >= 500 => VstsErrorKind.Server,
            _ => VstsErrorKind.Validation,
        };
    }

    /// <summary>
    /// The <c>TFnnnnnn</c>/<c>VSnnnnnn</c> code at the very start of an Azure DevOps message, e.g.
    /// <c>TF401320</c> from "TF401320: Rule Error for field Title...".
    /// </summary>
    public static string? ExtractErrorCode(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        var text = message.AsSpan().TrimStart();
        if (text.Length < 3 || !(text.StartsWith("TF", StringComparison.OrdinalIgnoreCase) || text.StartsWith("VS", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var digits = 0;
        while (2 + digits < text.Length && char.IsAsciiDigit(text[2 + digits]))
        {
            digits++;
        }

        // A code is 5 or 6 digits and ends the word ("TF401320:" or "TF401320 ").
        if (digits is < 5 or > 6 || (2 + digits < text.Length && char.IsAsciiLetterOrDigit(text[2 + digits])))
        {
            return null;
        }

        return string.Concat(text[..2].ToString().ToUpperInvariant(), text.Slice(2, digits).ToString());
    }

    /// <summary>
    /// The delay the server asked for: <c>Retry-After</c> as seconds or as an HTTP date (relative
    /// to <paramref name="timeProvider"/>'s clock), never negative.
    /// </summary>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static VstsApiException InvalidResponse(HttpResponseMessage response, string operation, string reason, Exception? inner) =>
        new($"Azure DevOps answered {operation} with success, but {reason}.",
            VstsErrorKind.InvalidResponse,
            response.StatusCode,
            activityId: GetActivityId(response),
            operation: operation,
            innerException: inner);

    // Only scheme, host and port: the path and query of a sign-in URL can carry tokens, and a
    // relative Location (which GetLeftPart rejects with InvalidOperationException) has no host.
    private static string DescribeRedirectTarget(Uri? location) => location switch
    {
        null => "an unknown location",
        { IsAbsoluteUri: true } => location.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped),
        _ => "a relative location on the same host",
    };

    private static bool IsHtml(HttpResponseMessage response)
    {
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        return mediaType is not null
            && (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));
    }

    private static string? GetActivityId(HttpResponseMessage response) =>
        FirstHeader(response.Headers, "ActivityId") ?? FirstHeader(response.Headers, "X-VSS-E2EID");

    private static string? FirstHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<(string? Message, string? TypeKey)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is null || IsHtml(response))
        {
            return (null, null);
        }

        byte[] body;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                body = await ReadAtMostAsync(stream, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            return (null, null);
        }
        catch (HttpRequestException)
        {
            return (null, null);
        }

        return ParseErrorBody(body);
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>Reads <c>message</c> and <c>typeKey</c> from an Azure DevOps error body; tolerant of anything else.</summary>
    internal static (string? Message, string? TypeKey) ParseErrorBody(ReadOnlySpan<byte> body)
    {
        string? message = null;
        string? typeKey = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                var isTypeKey = !isMessage && reader.ValueTextEquals("typeKey"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isMessage || isTypeKey))
                {
                    if (isMessage)
                    {
                        message = reader.GetString();
                    }
                    else
                    {
                        typeKey = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A truncated or non-JSON error body still yields whatever was read before the fault.
        }

        return (message, typeKey);
    }
}
