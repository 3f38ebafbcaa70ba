using IssueSync.Sdk;

namespace IssueSync.Samples.WebhookReceiver;

/// <summary>
/// The sample's own settings (<c>Sample:*</c>), checked at start: a bad one stops the sample with one line naming the
/// key (<see cref="SampleConfigurationException"/>, exit code 2). The SDK's settings (<c>IssueSync:Vsts:*</c>) are
/// checked by the SDK's options validator when the host starts.
/// </summary>
internal sealed record SampleSettings
{
    public const string OrganizationUrlKey = VstsIssueSyncOptions.SectionName + ":OrganizationUrl";
    public const string PersonalAccessTokenKey = VstsIssueSyncOptions.SectionName + ":PersonalAccessToken";
    public const string OrganizationIdKey = "Sample:OrganizationId";
    public const string WebhookSecretKey = "Sample:WebhookSecret";
    public const string CallbackUrlKey = "Sample:CallbackUrl";
    public const string DatabaseKey = "Sample:Database";

    /// <summary>The database file when <see cref="DatabaseKey"/> is not set: in the working directory.</summary>
    public const string DefaultDatabase = "issuesync-sample.db";

    /// <summary>The shortest webhook secret accepted: it is the only proof a delivery comes from Azure DevOps.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The organization (collection) id deliveries carry (<c>resourceContainers.collection.id</c>).</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization URL, as configured (the SDK's validator checks its form).</summary>
    public required string OrganizationUrl { get; init; }

    /// <summary>The installation's webhook secret, when configured; else the one subscribing makes.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>The public https URL of the webhook endpoint, when configured.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>The database file.</summary>
    public required string Database { get; init; }

    /// <summary>The work item the sample's group is linked to.</summary>
    public int WorkItemId { get; init; } = 1;

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="SampleConfigurationException">A setting is missing or malformed; the message names its key.</exception>
    public static SampleSettings Read(IConfiguration configuration)
    {
        var organizationUrl = configuration[OrganizationUrlKey];
        if (string.IsNullOrWhiteSpace(organizationUrl))
        {
            throw new SampleConfigurationException($"{OrganizationUrlKey} is not set: give your organization's URL, e.g. https://dev.azure.com/fabrikam/ (or run with --emulator).");
        }

        if (string.IsNullOrWhiteSpace(configuration[PersonalAccessTokenKey]))
        {
            throw new SampleConfigurationException($"{PersonalAccessTokenKey} is not set: give a personal access token of that organization (scopes: Work Items read & write; Service Hooks read & write to subscribe).");
        }

        var organizationId = configuration[OrganizationIdKey];
        if (organizationId is null)
        {
            organizationId = Guid.Empty.ToString();
        }
        else if (!Guid.TryParse(organizationId, out _))
        {
            throw new SampleConfigurationException($"{OrganizationIdKey} must be the organization's id, a GUID (the instanceId of {organizationUrl.TrimEnd('/')}/_apis/connectionData); got '{organizationId}'.");
        }

        return new SampleSettings
        {
            OrganizationId = organizationId,
            OrganizationUrl = organizationUrl,
            WebhookSecret = ReadSecret(configuration),
            CallbackUrl = ReadCallbackUrl(configuration),
            Database = ReadDatabase(configuration),
        };
    }

    private static string? ReadSecret(IConfiguration configuration)
    {
        var secret = configuration[WebhookSecretKey];
        if (secret is null)
        {
            return null;
        }

        // Never echo the secret itself, only what is wrong with it.
        if (secret.Length < MinSecretLength || !secret.All(c => c is > ' ' and < (char)127))
        {
            throw new SampleConfigurationException($"{WebhookSecretKey} must be at least {MinSecretLength} printable ASCII characters without spaces (it travels in an HTTP header).");
        }

        return secret;
    }

    private static Uri? ReadCallbackUrl(IConfiguration configuration)
    {
        var value = configuration[CallbackUrlKey];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new SampleConfigurationException($"{CallbackUrlKey} must be the public https URL of the webhook endpoint, e.g. https://example.com{VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern} (got '{value}').");
        }

        return url;
    }

    private static string ReadDatabase(IConfiguration configuration)
    {
        var value = configuration[DatabaseKey];
        if (value is null)
        {
            return DefaultDatabase;
        }

        string path;
        try
        {
            path = Path.GetFullPath(value.Trim());
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SampleConfigurationException($"{DatabaseKey} must be a file path (got '{value}').");
        }

        if (value.Trim().Length == 0 || Directory.Exists(path))
        {
            throw new SampleConfigurationException($"{DatabaseKey} must be a file path, not a folder (got '{value}').");
        }

        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            throw new SampleConfigurationException($"{DatabaseKey}: the folder of '{path}' does not exist.");
        }

        return path;
    }
}

/// <summary>A setting the sample cannot run with; the message is the one line to show, naming the key.</summary>
internal sealed class SampleConfigurationException(string message) : Exception(message);
