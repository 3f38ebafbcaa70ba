using System.Diagnostics;
using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Runs once per attempt, inside the retry and outside authentication: applies the attempt's
/// timeout (from the request's <see cref="VstsRetryPolicy.RequestDeadlines"/>, when the SDK's
/// policy sends it), waits while the request's organization is paced, tells
/// <see cref="VstsResilienceOptions.OnWait"/> of that wait and of an answer that is long in coming,
/// then records the answer (rate-limit headers, the request log line at Debug, the request and
/// throttling metrics). Stateless; rate-limit state lives in the
/// <see cref="VstsRateLimiter"/> singleton.
/// </summary>
internal sealed class VstsAttemptHandler(
    VstsRateLimiter limiter,
    ILoggerFactory loggerFactory,
    IOptionsMonitor<VstsResilienceOptions> options,
    TimeProvider timeProvider) : DelegatingHandler
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("IssueSync.Sdk.Http");
    private readonly ILogger _resilienceLogger = loggerFactory.CreateLogger("IssueSync.Sdk.Resilience");

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
            var onWait = options.CurrentValue.OnWait;
            var pacing = limiter.PacingDelay(organization);
            if (pacing > TimeSpan.Zero)
            {
                if (onWait is not null)
                {
                    VstsWaitNotifier.Notify(onWait, _resilienceLogger, VstsWaitReason.Paced, request, attempt, pacing);
                }

                await Task.Delay(pacing, timeProvider, token).ConfigureAwait(false);
            }

            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            using var notices = onWait is null ? null : NoAnswerNotices.Start(onWait, options.CurrentValue.NoAnswerNotice, request, attempt, timeProvider, _resilienceLogger);
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

            // The answer came: no notice may follow it.
            notices?.Dispose();
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

    /// <summary>
    /// The <see cref="VstsWaitReason.NoAnswerYet"/> notices of one attempt: every
    /// <see cref="VstsResilienceOptions.NoAnswerNotice"/> until disposed (the answer came, or the attempt
    /// failed or timed out). A notice never starts after <see cref="Dispose"/> has returned.
    /// </summary>
    private sealed class NoAnswerNotices : IDisposable
    {
        private readonly Action<VstsRequestWait> _onWait;
        private readonly HttpRequestMessage _request;
        private readonly int _attempt;
        private readonly TimeProvider _timeProvider;
        private readonly ILogger _logger;
        private readonly long _started;
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private bool _done;

        private NoAnswerNotices(Action<VstsRequestWait> onWait, HttpRequestMessage request, int attempt, TimeProvider timeProvider, ILogger logger)
        {
            _onWait = onWait;
            _request = request;
            _attempt = attempt;
            _timeProvider = timeProvider;
            _logger = logger;
            _started = timeProvider.GetTimestamp();
        }

        /// <summary>Starts the notices, or returns <see langword="null"/> when the interval turns them off.</summary>
        public static NoAnswerNotices? Start(Action<VstsRequestWait> onWait, TimeSpan interval, HttpRequestMessage request, int attempt, TimeProvider timeProvider, ILogger logger)
        {
            if (interval <= TimeSpan.Zero)
            {
                // Zero and Timeout.InfiniteTimeSpan (negative) both mean off.
                return null;
            }

            var notices = new NoAnswerNotices(onWait, request, attempt, timeProvider, logger);
            notices._timer = timeProvider.CreateTimer(static state => ((NoAnswerNotices)state!).Tick(), notices, interval, interval);
            return notices;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _done = true;
            }

            _timer?.Dispose();
        }

        private void Tick()
        {
            // Under the lock, so that once Dispose returns no notice is being raised or will be.
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                VstsWaitNotifier.Notify(_onWait, _logger, VstsWaitReason.NoAnswerYet, _request, _attempt, _timeProvider.GetElapsedTime(_started));
            }
        }
    }

    /// <summary>Scheme, host and path only: a query string is never logged.</summary>
    internal static string LoggableUrl(Uri? uri) =>
        uri is null ? string.Empty : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
