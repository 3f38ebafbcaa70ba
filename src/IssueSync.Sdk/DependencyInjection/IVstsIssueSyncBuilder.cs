using System.Diagnostics.CodeAnalysis;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Resilience;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk;

/// <summary>
/// Returned by <c>AddVstsIssueSync</c>: plugs the host's stores into the SDK and gives access to
/// the underlying registrations. Store methods replace any earlier registration of the same port,
/// so calling one twice is harmless. Stores are singletons: a store that needs scoped services
/// (a <c>DbContext</c>) should create its own scope or use a context factory.
/// <para>
/// The generic <c>Add...Store&lt;T&gt;()</c> methods register <c>T</c> itself as a singleton when the host
/// has not registered it (<c>TryAddSingleton</c>), and resolve the port from <c>T</c>: a host that also
/// registers <c>T</c> (before or after the call) and injects it in its own code shares one instance with
/// the SDK, and its own registration of <c>T</c> is kept. The port is a singleton that resolves <c>T</c>
/// once from the root provider, so register a shared <c>T</c> as a singleton: a scoped or transient
/// <c>T</c> would give the SDK an instance of its own.
/// </para>
/// </summary>
public interface IVstsIssueSyncBuilder
{
    /// <summary>The service collection the SDK is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The builder of the SDK's named <see cref="HttpClient"/>, for advanced changes (an extra
    /// handler, a proxy on the primary handler).
    /// </summary>
    IHttpClientBuilder HttpClientBuilder { get; }

    /// <summary>Registers the host's installation store.</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddIntegrationStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IIntegrationStore;

    /// <summary>Registers the host's installation store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddIntegrationStore(Func<IServiceProvider, IIntegrationStore> factory);

    /// <summary>Registers the host's per-project status mapping store.</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddExternalProjectStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IExternalProjectStore;

    /// <summary>Registers the host's per-project status mapping store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddExternalProjectStore(Func<IServiceProvider, IExternalProjectStore> factory);

    /// <summary>Registers the host's group store.</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddGroupStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IGroupStore;

    /// <summary>Registers the host's group store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddGroupStore(Func<IServiceProvider, IGroupStore> factory);

    /// <summary>Registers the host's assignee store.</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddAssigneeStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IAssigneeStore;

    /// <summary>Registers the host's assignee store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddAssigneeStore(Func<IServiceProvider, IAssigneeStore> factory);

    /// <summary>Registers the host's OAuth token store (required for OAuth credentials).</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddTokenStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ITokenStore;

    /// <summary>Registers the host's OAuth token store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddTokenStore(Func<IServiceProvider, ITokenStore> factory);

    /// <summary>
    /// Replaces the default single-instance <see cref="Sync.InMemoryDeliveryDedupeStore"/> with a shared
    /// one (several host instances must see each other's claims).
    /// </summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddDeliveryDedupeStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IDeliveryDedupeStore;

    /// <summary>Replaces the default delivery dedupe store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddDeliveryDedupeStore(Func<IServiceProvider, IDeliveryDedupeStore> factory);

    /// <summary>
    /// Replaces the default single-instance <see cref="Sync.InMemorySyncWatermarkStore"/> with a shared
    /// one (several host instances must apply each field's changes in one order).
    /// </summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddSyncWatermarkStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ISyncWatermarkStore;

    /// <summary>Replaces the default sync watermark store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddSyncWatermarkStore(Func<IServiceProvider, ISyncWatermarkStore> factory);

    /// <summary>
    /// Replaces the default single-instance <see cref="Sync.InMemoryOwnWriteLedger"/> with a shared one
    /// (a webhook of one instance's write may reach another instance).
    /// </summary>
    /// <typeparam name="TLedger">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddOwnWriteLedger<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TLedger>() where TLedger : class, IOwnWriteLedger;

    /// <summary>Replaces the default own-write ledger from a factory.</summary>
    /// <param name="factory">Creates the ledger.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddOwnWriteLedger(Func<IServiceProvider, IOwnWriteLedger> factory);

