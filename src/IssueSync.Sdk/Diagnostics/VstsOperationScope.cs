using System.Diagnostics;
using System.Runtime.CompilerServices;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// One public SDK operation as traces and metrics see it: a span named after the operation
/// (started only when someone listens), the duration histogram, and (for client operations) the
/// failure log line. A single-request operation gets its scope from the request sender; an
/// operation of several requests (paging, batches, a re-read) opens one around all of them and
/// marks its requests <see cref="VstsRequest.InOperation"/>, so they add no scope of their own.
/// The HTTP spans of the requests come from HttpClient, as children of this one.
/// </summary>
/// <remarks>The default value is an inactive scope: every member does nothing.</remarks>
internal readonly struct VstsOperationScope
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly string? _operation;

    private VstsOperationScope(Activity? activity, long started, string operation)
    {
        _activity = activity;
        _started = started;
        _operation = operation;
    }

    /// <summary>The span, when someone listens.</summary>
    public Activity? Activity => _activity;

    /// <summary>
    /// Starts the scope of <paramref name="operation"/> on <paramref name="connection"/>.
    /// <paramref name="workItemId"/> is tagged when the operation is about one work item;
    /// <paramref name="requestUri"/> names the server of a single-request operation (the
    /// organization's host otherwise).
    /// </summary>
    public static VstsOperationScope Start(string operation, VstsConnection connection, int? workItemId = null, Uri? requestUri = null) =>
        Start(operation, connection.OrganizationUrl, workItemId, requestUri);

    /// <summary>
    /// Starts the scope of an operation that may have no organization yet (the account client's
    /// organization-less calls): <paramref name="organizationUrl"/> is tagged when known.
    /// </summary>
    public static VstsOperationScope Start(string operation, Uri? organizationUrl, int? workItemId, Uri? requestUri)
    {
        var activity = VstsTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("issuesync.operation", operation);
            if (organizationUrl is not null)
            {
                // Scheme, host and path of the organization only: never a query, a user or a credential.
                activity.SetTag("issuesync.organization", organizationUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
            }

            if ((requestUri ?? organizationUrl)?.Host is { } host)
            {
                activity.SetTag("server.address", host);
            }

            if (workItemId is { } id)
            {
                activity.SetTag("issuesync.work_item.id", id);
            }
        }

        return new VstsOperationScope(activity, Stopwatch.GetTimestamp(), operation);
    }

    /// <summary>
    /// Ends the scope as a success. <paramref name="status"/> is the HTTP status of a
    /// single-request operation; <see langword="null"/> for an operation of several requests
    /// (each HTTP span carries its own).
    /// </summary>
    public void Succeeded(int? status)
    {
        if (_operation is null)
        {
            return;
        }

        Record(status, errorKind: null);
        if (_activity is not null)
        {
            if (status is { } code)
            {
                _activity.SetTag("http.response.status_code", code);
            }

            _activity.SetTag("issuesync.outcome", "success");
            _activity.SetStatus(ActivityStatusCode.Ok);
            _activity.Dispose();
        }
    }

    /// <summary>
    /// Ends the scope as a failure. With a <paramref name="logger"/> the failure is logged (Warning,
    /// or Error for faults that point at a defect); without one it is only traced and measured.
    /// </summary>
    public void Failed(Exception exception, ILogger? logger)
    {
        if (_operation is null)
        {
            return;
        }

        var api = exception as VstsApiException;
        var status = api?.StatusCode is { } code ? (int)code : 0;
        var kind = ErrorKindOf(exception);
        Record(status, kind);
        if (_activity is not null)
        {
            if (status != 0)
            {
                _activity.SetTag("http.response.status_code", status);
            }

            _activity.SetTag("issuesync.outcome", "failure");
            _activity.SetTag("error.type", kind);
            if (api?.ErrorCode is { } errorCode)
            {
                _activity.SetTag("issuesync.error_code", errorCode);
            }

            _activity.SetStatus(ActivityStatusCode.Error, kind);
            _activity.Dispose();
        }

        if (api is null || logger is null)
        {
            return;
        }

        // Server faults and answers the SDK cannot read point at a defect; the rest are outcomes
        // a caller handles (not found, conflict, throttled, unavailable...).
        if (api.Kind is VstsErrorKind.Server or VstsErrorKind.InvalidResponse or VstsErrorKind.Unknown)
        {
            if (logger.IsEnabled(LogLevel.Error))
            {
                VstsLog.OperationFailedUnexpectedly(logger, _operation, kind, status, api.ErrorCode, api.ActivityId);
            }
        }
        else if (logger.IsEnabled(LogLevel.Warning))
        {
            VstsLog.OperationFailed(logger, _operation, kind, status, api.ErrorCode, api.ActivityId);
        }
    }

    /// <summary>Ends the scope as cancelled by the caller.</summary>
    public void Canceled()
    {
        if (_operation is null)
        {
            return;
        }

        Record(0, "Canceled");
        if (_activity is not null)
        {
            _activity.SetTag("issuesync.outcome", "canceled");
            _activity.SetTag("error.type", "Canceled");
            _activity.SetStatus(ActivityStatusCode.Error, "Canceled");
            _activity.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> inside one scope: the pattern for a public operation that
    /// makes several calls (an <c>IIssueIntegration</c> method, or an area-client method
    /// of several requests). Failures are traced and measured, and logged when
    /// <paramref name="logger"/> is given. <paramref name="resultWorkItemId"/> tags the work item
    /// an operation found or made, when it is not known up front (a create).
    /// </summary>
    public static async Task<T> RunAsync<T>(
        string operation, Uri? organizationUrl, int? workItemId, ILogger? logger, Func<Task<T>> call, Func<T, int?>? resultWorkItemId = null)
    {
        var scope = Start(operation, organizationUrl, workItemId, requestUri: null);
        try
        {
            var result = await call().ConfigureAwait(false);
            if (scope.Activity is { } span && resultWorkItemId?.Invoke(result) is { } id)
            {
                span.SetTag("issuesync.work_item.id", id);
            }

            scope.Succeeded(status: null);
            return result;
        }
        catch (OperationCanceledException)
        {
            scope.Canceled();
            throw;
        }
        catch (Exception ex)
        {
            scope.Failed(ex, logger);
            throw;
        }
    }

    /// <summary>
    /// Wraps an asynchronous sequence of several requests (all pages of a list) in one scope, from
    /// the first item asked for to the last; a consumer that stops early ends it as a success.
    /// Every request of the sequence runs under the scope's span.
    /// </summary>
    public static async IAsyncEnumerable<T> RunAsync<T>(
        string operation,
        VstsConnection connection,
        int? workItemId,
        ILogger? logger,
        Func<CancellationToken, IAsyncEnumerable<T>> sequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scope = Start(operation, connection, workItemId);
        var ended = false;
        IAsyncEnumerator<T>? items = null;
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    // The items are consumed under the caller's span; the requests run under this one.
                    if (scope.Activity is { } span)
                    {
                        Activity.Current = span;
                    }

                    // Made here, so a sequence that fails at once still ends the scope as a failure.
                    items ??= sequence(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    more = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    ended = true;
                    scope.Canceled();
                    throw;
                }
                catch (Exception ex)
                {
                    ended = true;
                    scope.Failed(ex, logger);
                    throw;
                }

                if (!more)
                {
                    break;
                }

                yield return items.Current;
            }

            ended = true;
            scope.Succeeded(status: null);
        }
        finally
        {
            if (items is not null)
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }
            if (!ended)
            {
                scope.Succeeded(status: null);
            }
        }
    }

    /// <summary>The exception's kind when it carries one (see <see cref="IErrorKindSource"/>), its type name otherwise.</summary>
    private static string ErrorKindOf(Exception exception) =>
        exception is IErrorKindSource source ? source.ErrorKind : exception.GetType().Name;

    private void Record(int? status, string? errorKind)
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
