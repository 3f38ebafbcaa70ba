using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// Log lines of the retry layer. Event ids are stable: never change or reuse one.
/// Nothing logged here carries a header value, a token or a query string.
/// </summary>
internal static partial class ResilienceLog
{
    /// <summary>A self-healing event, so Information rather than Warning.</summary>
    [LoggerMessage(EventId = 5101, EventName = "RetryScheduled", Level = LogLevel.Information,
        Message = "Retrying {Operation} (retry {Attempt}) after status {StatusCode} {ExceptionType} in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string operation, int attempt, int statusCode, string? exceptionType, double delayMs);

    [LoggerMessage(EventId = 5102, EventName = "WaitCallbackFailed", Level = LogLevel.Warning,
        Message = "The OnWait callback of the resilience options threw while {Operation} waited ({Reason}); the request goes on")]
    public static partial void WaitCallbackFailed(ILogger logger, string reason, string operation, Exception exception);
}
