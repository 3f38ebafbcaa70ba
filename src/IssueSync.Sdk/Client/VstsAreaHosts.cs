namespace IssueSync.Sdk.Client;

/// <summary>
/// Derives the Graph (<c>vssps</c>) and search (<c>almsearch</c>) hosts of Azure DevOps Services
/// from an organization URL. On-premises collections serve every area themselves.
/// </summary>
internal static class VstsAreaHosts
{
    public const string Graph = "vssps";
    public const string Search = "almsearch";

    private const string DevAzureHost = "dev.azure.com";
    private const string VisualStudioSuffix = ".visualstudio.com";

    public static Uri Derive(Uri organizationUrl, string area)
    {
        var host = organizationUrl.IdnHost;
        if (host.Equals(DevAzureHost, StringComparison.OrdinalIgnoreCase))
        {
            // https://dev.azure.com/{org}/ -> https://{area}.dev.azure.com/{org}/
            return new UriBuilder(organizationUrl) { Host = $"{area}.{DevAzureHost}" }.Uri;
        }

        if (host.EndsWith(VisualStudioSuffix, StringComparison.OrdinalIgnoreCase))
        {
            // https://{org}.visualstudio.com/ -> https://{org}.{area}.visualstudio.com/
            var organization = host[..^VisualStudioSuffix.Length];
            if (!organization.Contains('.', StringComparison.Ordinal))
            {
                return new UriBuilder(organizationUrl) { Host = $"{organization}.{area}{VisualStudioSuffix}" }.Uri;
            }
        }

        return organizationUrl;
    }
}
