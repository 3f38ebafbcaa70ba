namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// An OAuth identity's tokens as the host stores them. <see cref="ToString"/> never shows a token.
/// </summary>
public sealed record VstsTokenSet
{
    /// <summary>The bearer access token.</summary>
    public required string AccessToken { get; init; }

    /// <summary>The refresh token. Refresh tokens rotate: the newest one is the only one that works.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When the access token expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// When the access token was issued (the SDK sets it to when it received the token; a host that
    /// stores a set should keep it). The refresh margin (<c>TokenRefreshSkew</c>) is capped at half
    /// the lifetime, <see cref="ExpiresAt"/> minus this, so a short-lived token is not refreshed
    /// before every call. <see langword="null"/> when unknown: then the full margin applies.
    /// </summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Which protocol redeems the refresh token.</summary>
    public VstsOAuthProtocol Protocol { get; init; }

    /// <summary>The store's version of this set; a save succeeds only when the stored version still equals the one read.</summary>
    public long Version { get; init; }

    /// <summary>Redacted: tokens are never printed.</summary>
    /// <returns>A description without the tokens.</returns>
    public override string ToString() =>
        $"VstsTokenSet {{ AccessToken = ***, RefreshToken = {(RefreshToken is null ? "(none)" : "***")}, ExpiresAt = {ExpiresAt:O}, IssuedAt = {(IssuedAt is { } issued ? issued.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "(unknown)")}, Protocol = {Protocol}, Version = {Version} }}";
}
