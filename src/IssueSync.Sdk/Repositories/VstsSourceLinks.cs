using System.Text;

namespace IssueSync.Sdk.Repositories;

/// <summary>
/// Source links of one organization: format <c>{org}{project}/_git/{repo}?path=%2F…&amp;version=GB{branch}</c>,
/// read them back, and tell whether a URL is the organization's in any of its URL forms.
/// </summary>
internal sealed class VstsSourceLinks
{
    private const string DevAzureHost = "dev.azure.com";
    private const string LegacyHostSuffix = ".visualstudio.com";
    private const string BranchPrefix = "GB";

    private readonly Uri _organizationUrl;
    private readonly string? _organizationName;

    public VstsSourceLinks(Uri organizationUrl)
    {
        ArgumentNullException.ThrowIfNull(organizationUrl);
        _organizationUrl = organizationUrl.AbsoluteUri.EndsWith('/') ? organizationUrl : new Uri(organizationUrl.AbsoluteUri + "/");
        _organizationName = OrganizationName(_organizationUrl);
    }

    public Uri OrganizationUrl => _organizationUrl;

    public Uri Format(string project, string repository, string path, string branch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        var text = new StringBuilder(_organizationUrl.AbsoluteUri)
            .Append(Uri.EscapeDataString(project))
            .Append("/_git/")
            .Append(Uri.EscapeDataString(repository))
            .Append("?path=")
            .Append(Uri.EscapeDataString("/" + path.TrimStart('/')))
            .Append("&version=")
            .Append(BranchPrefix)
            .Append(Uri.EscapeDataString(StripHeads(branch)))
            .ToString();
        return new Uri(text);
    }

    public bool Matches(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        return OrganizationPathStart(uri) >= 0;
    }

    public SourceLocation? Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var start = OrganizationPathStart(uri);
        if (start < 0)
        {
            return null;
        }

        // Raw segments, unescaped one by one, so an escaped '/' in a name stays inside its segment.
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[start..];
        if (segments.Length != 3 || !string.Equals(segments[1], "_git", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string? path = null;
        string? branch = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (string.Equals(name, "path", StringComparison.OrdinalIgnoreCase))
            {
                path = value.TrimStart('/');
            }
            else if (string.Equals(name, "version", StringComparison.OrdinalIgnoreCase) && value.StartsWith(BranchPrefix, StringComparison.Ordinal))
            {
                branch = value[BranchPrefix.Length..];
            }
        }

        return new SourceLocation(Uri.UnescapeDataString(segments[0]), Uri.UnescapeDataString(segments[2]), string.IsNullOrEmpty(path) ? null : path, string.IsNullOrEmpty(branch) ? null : branch);
    }

    /// <summary>A branch name without <c>refs/heads/</c>.</summary>
    internal static string StripHeads(string branch) =>
        branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch;

    /// <summary>The organization name of a <c>dev.azure.com/{org}</c> or <c>{org}.visualstudio.com</c> URL; null for other hosts.</summary>
    private static string? OrganizationName(Uri url)
    {
        var host = url.IdnHost;
        if (string.Equals(host, DevAzureHost, StringComparison.OrdinalIgnoreCase))
        {
            var first = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? null : Uri.UnescapeDataString(first);
        }

        return host.EndsWith(LegacyHostSuffix, StringComparison.OrdinalIgnoreCase) && host.Length > LegacyHostSuffix.Length
            ? host[..^LegacyHostSuffix.Length]
            : null;
    }

    /// <summary>
    /// How many path segments of <paramref name="uri"/> name the organization (and collection), or -1 when the URL
    /// is not the organization's: <c>dev.azure.com/{org}/</c> is one, <c>{org}.visualstudio.com/</c> none and
    /// <c>{org}.visualstudio.com/DefaultCollection/</c> one; another host must start with the stored URL.
    /// </summary>
    private int OrganizationPathStart(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_organizationName is not null)
        {
            if (string.Equals(uri.IdnHost, DevAzureHost, StringComparison.OrdinalIgnoreCase))
            {
                return segments.Length > 0 && string.Equals(Uri.UnescapeDataString(segments[0]), _organizationName, StringComparison.OrdinalIgnoreCase) ? 1 : -1;
            }

            if (string.Equals(uri.IdnHost, _organizationName + LegacyHostSuffix, StringComparison.OrdinalIgnoreCase))
            {
                return segments.Length > 0 && string.Equals(segments[0], "DefaultCollection", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            }

            return -1;
        }

        // Another host (Azure DevOps Server, a custom domain): the stored URL is the prefix.
        var prefix = _organizationUrl.AbsoluteUri;
        return uri.AbsoluteUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? _organizationUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length
            : -1;
    }
}
