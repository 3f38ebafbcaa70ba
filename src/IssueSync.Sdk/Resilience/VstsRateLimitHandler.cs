using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Resilience;

/// <summary>
/// Runs once per attempt, inside the retry and outside authentication: waits while the
/// request's organization is paced, then records the rate-limit headers of the answer.
/// Stateless; the state lives in the <see cref="VstsRateLimiter"/> singleton.
/// </summary>
internal sealed class VstsRateLimitHandler(VstsRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(VstsRequestOptions.Connection, out var connection))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var organization = connection.OrganizationUrl;
        await limiter.WaitAsync(organization, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        limiter.Record(organization, response);
        return response;
    }
}
