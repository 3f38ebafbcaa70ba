using System.Diagnostics;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// One SDK call as traces and metrics see it: a span named after the operation (started only
/// when someone listens), the duration histogram, and the failure log line.
/// </summary>
internal readonly struct VstsOperationScope
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly string _operation;

    private VstsOperationScope(Activity? activity, long started, string operation)
    {
        _activity = activity;
        _started = started;
        _operation = operation;
    }

    public static VstsOperationScope Start(string operation, Uri requestUri, VstsConnection connection)
    {
        var activity = VstsTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("issuesync.operation", operation);
            activity.SetTag("issuesync.organization", connection.OrganizationUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
            activity.SetTag("server.address", requestUri.Host);
        }

        return new VstsOperationScope(activity, Stopwatch.GetTimestamp(), operation);
    }

    public void Succeeded(int status)
    {
        Record(status, errorKind: null);
        if (_activity is not null)
        {
            _activity.SetTag("http.response.status_code", status);
            _activity.SetStatus(ActivityStatusCode.Ok);
            _activity.Dispose();
        }
    }

    public void Failed(VstsApiException exception, ILogger logger)
    {
        var status = exception.StatusCode is { } code ? (int)code : 0;
        var kind = exception.Kind.ToString();
        Record(status, kind);
        if (_activity is not null)
        {
            if (status != 0)
            {
                _activity.SetTag("http.response.status_code", status);
            }

            _activity.SetTag("error.type", kind);
            _activity.SetTag("issuesync.error_code", exception.ErrorCode);
            _activity.SetStatus(ActivityStatusCode.Error, kind);
            _activity.Dispose();
        }

        // Server faults and answers the SDK cannot read point at a defect; the rest are outcomes
        // a caller handles (not found, conflict, throttled, unavailable...).
        if (exception.Kind is VstsErrorKind.Server or VstsErrorKind.InvalidResponse or VstsErrorKind.Unknown)
        {
            if (logger.IsEnabled(LogLevel.Error))
            {
                VstsLog.OperationFailedUnexpectedly(logger, _operation, kind, status, exception.ErrorCode, exception.ActivityId);
            }
        }
        else if (logger.IsEnabled(LogLevel.Warning))
        {
            VstsLog.OperationFailed(logger, _operation, kind, status, exception.ErrorCode, exception.ActivityId);
        }
    }

    public void Canceled()
    {
        Record(0, "Canceled");
        if (_activity is not null)
        {
            _activity.SetTag("error.type", "Canceled");
            _activity.SetStatus(ActivityStatusCode.Error, "Canceled");
            _activity.Dispose();
        }
    }

    private void Record(int status, string? errorKind)
    {
        if (VstsTelemetry.OperationDuration.Enabled)
        {
            VstsTelemetry.OperationDuration.Record(
                Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", _operation),
                new KeyValuePair<string, object?>("status", status),
                new KeyValuePair<string, object?>("error.kind", errorKind));
        }
    }
}
