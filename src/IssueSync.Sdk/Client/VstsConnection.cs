using System.Net;
using IssueSync.Sdk.Auth;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Everything needed to talk to one Azure DevOps organization as one identity: the organization
/// URL, its ids and the credential. Immutable and safe to share; <see cref="ToString"/> never
/// shows a secret.
/// </summary>
public sealed class VstsConnection
{
    private readonly Uri? _graphUrl;
    private readonly Uri? _searchUrl;

    /// <summary>Creates a connection.</summary>
    /// <param name="organizationUrl">
    /// <c>https://dev.azure.com/{org}/</c>, <c>https://{org}.visualstudio.com/</c> or an on-premises
    /// collection URL such as <c>https://tfs.contoso.com/tfs/DefaultCollection/</c>. A trailing slash
    /// is added when missing. <c>http</c> is accepted only for loopback addresses (tests, emulators).
    /// </param>
    /// <param name="credential">How to authenticate.</param>
    /// <param name="organizationId">The organization (collection) id, when known.</param>
    /// <param name="integrationId">The host's installation id, when the connection belongs to one.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute https URL (or http on loopback), carries a query, fragment or user info, or is <c>https://dev.azure.com/</c> without an organization.</exception>
    public VstsConnection(Uri organizationUrl, VstsCredential credential, string? organizationId = null, string? integrationId = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        OrganizationUrl = NormalizeOrganizationUrl(organizationUrl, nameof(organizationUrl));
        Credential = credential;
        OrganizationId = string.IsNullOrWhiteSpace(organizationId) ? null : organizationId;
        IntegrationId = string.IsNullOrWhiteSpace(integrationId) ? null : integrationId;
    }

    /// <summary>The organization base URL, always ending with <c>/</c>.</summary>
    public Uri OrganizationUrl { get; }

    /// <summary>The organization (collection) id, when known.</summary>
    public string? OrganizationId { get; }

    /// <summary>The host's installation id, when the connection belongs to one.</summary>
    public string? IntegrationId { get; }

    /// <summary>How to authenticate.</summary>
    public VstsCredential Credential { get; }

    /// <summary>
    /// The base URL of the Graph area (users). Derived from the organization URL unless set:
    /// <c>https://vssps.dev.azure.com/{org}/</c>, <c>https://{org}.vssps.visualstudio.com/</c>, or
    /// the organization URL itself on premises. Set it to a URL resolved through the Resource Areas API.
    /// </summary>
    public Uri GraphUrl
    {
        get => _graphUrl ?? VstsAreaHosts.Derive(OrganizationUrl, VstsAreaHosts.Graph);
        init => _graphUrl = NormalizeOrganizationUrl(value, nameof(GraphUrl));
    }

    /// <summary>
    /// The base URL of the search area. Derived from the organization URL unless set:
    /// <c>https://almsearch.dev.azure.com/{org}/</c>, <c>https://{org}.almsearch.visualstudio.com/</c>,
    /// or the organization URL itself on premises.
    /// </summary>
    public Uri SearchUrl
    {
        get => _searchUrl ?? VstsAreaHosts.Derive(OrganizationUrl, VstsAreaHosts.Search);
        init => _searchUrl = NormalizeOrganizationUrl(value, nameof(SearchUrl));
    }

    /// <summary>
    /// <see langword="true"/> when <paramref name="requestUri"/> goes to this organization's own URLs:
    /// the organization, Graph or search base URL (same scheme, host and port) and a path below it,
    /// the only places credentials may be sent. On <c>dev.azure.com</c> every organization shares
    /// the host, so <c>https://dev.azure.com/other-org/</c> is not this organization's.
    /// </summary>
    /// <param name="requestUri">The absolute request URI.</param>
    /// <returns>Whether the credential may be attached.</returns>
    internal bool IsOwnUrl(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        return requestUri.IsAbsoluteUri
            && (IsBelow(requestUri, OrganizationUrl) || IsBelow(requestUri, GraphUrl) || IsBelow(requestUri, SearchUrl));
    }

