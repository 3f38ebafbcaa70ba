using System.Globalization;
using IssueSync.Sdk.Testing.Emulator;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing;

// Fault injection: rules that make matching requests fail before, during or after processing.
public sealed partial class VstsEmulator
{
    private const string ExpiredSessionPage =
        "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Your session has expired. Sign in to continue.</body></html>";

    private static readonly EmulatorAnswer NoAnswer = new(0, null);

    private readonly List<ActiveFaultRule> _faultRules = [];
    private readonly List<Task> _lateCommits = [];

    // Late commits not applied yet, oldest due first: a request that arrives after one is due waits for it to be
    // applied first, so the order on the emulator's clock holds however late the thread pool runs the timer.
    private readonly List<PendingLateCommit> _dueLateCommits = [];

    /// <summary>
    /// The fault rules in force, in the order added (the order they are tried in). A rule leaves the list when it
    /// has fired <see cref="FaultRule.Times"/> times, or when removed.
    /// </summary>
    public IReadOnlyList<FaultRule> Faults
    {
        get
        {
            lock (_gate)
            {
                return [.. _faultRules.Select(r => r.Rule)];
            }
        }
    }

    /// <summary>
    /// Adds a fault rule: from now on, authenticated requests it matches fail as <see cref="FaultRule.Fault"/>
    /// says (requests refused for their organization or credentials never reach the rules). Rules are tried in the
    /// order added and the first that fires applies; one fault per request. Each fired fault is recorded on the
    /// request's <see cref="EmulatedRequest.Fault"/>.
    /// </summary>
    /// <param name="rule">The rule; keep it to remove it with <see cref="RemoveFault"/>.</param>
    /// <returns><paramref name="rule"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/>, its path or its fault is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The path is empty, has a query, or misplaces a <c>{</c> or <c>}</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FaultRule.Times"/> is below 1, or <see cref="FaultRule.Rate"/> is not above 0 and at most 1.</exception>
    public FaultRule AddFault(FaultRule rule)
    {
        var active = ActiveFaultRule.Create(rule);
        lock (_gate)
        {
            _faultRules.Add(active);
        }

        return rule;
    }

