using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Subscriptions;

/// <summary>
/// Keeps an installation's Azure DevOps service-hook subscriptions in place and healthy: one
/// organization-level web hook per handled event type (<c>workitem.updated</c> always;
/// <c>workitem.deleted</c> when an <see cref="IWorkItemDeletionStore"/> is registered;
/// <c>workitem.commented</c> when an <see cref="ICommentStore"/> is), each posting to the host's
/// callback URL with the installation's shared secret in a header. Subscription ids and the secret are
/// saved through <see cref="IIntegrationStore"/> (compare-and-set). Thread-safe; a singleton.
/// </summary>
/// <remarks>
/// Every operation re-reads the installation from the store first, so the instance passed in only
/// names it. Calls that Azure DevOps refuses throw <see cref="VstsSubscriptionException"/> of kind
/// <see cref="VstsSubscriptionErrorKind.CredentialRejected"/> (the credential was not accepted) or
/// <see cref="VstsSubscriptionErrorKind.PermissionDenied"/> (accepted, but without the rights);
/// other failures of a single subscription are reported as <see cref="VstsSubscriptionHealth.Failed"/>
/// in the returned report, never ignored. The secret never appears in a log line, a report or an
/// exception message.
/// </remarks>
public interface IVstsSubscriptionManager
{
    /// <summary>The event types subscribed to, decided by the host's registered ports.</summary>
    IReadOnlyList<string> EventTypes { get; }

    /// <summary>
    /// Makes sure every handled event type has a working subscription: reuses recorded ones that still
    /// exist, creates missing ones, recreates <c>disabledBySystem</c> ones, deletes ones for event types
    /// no longer handled. Creates the installation's 256-bit secret first when it has none. Call it when
    /// the host installs (or reconnects) the integration.
    /// </summary>
    /// <param name="installation">The installation (re-read from the store).</param>
    /// <param name="callbackUrl">The absolute <c>https</c> URL of the host's webhook endpoint (<c>MapVstsWebhook</c>).</param>
    /// <param name="cancellationToken">Cancels the operation; what was already created is still saved.</param>
    /// <returns>One entry per event type.</returns>
    /// <exception cref="ArgumentException"><paramref name="callbackUrl"/> is not an absolute https URL.</exception>
    /// <exception cref="VstsSubscriptionException">The credential was rejected or permission denied, the installation is gone, or the store kept conflicting.</exception>
    Task<VstsSubscriptionReport> EnsureAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default);

    /// <summary>
    /// The periodic health check: reads every recorded subscription; a missing or <c>disabledBySystem</c>
    /// one is deleted (when present) and created again, with a new secret for the installation (the
    /// previous stays accepted until every subscription carries the new one); <c>onProbation</c>,
    /// <c>disabledByUser</c> and <c>disabledByInactiveIdentity</c> are reported and left as they are.
    /// An installation with no recorded subscription is left alone (see <see cref="VstsSubscriptionReport.NotSubscribed"/>).
    /// Records <see cref="VstsSubscriptionReference.LastCheckedAt"/>.
    /// </summary>
    /// <param name="installation">The installation (re-read from the store).</param>
    /// <param name="callbackUrl">The host's webhook URL, used for subscriptions created or replaced.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>One entry per event type.</returns>
    /// <exception cref="ArgumentException"><paramref name="callbackUrl"/> is not an absolute https URL.</exception>
    /// <exception cref="VstsSubscriptionException">The credential was rejected or permission denied, the installation is gone, or the store kept conflicting.</exception>
    Task<VstsSubscriptionReport> CheckAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the installation's webhook secret: saves a new one as current with the old one as
    /// previous (both accepted), puts the new one on every subscription, and clears the previous once
    /// all carry it. A rotation left unfinished earlier is finished with its own new secret instead of
    /// starting another.
    /// </summary>
    /// <param name="installation">The installation (re-read from the store).</param>
    /// <param name="callbackUrl">The host's webhook URL (the whole subscription is replaced).</param>
    /// <param name="cancellationToken">Cancels the rotation; a cancelled rotation stays pending.</param>
    /// <returns>One entry per event type; <see cref="VstsSubscriptionReport.RotationPending"/> when some subscription failed.</returns>
    /// <exception cref="ArgumentException"><paramref name="callbackUrl"/> is not an absolute https URL.</exception>
    /// <exception cref="VstsSubscriptionException">The credential was rejected or permission denied, the installation is gone, or the store kept conflicting.</exception>
    Task<VstsSubscriptionReport> RotateSecretAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every recorded subscription (call it when the host uninstalls: otherwise Azure DevOps keeps
    /// posting until it disables them) and, when the installation is still in the store, clears its
    /// subscriptions and secrets. A subscription already gone counts as deleted.
    /// </summary>
    /// <param name="installation">The installation; when the host already removed it from the store, its recorded subscriptions are deleted.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>One <see cref="VstsSubscriptionHealth.Removed"/> (or <see cref="VstsSubscriptionHealth.Failed"/>) entry per recorded subscription.</returns>
    /// <exception cref="VstsSubscriptionException">The credential was rejected or permission denied, or the store kept conflicting.</exception>
    Task<VstsSubscriptionReport> DeleteAsync(VstsInstallation installation, CancellationToken cancellationToken = default);
}