    /// <summary>
    /// Replaces the default single-instance <see cref="Sync.InMemorySyncLeaseStore"/> with a shared one
    /// (one instance at a time handles a work item, refreshes an identity's tokens, runs an organization's jobs).
    /// </summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddSyncLeaseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ISyncLeaseStore;

    /// <summary>Replaces the default lease store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddSyncLeaseStore(Func<IServiceProvider, ISyncLeaseStore> factory);

    /// <summary>
    /// Replaces the default single-instance <see cref="Sync.InMemoryReconciliationStateStore"/> with a shared one
    /// (the reconciliation of an organization may run on any instance; each continues where the last stopped).
    /// </summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddReconciliationStateStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IReconciliationStateStore;

    /// <summary>Replaces the default reconciliation state store from a factory.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddReconciliationStateStore(Func<IServiceProvider, IReconciliationStateStore> factory);

    /// <summary>
    /// Replaces the SDK's retry and timeout policy (see <see cref="VstsResilienceOptions"/>) with
    /// the host's own, e.g. <c>builder.UseResilience(b =&gt; b.AddStandardResilienceHandler())</c>
    /// from Microsoft.Extensions.Http.Resilience. Handlers that <paramref name="configure"/> adds
    /// are placed outside the authentication handler, so each attempt is authenticated afresh.
    /// A replacement that retries should resend a request that is not
    /// <see cref="Client.VstsHttpRequestMessageExtensions.IsVstsIdempotent"/> (a create, a comment) only
    /// when the answer says it was not processed, or a work item or comment may be written twice.
    /// </summary>
    /// <param name="configure">Adds the replacement handlers to the SDK's client builder.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder UseResilience(Action<IHttpClientBuilder> configure);

    /// <summary>Plugs in the optional port told about deleted work items (the SDK then subscribes to <c>workitem.deleted</c>).</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddWorkItemDeletionStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IWorkItemDeletionStore;

    /// <summary>Plugs in the optional port told about deleted work items, with a factory.</summary>
    /// <param name="factory">Creates the store once.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddWorkItemDeletionStore(Func<IServiceProvider, IWorkItemDeletionStore> factory);

    /// <summary>Plugs in the optional port that receives Azure DevOps comments (the SDK then subscribes to <c>workitem.commented</c>).</summary>
    /// <typeparam name="TStore">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddCommentStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ICommentStore;

    /// <summary>Plugs in the optional port that receives Azure DevOps comments, with a factory.</summary>
    /// <param name="factory">Creates the store once.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddCommentStore(Func<IServiceProvider, ICommentStore> factory);

    /// <summary>Replaces how the SDK finds an installation's credential (default: OAuth identity by reference, else the configured PAT).</summary>
    /// <typeparam name="TResolver">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder UseCredentialResolver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResolver>() where TResolver : class, IVstsCredentialResolver;

    /// <summary>Replaces how the SDK finds an installation's credential, with a factory.</summary>
    /// <param name="factory">Creates the resolver once.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder UseCredentialResolver(Func<IServiceProvider, IVstsCredentialResolver> factory);

    /// <summary>
    /// Plugs in the optional port that lists every installation (for the periodic subscription check).
    /// Not needed when the registered <see cref="IIntegrationStore"/> implements <see cref="IInstallationEnumerator"/>.
    /// </summary>
    /// <typeparam name="TEnumerator">The implementation: registered as a singleton unless the host registered it; the port resolves it, so the host and the SDK share one instance.</typeparam>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddInstallationEnumerator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TEnumerator>() where TEnumerator : class, IInstallationEnumerator;

    /// <summary>Plugs in the optional port that lists every installation, with a factory.</summary>
    /// <param name="factory">Creates the enumerator once.</param>
    /// <returns>This builder.</returns>
    IVstsIssueSyncBuilder AddInstallationEnumerator(Func<IServiceProvider, IInstallationEnumerator> factory);
}
