namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// One host installation of the integration: the link between a host account and an Azure DevOps
/// organization. Immutable; change it with <c>with</c> and save it through
/// <see cref="IIntegrationStore.TrySaveAsync"/>, which compares <see cref="Version"/>.
/// </summary>
public sealed record VstsInstallation
{
    /// <summary>The host's id of this installation.</summary>
    public required string IntegrationId { get; init; }

    /// <summary>The Azure DevOps organization (collection) id: <c>resourceContainers.collection.id</c> in webhooks.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization name, e.g. <c>fabrikam</c>.</summary>
    public string? OrganizationName { get; init; }

    /// <summary>
    /// The organization base URL as stored, normally <c>https://dev.azure.com/{org}/</c> with a
    /// trailing slash. Legacy values (e.g. <c>MyOrg.visualstudio.com</c>) are resolved and saved back once.
    /// </summary>
    public required string OrganizationUrl { get; init; }

    /// <summary>
    /// Which credential the SDK uses for this installation: for OAuth, the identity id whose tokens
    /// live in <see cref="ITokenStore"/>; otherwise a host-defined reference. Never the secret itself.
    /// </summary>
    public string? CredentialReference { get; init; }

    /// <summary>The webhook shared secrets (current and, during a rotation, previous).</summary>
    public VstsWebhookSecrets? WebhookSecrets { get; init; }

    /// <summary>The service-hook subscriptions created for this installation.</summary>
    public IReadOnlyList<VstsSubscriptionReference> Subscriptions { get; init; } = [];

    /// <summary>The Azure DevOps identity id the SDK writes as (<c>connectionData.authenticatedUser.id</c>).</summary>
    public string? SdkIdentityId { get; init; }

    /// <summary>
    /// <see langword="true"/> when <see cref="SdkIdentityId"/> is a dedicated app identity (a service
    /// principal or service account) that no person uses: every change it makes is the SDK's own.
    /// </summary>
    public bool SdkIdentityIsDedicated { get; init; }

    /// <summary>Which sync directions are on.</summary>
    public VstsSyncSettings SyncSettings { get; init; } = new();

    /// <summary>Persisted create-form defaults per host project id.</summary>
    public IReadOnlyDictionary<string, VstsCreateFormDefaults> CreateFormDefaults { get; init; } =
        new Dictionary<string, VstsCreateFormDefaults>(StringComparer.Ordinal);

    /// <summary>
    /// The store's version of this record (an ETag, a row version). The store sets it; a save
    /// succeeds only when the stored version still equals the one read.
    /// </summary>
    public long Version { get; init; }
}
