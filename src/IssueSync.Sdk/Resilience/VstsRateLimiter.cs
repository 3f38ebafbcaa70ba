using System.Collections.Concurrent;
using System.Globalization;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Per-organization rate-limit state (a singleton; handlers are short-lived): records the
/// <c>X-RateLimit-*</c> headers and a <c>Retry-After</c> on a successful answer, and makes later
/// requests to that organization wait until the asked-for time, on <see cref="TimeProvider"/>.
/// </summary>
internal sealed class VstsRateLimiter(TimeProvider timeProvider, IOptionsMonitor<VstsResilienceOptions> options) : IVstsRateLimitMonitor
{
    private readonly ConcurrentDictionary<Uri, VstsRateLimitSnapshot> _snapshots = new();

    public IReadOnlyCollection<VstsRateLimitSnapshot> Snapshots => [.. _snapshots.Values];

    public VstsRateLimitSnapshot? GetSnapshot(Uri organizationUrl)
    {
        ArgumentNullException.ThrowIfNull(organizationUrl);
        return _snapshots.TryGetValue(organizationUrl, out var snapshot) ? snapshot : null;
    }

    /// <summary>
    /// How long a request to the organization must wait before it is sent: zero unless a successful
    /// answer asked for pacing and that time has not passed (no allocation).
    /// </summary>
    public TimeSpan PacingDelay(Uri organizationUrl)
    {
        if (_snapshots.IsEmpty
            || !_snapshots.TryGetValue(organizationUrl, out var snapshot)
            || snapshot.PacedUntil is not { } until)
        {
            return TimeSpan.Zero;
        }

        var wait = until - timeProvider.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// Records what <paramref name="response"/> says about the organization's limits; returns the
    /// pacing delay when a successful answer asked for one.
    /// </summary>
    public TimeSpan? Record(Uri organizationUrl, HttpResponseMessage response)
    {
        var headers = response.Headers;
        var limit = ReadNumber(headers, "X-RateLimit-Limit");
        var remaining = ReadNumber(headers, "X-RateLimit-Remaining");
        var code = (int)response.StatusCode;
        // A Retry-After on a success means "delayed": pace the next requests. On a failure the
        // retry layer already waits it out for this request.
        var retryAfter = code is >= 200 and < 300 ? VstsResponseClassifier.GetRetryAfter(response, timeProvider) : null;
        if (limit is null && remaining is null && retryAfter is null)
        {
            return null;
        }

        var organization = new KeyValuePair<string, object?>("organization", organizationUrl.AbsoluteUri);
        if (remaining is { } left)
        {
            VstsTelemetry.RateLimitRemaining.Record(left, organization);
        }

        if (limit is { } allowance)
        {
            VstsTelemetry.RateLimitLimit.Record(allowance, organization);
        }

        var now = timeProvider.GetUtcNow();
        var cap = options.CurrentValue.MaxRetryAfter;
        _snapshots.AddOrUpdate(
            organizationUrl,
            static (url, state) => Build(url, null, state),
            static (url, previous, state) => Build(url, previous, state),
            (Limit: limit, Remaining: remaining, RetryAfter: retryAfter > cap ? cap : retryAfter, Now: now));
        return retryAfter > cap ? cap : retryAfter;
    }

    private static VstsRateLimitSnapshot Build(Uri url, VstsRateLimitSnapshot? previous, (double? Limit, double? Remaining, TimeSpan? RetryAfter, DateTimeOffset Now) seen)
    {
        var pacedUntil = seen.RetryAfter is { } delay ? seen.Now + delay : previous?.PacedUntil;
        return new VstsRateLimitSnapshot
        {
            OrganizationUrl = url,
            Limit = seen.Limit ?? previous?.Limit,
            Remaining = seen.Remaining ?? previous?.Remaining,
            PacedUntil = pacedUntil > seen.Now ? pacedUntil : null,
            ObservedAt = seen.Now,
        };
    }

    private static double? ReadNumber(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values)
        && double.TryParse(values.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
