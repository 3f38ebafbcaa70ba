using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IssueSync.Sdk.DependencyInjection;

internal sealed class VstsIssueSyncBuilder(IServiceCollection services, IHttpClientBuilder httpClientBuilder) : IVstsIssueSyncBuilder
{
    public IServiceCollection Services { get; } = services;

    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;

    public IVstsIssueSyncBuilder AddIntegrationStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IIntegrationStore => Use<IIntegrationStore, TStore>();

    public IVstsIssueSyncBuilder AddIntegrationStore(Func<IServiceProvider, IIntegrationStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddExternalProjectStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IExternalProjectStore => Use<IExternalProjectStore, TStore>();

    public IVstsIssueSyncBuilder AddExternalProjectStore(Func<IServiceProvider, IExternalProjectStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddGroupStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IGroupStore => Use<IGroupStore, TStore>();

    public IVstsIssueSyncBuilder AddGroupStore(Func<IServiceProvider, IGroupStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddAssigneeStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IAssigneeStore => Use<IAssigneeStore, TStore>();

    public IVstsIssueSyncBuilder AddAssigneeStore(Func<IServiceProvider, IAssigneeStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddTokenStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ITokenStore => Use<ITokenStore, TStore>();

    public IVstsIssueSyncBuilder AddTokenStore(Func<IServiceProvider, ITokenStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddDeliveryDedupeStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IDeliveryDedupeStore => Use<IDeliveryDedupeStore, TStore>();

    public IVstsIssueSyncBuilder AddDeliveryDedupeStore(Func<IServiceProvider, IDeliveryDedupeStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddSyncWatermarkStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ISyncWatermarkStore => Use<ISyncWatermarkStore, TStore>();

    public IVstsIssueSyncBuilder AddSyncWatermarkStore(Func<IServiceProvider, ISyncWatermarkStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddOwnWriteLedger<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TLedger>() where TLedger : class, IOwnWriteLedger => Use<IOwnWriteLedger, TLedger>();

    public IVstsIssueSyncBuilder AddOwnWriteLedger(Func<IServiceProvider, IOwnWriteLedger> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddSyncLeaseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ISyncLeaseStore => Use<ISyncLeaseStore, TStore>();

    public IVstsIssueSyncBuilder AddSyncLeaseStore(Func<IServiceProvider, ISyncLeaseStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddReconciliationStateStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IReconciliationStateStore => Use<IReconciliationStateStore, TStore>();

    public IVstsIssueSyncBuilder AddReconciliationStateStore(Func<IServiceProvider, IReconciliationStateStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddWorkItemDeletionStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, IWorkItemDeletionStore => Use<IWorkItemDeletionStore, TStore>();

    public IVstsIssueSyncBuilder AddWorkItemDeletionStore(Func<IServiceProvider, IWorkItemDeletionStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddCommentStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ICommentStore => Use<ICommentStore, TStore>();

    public IVstsIssueSyncBuilder AddCommentStore(Func<IServiceProvider, ICommentStore> factory) => Use(factory);

    public IVstsIssueSyncBuilder UseCredentialResolver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResolver>() where TResolver : class, IVstsCredentialResolver => Use<IVstsCredentialResolver, TResolver>();

    public IVstsIssueSyncBuilder UseCredentialResolver(Func<IServiceProvider, IVstsCredentialResolver> factory) => Use(factory);

    public IVstsIssueSyncBuilder AddInstallationEnumerator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TEnumerator>() where TEnumerator : class, IInstallationEnumerator => Use<IInstallationEnumerator, TEnumerator>();

    public IVstsIssueSyncBuilder AddInstallationEnumerator(Func<IServiceProvider, IInstallationEnumerator> factory) => Use(factory);

    public IVstsIssueSyncBuilder UseResilience(Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        // The handler list being built is the same object for every action of one build, so it
        // keys where the host's handlers start.
        var starts = new ConditionalWeakTable<IList<DelegatingHandler>, StrongBox<int>>();
        VstsServiceFactories.RestoreClientTimeout(HttpClientBuilder);
        HttpClientBuilder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            VstsRetryPolicy.RemoveFrom(handlers);
            starts.AddOrUpdate(handlers, new StrongBox<int>(handlers.Count));
        });
        configure(HttpClientBuilder);
        HttpClientBuilder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            if (!starts.TryGetValue(handlers, out var start))
            {
                return;
            }

            var auth = VstsRetryPolicy.IndexOfPerAttemptHandlers(handlers);
            if (auth < 0 || auth >= start.Value)
            {
                return;
            }

            var added = handlers.Skip(start.Value).ToList();
            for (var i = handlers.Count - 1; i >= start.Value; i--)
            {
                handlers.RemoveAt(i);
            }

            for (var i = 0; i < added.Count; i++)
            {
                handlers.Insert(auth + i, added[i]);
            }
        });
        return this;
    }

    private VstsIssueSyncBuilder Use<TPort, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TPort : class
        where TStore : class, TPort
    {
        // The host may register TStore itself, before or after this call, to use it in its own code: the
        // port resolves TStore, so the host and the SDK share one instance (the host's registration wins).
        Services.TryAddSingleton<TStore>();
        Services.Replace(ServiceDescriptor.Singleton<TPort>(static services => services.GetRequiredService<TStore>()));
        return this;
    }

    private VstsIssueSyncBuilder Use<TPort>(Func<IServiceProvider, TPort> factory)
        where TPort : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }
}