    /// <summary>
    /// Validates an organization URL and gives it a trailing slash.
    /// </summary>
    /// <param name="organizationUrl">The URL to check.</param>
    /// <param name="parameterName">The argument name reported in errors.</param>
    /// <returns>The normalized URL.</returns>
    /// <exception cref="ArgumentException">The URL cannot be used as an organization URL.</exception>
    public static Uri NormalizeOrganizationUrl(Uri organizationUrl, string parameterName = "organizationUrl")
    {
        ArgumentNullException.ThrowIfNull(organizationUrl, parameterName);
        var problem = DescribeProblem(organizationUrl);
        if (problem is not null)
        {
            throw new ArgumentException($"'{WithoutUserInfo(organizationUrl)}' cannot be an Azure DevOps organization URL: {problem}", parameterName);
        }

        if (organizationUrl.AbsolutePath.EndsWith('/'))
        {
            return organizationUrl;
        }

        return new UriBuilder(organizationUrl) { Path = organizationUrl.AbsolutePath + "/" }.Uri;
    }

    /// <summary>Tells why a URL cannot be an organization URL, or <see langword="null"/> when it can.</summary>
    /// <param name="organizationUrl">The URL to check.</param>
    /// <returns>A short explanation, or <see langword="null"/>.</returns>
    internal static string? DescribeProblem(Uri organizationUrl)
    {
        if (!organizationUrl.IsAbsoluteUri)
        {
            return "it must be absolute, such as https://dev.azure.com/your-organization/.";
        }

        if (!string.IsNullOrEmpty(organizationUrl.UserInfo))
        {
            return "it must not carry a user name or password; pass the credential separately.";
        }

        if (!string.IsNullOrEmpty(organizationUrl.Query) || !string.IsNullOrEmpty(organizationUrl.Fragment))
        {
            return "it must not have a query or fragment.";
        }

        // On dev.azure.com (and its area hosts) every organization shares the host: the first path
        // segment is the organization. Without it, requests would go to https://dev.azure.com/_apis/...
        if (IsDevAzureHost(organizationUrl) && !HasFirstSegment(organizationUrl.AbsolutePath))
        {
            return "it names no organization; use https://dev.azure.com/{organization}/.";
        }

        var isHttp = organizationUrl.Scheme == Uri.UriSchemeHttp;
        if (organizationUrl.Scheme != Uri.UriSchemeHttps && !(isHttp && IsLoopback(organizationUrl)))
        {
            if (isHttp && IsServicesHost(organizationUrl))
            {
                // A copy-paste slip, not an emulator: show the URL to use.
                return $"Azure DevOps Services answers https only; use {new UriBuilder(organizationUrl) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri}.";
            }

            return isHttp
                ? "http is accepted only for loopback addresses (tests and emulators); use https."
                : "it must use https.";
        }

        return null;
    }

    private static bool IsDevAzureHost(Uri url) =>
        url.IdnHost.Equals("dev.azure.com", StringComparison.OrdinalIgnoreCase)
        || url.IdnHost.EndsWith(".dev.azure.com", StringComparison.OrdinalIgnoreCase);

    private static bool IsServicesHost(Uri url) =>
        IsDevAzureHost(url) || url.IdnHost.EndsWith(".visualstudio.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>"/fabrikam/..." has one; "/", "" and "//..." do not.</summary>
    private static bool HasFirstSegment(string path) => path.Length > 1 && path[0] == '/' && path[1] != '/';

    /// <summary>
    /// The URL for an error message: user info (<c>user:token@</c>, a common way to paste a PAT into
    /// a URL) is dropped so the message never repeats a secret.
    /// </summary>
    /// <param name="url">The URL as given.</param>
    /// <returns>The URL without user info.</returns>
    internal static string WithoutUserInfo(Uri url) =>
        url.IsAbsoluteUri && !string.IsNullOrEmpty(url.UserInfo)
            ? url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
            : url.ToString();

    /// <summary>Shows the URL, the ids and the credential kind, never a secret.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"VstsConnection {{ OrganizationUrl = {OrganizationUrl}, OrganizationId = {OrganizationId ?? "(unknown)"}, Credential = {Credential} }}";

    // Base URLs always end with '/', so "/fabrikam/" never matches "/fabrikam-other/". Dot segments
    // are already resolved by Uri; organization names compare case-insensitively, as Azure DevOps does.
    private static bool IsBelow(Uri request, Uri baseUrl) =>
        string.Equals(request.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(request.IdnHost, baseUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
        && request.Port == baseUrl.Port
        && request.AbsolutePath.StartsWith(baseUrl.AbsolutePath, StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
