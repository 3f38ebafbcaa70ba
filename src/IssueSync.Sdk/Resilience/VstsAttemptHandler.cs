using System.Diagnostics;
using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Runs once per attempt, inside the retry and outside authentication: applies the attempt's
/// timeout (from the request's <see cref="VstsRetryPolicy.RequestDeadlines"/>, when the SDK's
/// policy sends it), waits while the request's organization is paced, then records the answer (rate-limit headers, the request log line at
/// Debug, the request and throttling metrics). Stateless; rate-limit state lives in the
/// <see cref="VstsRateLimiter"/> singleton.
/// </summary>
internal sealed class VstsAttemptHandler(VstsRateLimiter limiter, ILoggerFactory loggerFactory) : DelegatingHandler
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("IssueSync.Sdk.Http");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Under the SDK's retry policy the attempt gets its own timeout (the nearer of the attempt
        // timeout and the overall deadline); a replacement policy brings its own.
        var deadlines = VstsRetryPolicy.DeadlinesOf(request);
        var token = deadlines?.StartAttempt() ?? cancellationToken;
        try
        {
            if (!request.Options.TryGetValue(VstsRequestOptions.Connection, out var connection))
            {
                return await base.SendAsync(request, token).ConfigureAwait(false);
            }

            var attempt = request.Options.TryGetValue(VstsRequestOptions.Attempt, out var previous) ? previous + 1 : 1;
            VstsRequestOptions.SetCount(request.Options, VstsRequestOptions.Attempt, attempt);
            var operation = request.Options.TryGetValue(VstsRequestOptions.Operation, out var op) ? op : "request";
            var organization = connection.OrganizationUrl;
            await limiter.WaitAsync(organization, token).ConfigureAwait(false);

            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not VstsApiException)
            {
                if (VstsTelemetry.Requests.Enabled)
                {
                    VstsTelemetry.Requests.Add(1, new("operation", operation), new("status", 0));
                }
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var url = LoggableUrl(request.RequestUri);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var exceptionType = ex.GetType().Name;
                    VstsLog.RequestFailed(_logger, request.Method.Method, url, elapsed, attempt, exceptionType);
                }

                throw;
            }

            var status = (int)response.StatusCode;
            // Guarded: the boxed status tag would be allocated on every request even with no listener.
            if (VstsTelemetry.Requests.Enabled)
            {
                VstsTelemetry.Requests.Add(1, new("operation", operation), new("status", status));
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var url = LoggableUrl(request.RequestUri);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                VstsLog.RequestCompleted(_logger, request.Method.Method, url, status, elapsed, attempt);
            }

            if (limiter.Record(organization, response) is { } paced)
            {
                VstsTelemetry.Throttled.Add(1, new("operation", operation), new("status", status));
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    var snapshot = limiter.GetSnapshot(organization);
                    VstsLog.Throttled(_logger, organization.AbsoluteUri, paced.TotalMilliseconds, snapshot?.Remaining, snapshot?.Limit);
                }
            }
            else if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                VstsTelemetry.Throttled.Add(1, new("operation", operation), new("status", status));
            }

            return response;
        }
        catch (OperationCanceledException ex) when (deadlines is { HasExpired: true })
        {
            throw deadlines.Expired(ex);
        }
    }

    /// <summary>Scheme, host and path only: a query string is never logged.</summary>
    internal static string LoggableUrl(Uri? uri) =>
        uri is null ? string.Empty : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