    /// <summary>Removes a rule added with <see cref="AddFault"/> (this instance, every time it was added).</summary>
    /// <param name="rule">The rule <see cref="AddFault"/> took.</param>
    /// <returns>Whether it was still in force.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is <see langword="null"/>.</exception>
    public bool RemoveFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            return _faultRules.RemoveAll(r => ReferenceEquals(r.Rule, rule)) > 0;
        }
    }

    /// <summary>Removes every fault rule. Late commits already scheduled still apply.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faultRules.Clear();
        }
    }

    /// <summary>
    /// Waits until every late commit (<see cref="EmulatorFault.LateCommit"/>) scheduled so far has been applied, or
    /// has failed as its request would have. With a fake <see cref="VstsEmulatorOptions.TimeProvider"/>, advance it
    /// past the commit's delay first.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait (the commits still apply when due).</param>
    /// <returns>A task that completes when they have.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task WaitForLateCommitsAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            _lateCommits.RemoveAll(t => t.IsCompleted);
            pending = [.. _lateCommits];
        }

        return Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    /// <summary>Plays the first rule that fires on the request around <paramref name="process"/>, or just processes it.</summary>
    private async Task<EmulatorAnswer> FaultOrProcessAsync(
        HttpContext context,
        IReadOnlyList<string> pathBelowOrganization,
        EmulatorExchange exchange,
        Func<HttpContext, Task<EmulatorAnswer>> process)
    {
        await ApplyDueLateCommitsAsync().ConfigureAwait(false);
        var fault = NextFault(context.Request.Method, pathBelowOrganization);
        exchange.Fault = fault;
        switch (fault?.Kind)
        {
            case null:
                return await process(context).ConfigureAwait(false);
            case EmulatorFaultKind.Status:
                throw StatusFault(context.Response.Headers, fault);
            case EmulatorFaultKind.SignInPage:
                return new EmulatorAnswer(203, null, Html: ExpiredSessionPage);
            case EmulatorFaultKind.ResetBeforeArrival:
                return Reset(context, exchange);
            case EmulatorFaultKind.Latency:
                return await WaitWhileConnectedAsync(fault.Delay, context).ConfigureAwait(false)
                    ? await process(context).ConfigureAwait(false)
                    : Reset(context, exchange);
            case EmulatorFaultKind.ThrottlingWarning:
                AddThrottlingHeaders(context.Response.Headers, fault);
                return await process(context).ConfigureAwait(false);
            case EmulatorFaultKind.ResetAfterApply:
                await ProcessKeepingErrorsAsync(context, process).ConfigureAwait(false);
                return Reset(context, exchange);
            case EmulatorFaultKind.StatusAfterApply:
                await ProcessKeepingErrorsAsync(context, process).ConfigureAwait(false);
                throw new EmulatorError(fault.StatusCode!.Value, $"The IssueSync emulator processed this request, then answered {fault.StatusCode} as a fault rule asked.");
            case EmulatorFaultKind.HoldAnswerAfterApply:
                await ProcessKeepingErrorsAsync(context, process).ConfigureAwait(false);
                await WaitWhileConnectedAsync(fault.HoldAnswerFor, context).ConfigureAwait(false);
                return Reset(context, exchange);
            case EmulatorFaultKind.MalformedBody:
                var answer = await ProcessKeepingErrorsAsync(context, process).ConfigureAwait(false);
                await WriteMalformedAsync(context, answer, exchange).ConfigureAwait(false);
                return answer;
            case EmulatorFaultKind.LateCommit:
                return await CommitLateAsync(context, fault, exchange, process).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"The fault kind {fault.Kind} has no behaviour.");
        }
    }

    private EmulatorFault? NextFault(string method, IReadOnlyList<string> path)
    {
        lock (_gate)
        {
            foreach (var rule in _faultRules)
            {
                if (rule.Fires(method, path))
                {
                    if (rule.Spent)
                    {
                        _faultRules.Remove(rule);
                    }

                    return rule.Rule.Fault;
                }
            }

            return null;
        }
    }

    /// <summary>The answer processing came to, an error turned into its answer: a fault after processing hides either.</summary>
    private static async Task<EmulatorAnswer> ProcessKeepingErrorsAsync(HttpContext context, Func<HttpContext, Task<EmulatorAnswer>> process)
    {
        try
        {
            return await process(context).ConfigureAwait(false);
        }
        catch (EmulatorError error)
        {
            return new EmulatorAnswer(error.StatusCode, error.ToBody());
        }
    }

    private EmulatorError StatusFault(IHeaderDictionary headers, EmulatorFault fault)
    {
        var status = fault.StatusCode!.Value;
        if (fault.RetryAfterDate is { } date)
        {
            headers.RetryAfter = date.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);
        }

        if (status == 429)
        {
            AddThrottlingHeaders(headers, fault);
            return new EmulatorError(429, "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'WorkItemTrackingResource' in namespace 'User'.", "RequestBlockedException");
        }

        AddRetryAfterSeconds(headers, fault);
        return new EmulatorError(status, $"The IssueSync emulator failed this request with {status}, as a fault rule asked.");
    }

    /// <summary>Azure DevOps' rate-limit headers (reference A5): the resource, the allowance, none left, and when usage resets.</summary>
    private void AddThrottlingHeaders(IHeaderDictionary headers, EmulatorFault fault)
    {
        AddRetryAfterSeconds(headers, fault);
        headers["X-RateLimit-Resource"] = "WorkItemTrackingResource";
        headers["X-RateLimit-Limit"] = "200";
        headers["X-RateLimit-Remaining"] = "0";
        headers["X-RateLimit-Reset"] = _options.TimeProvider.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static void AddRetryAfterSeconds(IHeaderDictionary headers, EmulatorFault fault)
    {
        if (fault.RetryAfter is { } retryAfter)
        {
            headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private EmulatorAnswer Reset(HttpContext context, EmulatorExchange exchange)
    {
        // Logged before the reset: a client that sees the reset may read the log at once.
        exchange.Aborted = true;
        exchange.ResponseHandled = true;
        RecordRequest(exchange, context.Request, 0);
        context.Abort();
        return NoAnswer;
    }

    /// <summary>Waits on the emulator's clock; <see langword="false"/> when the client disconnected first.</summary>
    private async Task<bool> WaitWhileConnectedAsync(TimeSpan delay, HttpContext context)
    {
        try
        {
            await Task.Delay(delay, _options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A 200 with the first half of the answer's JSON: a prefix of an object or array is never valid JSON.</summary>
    private async Task WriteMalformedAsync(HttpContext context, EmulatorAnswer answer, EmulatorExchange exchange)
    {
        var json = answer.Body?.ToJsonString() ?? "{}";
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8; api-version=7.1";
        exchange.ResponseHandled = true;
        RecordRequest(exchange, context.Request, 200);
        await context.Response.WriteAsync(json[..Math.Max(1, json.Length / 2)], context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the whole request, schedules its processing on a copy (same method, path, query, headers and body)
    /// once the delay, counted from arrival, has passed, and resets the connection after the hold.
    /// </summary>
    private async Task<EmulatorAnswer> CommitLateAsync(HttpContext context, EmulatorFault fault, EmulatorExchange exchange, Func<HttpContext, Task<EmulatorAnswer>> process)
    {
        // The clock starts before the client can see anything, so a test that advances a fake clock after the reset never advances too early.
        var dueAt = _options.TimeProvider.GetUtcNow() + fault.Delay;
        var due = Task.Delay(fault.Delay, _options.TimeProvider, _stopping.Token);
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return Reset(context, exchange); // the client left before sending its whole request: nothing to commit
        }

        // The copy is made now: the original request is gone once the connection is reset.
        var replay = Replay(context.Request, body);
        var pending = new PendingLateCommit(dueAt, () => ApplyLateAsync(replay, exchange, process));
        var commit = RunWhenDueAsync(due, pending);
        lock (_gate)
        {
            _lateCommits.Add(commit);
            _dueLateCommits.Add(pending);
        }

        await WaitWhileConnectedAsync(fault.HoldAnswerFor, context).ConfigureAwait(false);
        return Reset(context, exchange);
    }

    private static async Task RunWhenDueAsync(Task due, PendingLateCommit pending)
    {
        try
        {
            await due.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the emulator stopped first
        }

        await pending.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Applies (or waits for) every late commit whose time has come, before a later request is processed.</summary>
    private async Task ApplyDueLateCommitsAsync()
    {
        List<PendingLateCommit>? due = null;
        lock (_gate)
        {
            if (_dueLateCommits.Count == 0)
            {
                return;
            }

            var now = _options.TimeProvider.GetUtcNow();
            _dueLateCommits.RemoveAll(c => c.IsDone);
            foreach (var commit in _dueLateCommits)
            {
                if (commit.DueAt <= now)
                {
                    (due ??= []).Add(commit);
                }
            }
        }

        if (due is not null)
        {
            foreach (var commit in due)
            {
                await commit.RunAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyLateAsync(HttpContext replay, EmulatorExchange exchange, Func<HttpContext, Task<EmulatorAnswer>> process)
    {
        try
        {
            await process(replay).ConfigureAwait(false); // the answer goes nowhere: the client has gone
        }
        catch (OperationCanceledException)
        {
            return; // the emulator stopped first
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refused or failed as the request would have been; ProcessedStatusCode says how.
        }

        lock (_gate)
        {
            if (exchange.Logged is { } logged)
            {
                var at = _requests.FindIndex(r => ReferenceEquals(r, logged));
                exchange.Logged = logged with { ProcessedStatusCode = exchange.ProcessedStatusCode };
                if (at >= 0)
                {
                    _requests[at] = exchange.Logged;
                }
            }
        }
    }

    /// <summary>A late commit: applied once, by its timer or by the first request that arrives after it is due.</summary>
    private sealed class PendingLateCommit(DateTimeOffset dueAt, Func<Task> apply)
    {
        private readonly Lazy<Task> _run = new(apply, LazyThreadSafetyMode.ExecutionAndPublication);

        public DateTimeOffset DueAt { get; } = dueAt;

        public bool IsDone => _run.IsValueCreated && _run.Value.IsCompleted;

        public Task RunAsync() => _run.Value;
    }

    private DefaultHttpContext Replay(HttpRequest original, byte[] body)
    {
        var replay = new DefaultHttpContext { RequestAborted = _stopping.Token };
        var request = replay.Request;
        request.Method = original.Method;
        request.Scheme = original.Scheme;
        request.Host = original.Host;
        request.PathBase = original.PathBase;
        request.Path = original.Path;
        request.QueryString = original.QueryString;
        foreach (var (name, values) in original.Headers)
        {
            request.Headers[name] = values;
        }

        request.Body = new MemoryStream(body, writable: false);
        return replay;
    }

    /// <summary>Logs a request once, with what its exchange says; a late commit applied already is in it.</summary>
    private void RecordRequest(EmulatorExchange exchange, HttpRequest request, int statusCode)
    {
        lock (_gate)
        {
            if (exchange.Logged is not null)
            {
                return;
            }

            exchange.Logged = new EmulatedRequest(request.Method, request.Path + request.QueryString, statusCode, ReadApiVersion(request))
            {
                Fault = exchange.Fault,
                ProcessedStatusCode = exchange.ProcessedStatusCode,
            };
            _requests.Add(exchange.Logged);
        }
    }
}
