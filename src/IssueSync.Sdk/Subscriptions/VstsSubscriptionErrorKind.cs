namespace IssueSync.Sdk.Subscriptions;

/// <summary>Why a subscription operation failed as a whole.</summary>
public enum VstsSubscriptionErrorKind
{
    /// <summary>
    /// Azure DevOps accepted the credential but refused the call (403, or a "permission"/"not authorized"
    /// message): managing organization-level service hooks needs Project Collection Administrator rights, and
    /// with OAuth the organization must allow third-party application access via OAuth.
    /// </summary>
    PermissionDenied,

    /// <summary>The installation kept changing in the store while the SDK saved; try again.</summary>
    Conflict,

    /// <summary>The installation is no longer in the host's <c>IIntegrationStore</c>.</summary>
    InstallationNotFound,

    /// <summary>The SDK is missing something it needs (no <c>IIntegrationStore</c> registered).</summary>
    NotConfigured,

    /// <summary>
    /// Azure DevOps did not accept the installation's credential (401, or its sign-in page): a personal access
    /// token expired, revoked, without the Service Hooks scope, or of another organization; an OAuth
    /// authorization revoked (or the organization's third-party OAuth policy off); an app identity that is not
    /// a user of the organization. The message names the causes for the credential in use.
    /// </summary>
    CredentialRejected,
}
