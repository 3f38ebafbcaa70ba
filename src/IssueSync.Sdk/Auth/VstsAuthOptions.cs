namespace IssueSync.Sdk.Auth;

/// <summary>
/// The settings authentication reads besides the OAuth app registration: the default credential
/// (a PAT for one organization) and the bearer-token refresh margin. Produced from
/// <see cref="VstsIssueSyncOptions"/> by the DI layer and read through <c>IOptionsMonitor</c>, so a
/// configuration reload reaches the next request.
/// </summary>
internal sealed class VstsAuthOptions
{
    /// <summary>The configuration section the settings come from, for messages that name a key.</summary>
    internal const string SectionName = "IssueSync:Vsts";

    /// <summary>The organization the <see cref="PersonalAccessToken"/> belongs to (<see cref="VstsIssueSyncOptions.OrganizationUrl"/>).</summary>
    public string? OrganizationUrl { get; init; }

    /// <summary>The PAT of the default organization (<see cref="VstsIssueSyncOptions.PersonalAccessToken"/>). Never logged.</summary>
    public string? PersonalAccessToken { get; init; }

    /// <summary>
    /// Bearer tokens are refreshed when they expire within this margin
    /// (<see cref="VstsIssueSyncOptions.TokenRefreshSkew"/>), at most half the token's lifetime.
    /// </summary>
    public TimeSpan TokenRefreshSkew { get; init; }

    /// <summary>Never shows the PAT.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"VstsAuthOptions {{ OrganizationUrl = {OrganizationUrl ?? "(none)"}, PersonalAccessToken = {(PersonalAccessToken is null ? "(none)" : "***")}, TokenRefreshSkew = {TokenRefreshSkew} }}";
}
