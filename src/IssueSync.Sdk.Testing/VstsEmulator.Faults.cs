using System.Globalization;
using IssueSync.Sdk.Testing.Emulator;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing;

// Fault injection: planned failures of matching requests.
public sealed partial class VstsEmulator
{
    /// <summary>
    /// Makes the next <paramref name="count"/> requests whose path below the organization starts with
    /// <paramref name="pathPrefix"/> (e.g. <c>_apis/projects</c>, ignoring case) fail with
    /// <paramref name="statusCode"/>, after authentication. A 429 carries Azure DevOps' TF400733 body and
    /// rate-limit headers; <paramref name="retryAfter"/> adds <c>Retry-After</c> (whole seconds, rounded up).
    /// </summary>
    /// <param name="pathPrefix">The path below the organization URL, without a leading slash.</param>
    /// <param name="statusCode">The status to answer, 400 or more.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> to send, if any.</param>
    /// <param name="count">How many matching requests fail.</param>
    public void FailNext(string pathPrefix, int statusCode, TimeSpan? retryAfter = null, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        lock (_gate)
        {
            _faults.Add(new Fault(pathPrefix.TrimStart('/'), statusCode, retryAfter) { Remaining = count });
        }
    }

    private void InjectFault(HttpContext context, string relativePath)
    {
        Fault? fault;
        lock (_gate)
        {
            fault = _faults.Find(f => relativePath.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (fault is null)
            {
                return;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }
        }

        var headers = context.Response.Headers;
        if (fault.RetryAfter is { } retryAfter)
        {
            headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (fault.StatusCode == 429)
        {
            headers["X-RateLimit-Resource"] = "WorkItemTrackingResource";
            headers["X-RateLimit-Limit"] = "200";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            throw new EmulatorError(429, "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'WorkItemTrackingResource' in namespace 'User'.", "RequestBlockedException");
        }

        throw new EmulatorError(fault.StatusCode, $"The IssueSync emulator failed this request with {fault.StatusCode} as the test asked (FailNext).");
    }

    /// <summary>A planned failure: path prefix, status, Retry-After, how many requests are left to fail.</summary>
    private sealed record Fault(string PathPrefix, int StatusCode, TimeSpan? RetryAfter)
    {
        public int Remaining { get; set; }
    }
}
