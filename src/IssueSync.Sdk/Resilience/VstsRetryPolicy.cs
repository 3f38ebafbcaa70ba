using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Extensions.Http;
using Polly.Timeout;
using IssueSync.Sdk.Diagnostics;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// All of the SDK's Polly code: the retry and timeout policies of the named client and the handler
/// that applies them (the DI layer places it). Moving to Microsoft.Extensions.Http.Resilience later
/// changes this file and that placement only.
/// </summary>
/// <remarks>
/// <para>Per request (outermost first): an overall timeout, the retry, a per-attempt timeout.
/// Both timeouts share one <see cref="RequestDeadlines"/> per request (one cancellation source,
/// re-armed per attempt); the per-attempt one is applied by <see cref="VstsAttemptHandler"/>, which
/// runs inside the retry for every attempt, so Polly runs one policy plus a thin outer layer per
/// request instead of a three-policy wrap.</para>
/// <para>Idempotent requests are retried on every transient failure (5xx, 408, 429, no answer,
/// attempt timeout); the others only on 429 and on 503 with <c>Retry-After</c>, answers that say
/// the request was not processed.</para>
/// <para>The policies are built from the current <see cref="VstsResilienceOptions"/> and built
/// again when a configuration reload gives new options, never per request.</para>
/// <para>Polly v7 sleeps through its static <c>SystemClock</c>, which tests cannot control without
/// breaking parallel runs. So Polly is told to sleep zero, and <c>onRetryAsync</c> computes the
/// delay (Retry-After or jittered back-off) and awaits it through the injected
/// <see cref="TimeProvider"/>: a FakeTimeProvider drives every wait and timeout in tests.</para>
/// </remarks>
internal sealed class VstsRetryPolicy
{
    private const string DeadlinesKey = "IssueSync.Sdk.Deadlines";

    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<VstsResilienceOptions> _options;
    private readonly ILogger _logger;
    private Policies? _policies;

    public VstsRetryPolicy(IOptionsMonitor<VstsResilienceOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _logger = (ILogger?)loggerFactory?.CreateLogger("IssueSync.Sdk.Resilience") ?? NullLogger.Instance;
    }

    /// <summary>
    /// A handler that runs every request through this policy. The DI layer places it before the
    /// authentication handler, so the retry sits outside it and every attempt is authenticated afresh.
    /// </summary>
    public DelegatingHandler CreateHandler() => new Handler(Select);

    /// <summary>
    /// Removes the handler <see cref="CreateHandler"/> made (the policy handler right outside the
    /// SDK's per-attempt handlers) from a handler list being built.
    /// </summary>
    public static void RemoveFrom(IList<DelegatingHandler> handlers)
    {
        var inner = IndexOfPerAttemptHandlers(handlers);
        if (inner > 0 && handlers[inner - 1] is Handler)
        {
            handlers.RemoveAt(inner - 1);
        }
    }

