using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// Log lines of the request pipeline. Event ids are stable: never change or reuse one. No line
/// carries a header value other than Azure DevOps' ActivityId, a token, or a query string.
/// </summary>
internal static partial class VstsLog
{
    [LoggerMessage(EventId = 5001, EventName = "RequestCompleted", Level = LogLevel.Debug,
        Message = "{Method} {Url} answered {StatusCode} in {ElapsedMs} ms (attempt {Attempt})")]
    public static partial void RequestCompleted(ILogger logger, string method, string url, int statusCode, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 5002, EventName = "RequestFailed", Level = LogLevel.Debug,
        Message = "{Method} {Url} got no answer after {ElapsedMs} ms (attempt {Attempt}): {ExceptionType}")]
    public static partial void RequestFailed(ILogger logger, string method, string url, double elapsedMs, int attempt, string exceptionType);

    [LoggerMessage(EventId = 5003, EventName = "Throttled", Level = LogLevel.Warning,
        Message = "Azure DevOps asked {Organization} to slow down: Retry-After {RetryAfterMs} ms, {Remaining} of {Limit} TSTUs left")]
    public static partial void Throttled(ILogger logger, string organization, double retryAfterMs, double? remaining, double? limit);

    [LoggerMessage(EventId = 5010, EventName = "OperationFailed", Level = LogLevel.Warning,
        Message = "{Operation} failed: {Kind} (status {StatusCode}, error code {ErrorCode}, ActivityId {ActivityId})")]
    public static partial void OperationFailed(ILogger logger, string operation, string kind, int statusCode, string? errorCode, string? activityId);

    [LoggerMessage(EventId = 5011, EventName = "OperationFailedUnexpectedly", Level = LogLevel.Error,
        Message = "{Operation} failed: {Kind} (status {StatusCode}, error code {ErrorCode}, ActivityId {ActivityId})")]
    public static partial void OperationFailedUnexpectedly(ILogger logger, string operation, string kind, int statusCode, string? errorCode, string? activityId);
}
