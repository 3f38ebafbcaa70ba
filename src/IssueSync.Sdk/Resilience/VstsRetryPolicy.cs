using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
/// All of the SDK's Polly code: the retry and timeout policies of the named client and their
/// registration. Moving to Microsoft.Extensions.Http.Resilience later changes this file only.
/// </summary>
/// <remarks>
/// <para>Per request (outermost first): an overall timeout, the retry, a per-attempt timeout.
/// Idempotent requests are retried on every transient failure (5xx, 408, 429, no answer, attempt
/// timeout); the others only on 429 and on 503 with <c>Retry-After</c>, answers that say the
/// request was not processed.</para>
/// <para>Polly v7 sleeps through its static <c>SystemClock</c>, which tests cannot control without
/// breaking parallel runs. So Polly is told to sleep zero, and <c>onRetryAsync</c> computes the
/// delay (Retry-After or jittered back-off) and awaits it through the injected
/// <see cref="TimeProvider"/>: a FakeTimeProvider drives every wait and timeout in tests.</para>
/// </remarks>
internal sealed class VstsRetryPolicy
{
    private const string RequestKey = "IssueSync.Sdk.Request";
    private const string TokenKey = "IssueSync.Sdk.OverallToken";

    private readonly TimeProvider _timeProvider;
    private readonly VstsResilienceOptions _options;
    private readonly ILogger _logger;
    private readonly IAsyncPolicy<HttpResponseMessage> _idempotent;
    private readonly IAsyncPolicy<HttpResponseMessage> _nonIdempotent;

    public VstsRetryPolicy(IOptions<VstsIssueSyncOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value.Resilience;
        _timeProvider = timeProvider;
        _logger = (ILogger?)loggerFactory?.CreateLogger("IssueSync.Sdk.Resilience") ?? NullLogger.Instance;

        _idempotent = Build(HttpPolicyExtensions.HandleTransientHttpError()
            .Or<TimeoutRejectedException>()
            .OrResult(static r => r.StatusCode == HttpStatusCode.TooManyRequests));
        _nonIdempotent = Build(Policy<HttpResponseMessage>.HandleResult(static r =>
            r.StatusCode == HttpStatusCode.TooManyRequests
            || (r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null)));
    }

    /// <summary>
    /// Adds the SDK's policy handler to <paramref name="builder"/>. Called before the
    /// authentication handler is added, so the retry sits outside it and every attempt is
    /// authenticated afresh.
    /// </summary>
    public static void AddTo(IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<VstsRetryPolicy>();
        builder.AddPolicyHandler(static (services, request) => services.GetRequiredService<VstsRetryPolicy>().Select(request));
    }

    /// <summary>
    /// Removes the handler <see cref="AddTo"/> added (the policy handler right outside the SDK's
    /// per-attempt handlers) from a handler list being built.
    /// </summary>
    public static void RemoveFrom(IList<DelegatingHandler> handlers)
    {
        var inner = IndexOfPerAttemptHandlers(handlers);
        if (inner > 0 && handlers[inner - 1] is PolicyHttpMessageHandler)
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

    /// <summary>The policy for one request, by its idempotency mark.</summary>
    public IAsyncPolicy<HttpResponseMessage> Select(HttpRequestMessage request)
    {
        // The handler has already attached a fresh context to the request; the retry callback
        // needs the request (for its marks) and Polly does not hand it over otherwise.
        if (request.GetPolicyExecutionContext() is { } context)
        {
            context[RequestKey] = request;
        }

        return request.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) && idempotent
            ? _idempotent
            : _nonIdempotent;
    }