    /// <summary>
    /// The index of the first of the SDK's per-attempt handlers (pacing, authentication): a
    /// retry must sit before it. -1 when there is none.
    /// </summary>
    public static int IndexOfPerAttemptHandlers(IList<DelegatingHandler> handlers)
    {
        for (var i = 0; i < handlers.Count; i++)
        {
            if (handlers[i] is VstsAttemptHandler or VstsAuthenticationHandler)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The policy for one request, by its idempotency mark, built from the current options.</summary>
    public IAsyncPolicy<HttpResponseMessage> Select(HttpRequestMessage request)
    {
        var policies = Current();
        // The handler has already attached a fresh context to the request. The request's deadlines
        // travel in it: the retry callback and the per-attempt handler read them from there (Polly
        // hands neither the request).
        if (request.GetPolicyExecutionContext() is { } context)
        {
            context[DeadlinesKey] = new RequestDeadlines(request, _timeProvider, policies.Options.AttemptTimeout, policies.Options.OverallTimeout);
        }

        return request.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) && idempotent
            ? policies.Idempotent
            : policies.NonIdempotent;
    }

    /// <summary>
    /// The policies of the current options: built again only when the options instance changes (a
    /// configuration reload), so a request costs one options read and one reference comparison.
    /// Two requests racing a reload may both build; either set is right for the new options.
    /// </summary>
    private Policies Current()
    {
        var options = _options.CurrentValue;
        var policies = Volatile.Read(ref _policies);
        if (policies is null || !ReferenceEquals(policies.Options, options))
        {
            policies = new Policies(
                options,
                Build(options, HttpPolicyExtensions.HandleTransientHttpError()
                    .Or<TimeoutRejectedException>()
                    .OrResult(static r => r.StatusCode == HttpStatusCode.TooManyRequests)),
                Build(options, Policy<HttpResponseMessage>.HandleResult(static r =>
                    r.StatusCode == HttpStatusCode.TooManyRequests
                    || (r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null))));
            Volatile.Write(ref _policies, policies);
        }

        return policies;
    }

    /// <summary>
    /// The deadlines of <paramref name="request"/> when it is being sent through this policy, for
    /// the per-attempt handler; <see langword="null"/> otherwise (e.g. a host replaced the policy).
    /// </summary>
    internal static RequestDeadlines? DeadlinesOf(HttpRequestMessage request) =>
        request.GetPolicyExecutionContext() is { } context && context.TryGetValue(DeadlinesKey, out var value)
            ? value as RequestDeadlines
            : null;

    /// <summary>
    /// The wait before retry <paramref name="attempt"/> (1-based): the server's <c>Retry-After</c>
    /// when it gave one, else jittered exponential back-off; both capped at
    /// <see cref="VstsResilienceOptions.MaxRetryAfter"/>.
    /// </summary>
    internal TimeSpan DelayFor(int attempt, HttpResponseMessage? response) => DelayFor(Current().Options, attempt, response);

    private TimeSpan DelayFor(VstsResilienceOptions options, int attempt, HttpResponseMessage? response)
    {
        var cap = options.MaxRetryAfter;
        if (response is not null && VstsResponseClassifier.GetRetryAfter(response, _timeProvider) is { } retryAfter)
        {
            return retryAfter > cap ? cap : retryAfter;
        }

        // "Equal jitter": half the exponential step for sure, the other half random, so retries
        // of many clients spread out while each still backs off.
        var step = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var jittered = (step / 2) + (Random.Shared.NextDouble() * step / 2);
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, cap.TotalMilliseconds));
        return delay;
    }

    private DeadlinePolicy Build(VstsResilienceOptions options, PolicyBuilder<HttpResponseMessage> handled)
    {
        var retry = handled.WaitAndRetryAsync(
            options.MaxRetries,
            // Zero for Polly's static clock: the real wait happens in OnRetryAsync, on TimeProvider.
            sleepDurationProvider: static (_, _, _) => TimeSpan.Zero,
            onRetryAsync: (outcome, _, attempt, context) => OnRetryAsync(options, outcome, attempt, context));
        return new DeadlinePolicy(retry);
    }

    private async Task OnRetryAsync(VstsResilienceOptions options, DelegateResult<HttpResponseMessage> outcome, int attempt, Context context)
    {
        var deadlines = context.TryGetValue(DeadlinesKey, out var value) ? value as RequestDeadlines : null;
        var request = deadlines?.Request;
        var response = outcome.Result;
        if (request is not null
            && (response is null
                ? !VstsAttemptState.NeverSent(outcome.Exception)
                : VstsAttemptState.IsServerFailure((int)response.StatusCode, response.Headers.RetryAfter is not null))
            && request.Options.TryGetValue(VstsRequestOptions.AttemptState, out var state))
        {
            // No answer after the request may have left, or a server error: the server may have applied the earlier attempt.
            state.EarlierAttemptMayHaveLanded = true;
        }

        var delay = DelayFor(options, attempt, response);
        var operation = OperationOf(request);
        VstsTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation));
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var status = response is null ? 0 : (int)response.StatusCode;
            var exceptionType = outcome.Exception?.GetType().Name;
            ResilienceLog.RetryScheduled(_logger, operation, attempt, status, exceptionType, delay.TotalMilliseconds);
        }

        if (options.OnWait is { } onWait && request is not null)
        {
            var attempted = request.Options.TryGetValue(VstsRequestOptions.Attempt, out var count) ? count : attempt;
            VstsWaitNotifier.Notify(onWait, _logger, VstsWaitNotifier.RetryReason(response), request, attempted, delay, response?.StatusCode);
        }

        if (delay > TimeSpan.Zero)
        {
            // The wait counts against the overall deadline, not against an attempt.
            var token = deadlines?.StartWait() ?? CancellationToken.None;
            await Task.Delay(delay, _timeProvider, token).ConfigureAwait(false);
        }
    }

    private static string OperationOf(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : "request";

    /// <summary>The two policies of one options instance: for idempotent requests and for the others.</summary>
    private sealed record Policies(VstsResilienceOptions Options, IAsyncPolicy<HttpResponseMessage> Idempotent, IAsyncPolicy<HttpResponseMessage> NonIdempotent);

    /// <summary>The SDK's policy handler, told apart from a host's own Polly handlers.</summary>
    private sealed class Handler(Func<HttpRequestMessage, IAsyncPolicy<HttpResponseMessage>> select) : PolicyHttpMessageHandler(select);

    /// <summary>
    /// The outermost layer: starts and ends the request's <see cref="RequestDeadlines"/> around the
    /// retry, and turns a timeout that ends the request into a <see cref="VstsApiException"/> of kind
    /// <see cref="VstsErrorKind.Timeout"/>, so no Polly type reaches the caller. It calls the retry
    /// itself instead of through a Polly wrap: one layer and no closures per request.
    /// </summary>
    private sealed class DeadlinePolicy(IAsyncPolicy<HttpResponseMessage> retry) : AsyncPolicy<HttpResponseMessage>
    {
        protected override async Task<HttpResponseMessage> ImplementationAsync(
            Func<Context, CancellationToken, Task<HttpResponseMessage>> action,
            Context context,
            CancellationToken cancellationToken,
            bool continueOnCapturedContext)
        {
            var deadlines = context.TryGetValue(DeadlinesKey, out var value) ? value as RequestDeadlines : null;
            deadlines?.Start(cancellationToken);
            try
            {
                return await retry.ExecuteAsync(action, context, cancellationToken, continueOnCapturedContext).ConfigureAwait(continueOnCapturedContext);
            }
            catch (TimeoutRejectedException ex) when (deadlines is not null)
            {
                // The last attempt timed out and the retry gave up (or does not retry this request).
                throw deadlines.TimedOut(ex);
            }
            catch (OperationCanceledException ex) when (deadlines is { HasExpired: true })
            {
                // The overall deadline passed while waiting to retry.
                throw deadlines.TimedOut(ex);
            }
            finally
            {
                deadlines?.Dispose();
            }
        }
    }

    /// <summary>
    /// The per-attempt and overall timeouts of one request, on <see cref="TimeProvider"/>, with one
    /// <see cref="CancellationTokenSource"/> for both: each attempt arms it for the nearer of its own
    /// timeout and the overall deadline (reusing it through <see cref="CancellationTokenSource.TryReset"/>),
    /// and a wait between attempts arms it for the overall deadline. The caller's token cancels it
    /// too. A fresh source is made only after one has fired.
    /// </summary>
    internal sealed class RequestDeadlines(HttpRequestMessage request, TimeProvider timeProvider, TimeSpan attemptTimeout, TimeSpan overallTimeout) : IDisposable
    {
        private long _started;
        private CancellationToken _caller;
        private CancellationTokenSource? _source;
        private CancellationTokenRegistration _callerRegistration;

        public HttpRequestMessage Request { get; } = request;

        /// <summary>Starts the overall clock; <paramref name="caller"/> cancels every attempt and wait.</summary>
        public void Start(CancellationToken caller)
        {
            _caller = caller;
            _started = timeProvider.GetTimestamp();
        }

        /// <summary>The token for the next attempt: cancelled at its timeout, at the overall deadline, or by the caller.</summary>
        public CancellationToken StartAttempt()
        {
            var remaining = Remaining();
            return Arm(remaining < attemptTimeout ? remaining : attemptTimeout);
        }

        /// <summary>The token for a wait between attempts: cancelled at the overall deadline or by the caller.</summary>
        public CancellationToken StartWait() => Arm(Remaining());

        /// <summary>Whether a cancellation seen under this request's tokens came from a deadline rather than from the caller.</summary>
        public bool HasExpired => _source is { IsCancellationRequested: true } && !_caller.IsCancellationRequested;

        /// <summary>
        /// What a cancellation by a deadline becomes: the attempt's timeout, for the retry to handle,
        /// while the overall deadline has not passed; otherwise the request's timeout.
        /// </summary>
        public Exception Expired(OperationCanceledException cause) =>
            Remaining() > TimeSpan.Zero
                ? new TimeoutRejectedException("The attempt timed out.", cause)
                : TimedOut(cause);

        /// <summary>The request's timeout as the caller sees it.</summary>
        public VstsApiException TimedOut(Exception cause) =>
            VstsResponseClassifier.FromDeadline(
                new TimeoutException(cause.Message),
                Request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : "the request",
                timeProvider.GetElapsedTime(_started),
                Request.Options.TryGetValue(VstsRequestOptions.Attempt, out var attempts) ? attempts : 0,
                $"Each attempt may take {SettingsSection}:{nameof(VstsResilienceOptions.AttemptTimeout)} ({Describe(attemptTimeout)}) "
                + $"and the whole request {SettingsSection}:{nameof(VstsResilienceOptions.OverallTimeout)} ({Describe(overallTimeout)}); "
                + "raise them for a slow organization or network.");

        /// <summary>Where hosts set these timeouts (the DI layer binds the options there).</summary>
        private const string SettingsSection = "IssueSync:Vsts:Resilience";

        private static string Describe(TimeSpan value) =>
            value >= TimeSpan.FromSeconds(1) && value.Ticks % TimeSpan.TicksPerSecond == 0
                ? value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s"
                : value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

        public void Dispose()
        {
            _callerRegistration.Dispose();
            _source?.Dispose();
        }

        private TimeSpan Remaining() => overallTimeout - timeProvider.GetElapsedTime(_started);

        private CancellationToken Arm(TimeSpan due)
        {
            if (due <= TimeSpan.Zero)
            {
                throw TimedOut(new OperationCanceledException("The overall timeout passed."));
            }

            if (_source is not null && _source.TryReset())
            {
                _source.CancelAfter(due);
                return _source.Token;
            }

            // First use, or the previous source fired: a new one, cancelled by the caller's token too.
            _callerRegistration.Dispose();
            _source?.Dispose();
            _source = new CancellationTokenSource(due, timeProvider);
            if (_caller.CanBeCanceled)
            {
                _callerRegistration = _caller.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
            }

            return _source.Token;
        }
    }
}
