namespace IssueSync.Sdk.Auth;

/// <summary>
/// The host's OAuth app registration, used to refresh OAuth identities' tokens. Bound from
/// <c>IssueSync:Vsts:OAuth</c>. <see cref="ToString"/> never shows the client secret.
/// </summary>
public sealed class VstsOAuthOptions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> OAuth token endpoint calls go through (no
    /// authentication handler, no redirects; configure a proxy or a test handler on it).
    /// </summary>
    public const string HttpClientName = "IssueSync.Sdk.Vsts.OAuth";

    /// <summary>The configuration section the settings bind from, for messages that name a key.</summary>
    internal const string SectionName = VstsAuthOptions.SectionName + ":OAuth";

    /// <summary>The Entra ID tenant in the token endpoint URL: a tenant id, <c>organizations</c> (the default) or <c>common</c>.</summary>
    public string TenantId { get; set; } = "organizations";

    /// <summary>The app's client id (Entra ID application id). Required for Entra ID identities.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The app's client secret (for Azure DevOps OAuth, the app secret sent as <c>client_assertion</c>).
    /// Keep it in a vault or user secrets. Never logged.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The callback URL registered with the app. Required for Azure DevOps OAuth, which sends it on
    /// every refresh: without it, settings that have no <see cref="ClientId"/> (so can refresh only
    /// Azure DevOps OAuth identities) fail at start, and otherwise the refresh of an Azure DevOps
    /// OAuth identity fails naming this key before anything is sent. Entra ID does not use it.
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>Overrides the Entra ID token endpoint (default <c>https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token</c>).</summary>
    public string? EntraTokenEndpoint { get; set; }

    /// <summary>Overrides the Azure DevOps OAuth token endpoint (default <c>https://app.vssps.visualstudio.com/oauth2/token</c>).</summary>
    public string? AzureDevOpsTokenEndpoint { get; set; }

    /// <summary>
    /// With a lease store shared between host instances: how long one instance's refresh lease of an identity
    /// holds, so an instance that crashed mid-refresh blocks the others' refresh no longer. Default 30 seconds.
    /// </summary>
    public TimeSpan RefreshLeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With a lease store shared between host instances: how long a refresh waits while another instance holds
    /// the identity's refresh lease (it then reads the set that instance saved). When the wait runs out, the
    /// refresh goes ahead in this process, and a refresh token already redeemed elsewhere is answered from the
    /// token store. Default 15 seconds.
    /// </summary>
    public TimeSpan RefreshLeaseWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><see langword="true"/> when any client setting is given, i.e. the host intends to use OAuth identities.</summary>
    internal bool IsConfigured => ClientId is not null || ClientSecret is not null;

    /// <summary>Shows the settings with the client secret redacted.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"VstsOAuthOptions {{ TenantId = {TenantId}, ClientId = {ClientId ?? "(none)"}, ClientSecret = {(ClientSecret is null ? "(none)" : "***")}, RedirectUri = {RedirectUri ?? "(none)"} }}";
}