    /// <summary>
    /// The wait before retry <paramref name="attempt"/> (1-based): the server's <c>Retry-After</c>
    /// when it gave one, else jittered exponential back-off; both capped at
    /// <see cref="VstsResilienceOptions.MaxRetryAfter"/>.
    /// </summary>
    internal TimeSpan DelayFor(int attempt, HttpResponseMessage? response)
    {
        var cap = _options.MaxRetryAfter;
        if (response is not null && VstsResponseClassifier.GetRetryAfter(response, _timeProvider) is { } retryAfter)
        {
            return retryAfter > cap ? cap : retryAfter;
        }

        // "Equal jitter": half the exponential step for sure, the other half random, so retries
        // of many clients spread out while each still backs off.
        var step = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var jittered = (step / 2) + (Random.Shared.NextDouble() * step / 2);
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, cap.TotalMilliseconds));
        return delay;
    }

    private Polly.Wrap.AsyncPolicyWrap<HttpResponseMessage> Build(PolicyBuilder<HttpResponseMessage> handled)
    {
        var retry = handled.WaitAndRetryAsync(
            _options.MaxRetries,
            // Zero for Polly's static clock: the real wait happens in OnRetryAsync, on TimeProvider.
            sleepDurationProvider: static (_, _, _) => TimeSpan.Zero,
            onRetryAsync: OnRetryAsync);
        var attemptTimeout = new TimeoutPolicy(_timeProvider, _options.AttemptTimeout, isOverall: false);
        var overall = new TimeoutPolicy(_timeProvider, _options.OverallTimeout, isOverall: true);
        return Policy.WrapAsync(overall, retry, attemptTimeout);
    }

    private async Task OnRetryAsync(DelegateResult<HttpResponseMessage> outcome, TimeSpan _, int attempt, Context context)
    {
        var request = context.TryGetValue(RequestKey, out var value) ? value as HttpRequestMessage : null;
        var response = outcome.Result;
        if (request is not null
            && response?.StatusCode != HttpStatusCode.TooManyRequests
            && request.Options.TryGetValue(VstsRequestOptions.AttemptState, out var state))
        {
            // No answer, or a server error: the server may have applied the earlier attempt.
            state.EarlierAttemptMayHaveLanded = true;
        }

        var delay = DelayFor(attempt, response);
        var operation = request is not null && request.Options.TryGetValue(VstsRequestOptions.Operation, out var op) ? op : "request";
        VstsTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation));
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var status = response is null ? 0 : (int)response.StatusCode;
            var exceptionType = outcome.Exception?.GetType().Name;
            ResilienceLog.RetryScheduled(_logger, operation, attempt, status, exceptionType, delay.TotalMilliseconds);
        }

        if (delay > TimeSpan.Zero)
        {
            var token = context.TryGetValue(TokenKey, out var boxed) && boxed is CancellationToken t ? t : CancellationToken.None;
            await Task.Delay(delay, _timeProvider, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A timeout on <see cref="TimeProvider"/> (Polly v7's own timeout uses the static clock). The
    /// per-attempt one throws <see cref="TimeoutRejectedException"/> for the retry to handle; the
    /// overall one, outermost, turns any timeout into a <see cref="VstsApiException"/> of kind
    /// <see cref="VstsErrorKind.Timeout"/>, so no Polly type reaches the caller.
    /// </summary>
    private sealed class TimeoutPolicy(TimeProvider timeProvider, TimeSpan timeout, bool isOverall) : AsyncPolicy<HttpResponseMessage>
    {
        protected override async Task<HttpResponseMessage> ImplementationAsync(
            Func<Context, CancellationToken, Task<HttpResponseMessage>> action,
            Context context,
            CancellationToken cancellationToken,
            bool continueOnCapturedContext)
        {
            using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            if (isOverall)
            {
                context[TokenKey] = linked.Token;
            }

            try
            {
                return await action(context, linked.Token).ConfigureAwait(continueOnCapturedContext);
            }
            catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (isOverall)
                {
                    throw TimedOut(context, ex);
                }

                throw new TimeoutRejectedException("The attempt timed out.", ex);
            }
            catch (TimeoutRejectedException ex) when (isOverall)
            {
                throw TimedOut(context, ex);
            }
        }

        private static VstsApiException TimedOut(Context context, Exception cause)
        {
            var operation = context.TryGetValue(RequestKey, out var value) && value is HttpRequestMessage request
                && request.Options.TryGetValue(VstsRequestOptions.Operation, out var op) ? op : "the request";
            return VstsResponseClassifier.FromTransportFailure(new TimeoutException(cause.Message), operation, timedOut: true);
        }
    }
}
