using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Hands a wait to <see cref="VstsResilienceOptions.OnWait"/>: the one place that builds the
/// notification from a request and keeps the host's callback from breaking the request.
/// </summary>
internal static class VstsWaitNotifier
{
    /// <summary>Calls <paramref name="onWait"/>; an exception it throws is logged, never rethrown.</summary>
    public static void Notify(
        Action<VstsRequestWait> onWait,
        ILogger logger,
        VstsWaitReason reason,
        HttpRequestMessage request,
        int attempt,
        TimeSpan delay,
        HttpStatusCode? statusCode = null)
    {
        var operation = request.Options.TryGetValue(VstsRequestOptions.Operation, out var name) ? name : null;
        try
        {
            onWait(new VstsRequestWait(reason, request.Method, request.RequestUri, Math.Max(attempt, 1), delay < TimeSpan.Zero ? TimeSpan.Zero : delay, operation, statusCode));
        }
#pragma warning disable CA1031 // The host's callback must never fail or change the request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ResilienceLog.WaitCallbackFailed(logger, reason.ToString(), operation ?? "request", ex);
        }
    }

    /// <summary>
    /// Whether a failed attempt's wait is a throttle (429, or any answer with <c>Retry-After</c>)
    /// rather than a back-off.
    /// </summary>
    public static VstsWaitReason RetryReason(HttpResponseMessage? response) =>
        response is not null && (response.StatusCode == HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not null)
            ? VstsWaitReason.Throttled
            : VstsWaitReason.Retrying;
}
