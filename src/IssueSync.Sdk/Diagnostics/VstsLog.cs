using System.Globalization;
using System.Text;
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

    /// <summary>Event 5010 (Warning): an operation failed in a way a caller handles.</summary>
    public static void OperationFailed(ILogger logger, string operation, string kind, int statusCode, string? errorCode, string? activityId) =>
        logger.Log(LogLevel.Warning, OperationFailedEvent, new FailureState(operation, kind, statusCode, errorCode, activityId), null, static (state, _) => state.ToString());

    /// <summary>Event 5011 (Error): an operation failed in a way that points at a defect (server fault, unreadable answer).</summary>
    public static void OperationFailedUnexpectedly(ILogger logger, string operation, string kind, int statusCode, string? errorCode, string? activityId) =>
        logger.Log(LogLevel.Error, OperationFailedUnexpectedlyEvent, new FailureState(operation, kind, statusCode, errorCode, activityId), null, static (state, _) => state.ToString());

    private static readonly EventId OperationFailedEvent = new(5010, "OperationFailed");
    private static readonly EventId OperationFailedUnexpectedlyEvent = new(5011, "OperationFailedUnexpectedly");

    /// <summary>
    /// The state of 5010/5011: "{Operation} failed: {Kind} (status {StatusCode}, error code {ErrorCode},
    /// ActivityId {ActivityId})" with only the parts that exist, in the text, the properties and the
    /// template alike (never "error code (null)"; no status when there was no answer).
    /// </summary>
    private sealed class FailureState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = new(6);
        private readonly string _message;

        public FailureState(string operation, string kind, int statusCode, string? errorCode, string? activityId)
        {
            var template = new StringBuilder("{Operation} failed: {Kind}");
            var message = new StringBuilder().Append(operation).Append(" failed: ").Append(kind);
            _values.Add(new("Operation", operation));
            _values.Add(new("Kind", kind));
            var parts = 0;
            void Part(string label, string name, object value, string text)
            {
                var separator = parts++ == 0 ? " (" : ", ";
                template.Append(separator).Append(label).Append(" {").Append(name).Append('}');
                message.Append(separator).Append(label).Append(' ').Append(text);
                _values.Add(new(name, value));
            }

            if (statusCode != 0)
            {
                Part("status", "StatusCode", statusCode, statusCode.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(errorCode))
            {
                Part("error code", "ErrorCode", errorCode, errorCode);
            }

            if (!string.IsNullOrEmpty(activityId))
            {
                Part("ActivityId", "ActivityId", activityId, activityId);
            }

            if (parts > 0)
            {
                template.Append(')');
                message.Append(')');
            }

            _values.Add(new("{OriginalFormat}", template.ToString()));
            _message = message.ToString();
        }

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _message;
    }
}
