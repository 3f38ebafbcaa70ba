namespace IssueSync.Sdk.Abstractions;

/// <summary>How an OAuth identity's refresh token is redeemed.</summary>
public enum VstsOAuthProtocol
{
    /// <summary>
    /// Microsoft Entra ID v2 (<c>login.microsoftonline.com/{tenant}/oauth2/v2.0/token</c>), the
    /// platform Microsoft recommends. The default.
    /// </summary>
    EntraId = 0,

    /// <summary>
    /// Azure DevOps OAuth (<c>app.vssps.visualstudio.com/oauth2/token</c>): deprecated by Microsoft
    /// and scheduled for removal; kept so existing installations work until they migrate.
    /// </summary>
    AzureDevOpsOAuth = 1,
}
