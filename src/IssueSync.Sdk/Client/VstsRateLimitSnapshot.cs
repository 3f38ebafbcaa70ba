namespace IssueSync.Sdk.Client;

/// <summary>What Azure DevOps last said about one organization's rate limit.</summary>
public sealed record VstsRateLimitSnapshot
{
    /// <summary>The organization, as in <see cref="VstsConnection.OrganizationUrl"/>.</summary>
    public required Uri OrganizationUrl { get; init; }

    /// <summary>The TSTU allowance (<c>X-RateLimit-Limit</c>), when sent.</summary>
    public double? Limit { get; init; }

    /// <summary>The TSTUs left (<c>X-RateLimit-Remaining</c>; 0 once requests are delayed), when sent.</summary>
    public double? Remaining { get; init; }

    /// <summary>
    /// Until when the SDK holds back new requests to the organization, because a successful answer
    /// carried <c>Retry-After</c>; <see langword="null"/> when it does not.
    /// </summary>
    public DateTimeOffset? PacedUntil { get; init; }

    /// <summary>When the headers were seen (on the SDK's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset ObservedAt { get; init; }
}
