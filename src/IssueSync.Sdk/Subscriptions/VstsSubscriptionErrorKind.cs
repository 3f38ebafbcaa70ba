namespace IssueSync.Sdk.Subscriptions;

/// <summary>Why a subscription operation failed as a whole.</summary>
public enum VstsSubscriptionErrorKind
{
    /// <summary>
    /// Azure DevOps refused (401, 403, or a "permission"/"not authorized" message): the organization must allow
    /// third-party application access via OAuth, and managing organization-level service hooks needs Project
    /// Collection Administrator rights.
    /// </summary>
    PermissionDenied,

    /// <summary>The installation kept changing in the store while the SDK saved; try again.</summary>
    Conflict,

    /// <summary>The installation is no longer in the host's <c>IIntegrationStore</c>.</summary>
    InstallationNotFound,

    /// <summary>The SDK is missing something it needs (no <c>IIntegrationStore</c> registered).</summary>
    NotConfigured,
}
