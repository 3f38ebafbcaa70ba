using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.DependencyInjection;

/// <summary>
/// <c>Add...Store&lt;T&gt;()</c> registers <c>T</c> when the host has not and resolves the port from it: a host
/// that registers <c>T</c> to use it in its own code shares one instance with the SDK, one test per port.
/// </summary>
public sealed class HostStoreSharingTests
{
    /// <summary>A port, the builder call that plugs <c>T</c> in, and how the host makes its own <c>T</c>.</summary>
    public sealed record PortCase(string Port, Type PortType, Type StoreType, Action<IVstsIssueSyncBuilder> Add, Func<object> Create)
    {
        public override string ToString() => Port;
    }

    private static readonly PortCase[] Cases =
    [
        new(nameof(IIntegrationStore), typeof(IIntegrationStore), typeof(InMemoryIntegrationStore), b => b.AddIntegrationStore<InMemoryIntegrationStore>(), () => new InMemoryIntegrationStore()),
        new(nameof(IExternalProjectStore), typeof(IExternalProjectStore), typeof(InMemoryExternalProjectStore), b => b.AddExternalProjectStore<InMemoryExternalProjectStore>(), () => new InMemoryExternalProjectStore()),
        new(nameof(IGroupStore), typeof(IGroupStore), typeof(InMemoryGroupStore), b => b.AddGroupStore<InMemoryGroupStore>(), () => new InMemoryGroupStore()),
        new(nameof(IAssigneeStore), typeof(IAssigneeStore), typeof(InMemoryAssigneeStore), b => b.AddAssigneeStore<InMemoryAssigneeStore>(), () => new InMemoryAssigneeStore()),
        new(nameof(ITokenStore), typeof(ITokenStore), typeof(InMemoryTokenStore), b => b.AddTokenStore<InMemoryTokenStore>(), () => new InMemoryTokenStore()),
        new(nameof(IDeliveryDedupeStore), typeof(IDeliveryDedupeStore), typeof(InMemoryDeliveryDedupeStore), b => b.AddDeliveryDedupeStore<InMemoryDeliveryDedupeStore>(), () => new InMemoryDeliveryDedupeStore()),
        new(nameof(ISyncWatermarkStore), typeof(ISyncWatermarkStore), typeof(InMemorySyncWatermarkStore), b => b.AddSyncWatermarkStore<InMemorySyncWatermarkStore>(), () => new InMemorySyncWatermarkStore()),
        new(nameof(IOwnWriteLedger), typeof(IOwnWriteLedger), typeof(InMemoryOwnWriteLedger), b => b.AddOwnWriteLedger<InMemoryOwnWriteLedger>(), () => new InMemoryOwnWriteLedger()),
        new(nameof(ISyncLeaseStore), typeof(ISyncLeaseStore), typeof(InMemorySyncLeaseStore), b => b.AddSyncLeaseStore<InMemorySyncLeaseStore>(), () => new InMemorySyncLeaseStore()),
        new(nameof(IReconciliationStateStore), typeof(IReconciliationStateStore), typeof(InMemoryReconciliationStateStore), b => b.AddReconciliationStateStore<InMemoryReconciliationStateStore>(), () => new InMemoryReconciliationStateStore()),
        new(nameof(IWorkItemDeletionStore), typeof(IWorkItemDeletionStore), typeof(InMemoryWorkItemDeletionStore), b => b.AddWorkItemDeletionStore<InMemoryWorkItemDeletionStore>(), () => new InMemoryWorkItemDeletionStore()),
        new(nameof(ICommentStore), typeof(ICommentStore), typeof(InMemoryCommentStore), b => b.AddCommentStore<InMemoryCommentStore>(), () => new InMemoryCommentStore()),
        new(nameof(IVstsCredentialResolver), typeof(IVstsCredentialResolver), typeof(HostCredentialResolver), b => b.UseCredentialResolver<HostCredentialResolver>(), () => new HostCredentialResolver()),
        new(nameof(IInstallationEnumerator), typeof(IInstallationEnumerator), typeof(InMemoryIntegrationStore), b => b.AddInstallationEnumerator<InMemoryIntegrationStore>(), () => new InMemoryIntegrationStore()),
    ];

    public static TheoryData<PortCase> Ports()
    {
        var data = new TheoryData<PortCase>();
        foreach (var port in Cases)
        {
            data.Add(port);
        }

        return data;
    }

    [Fact]
    public void Every_generic_store_method_of_the_builder_has_a_case()
    {
        var generic = typeof(IVstsIssueSyncBuilder).GetMethods().Where(m => m.IsGenericMethodDefinition).Select(m => m.GetParameters().Length == 0 ? m.Name : "").ToList();
        Assert.DoesNotContain("", generic);
        Assert.Equal(generic.Count, Cases.Length);
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public void Without_a_host_registration_the_port_and_T_are_one_singleton(PortCase port)
    {
        using var provider = Build(builder => port.Add(builder));

        var store = provider.GetRequiredService(port.StoreType);
        Assert.Same(store, provider.GetRequiredService(port.PortType));
        Assert.Same(store, provider.GetRequiredService(port.StoreType));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public void A_T_the_host_registers_before_or_after_is_the_instance_the_SDK_uses(PortCase port)
    {
        var before = port.Create();
        var after = port.Create();
        using var registeredBefore = Build(builder => port.Add(builder), before: services => services.AddSingleton(port.StoreType, before));
        using var registeredAfter = Build(builder => port.Add(builder), after: services => services.AddSingleton(port.StoreType, _ => after));

        Assert.Same(before, registeredBefore.GetRequiredService(port.StoreType));
        Assert.Same(before, registeredBefore.GetRequiredService(port.PortType));
        Assert.Same(after, registeredAfter.GetRequiredService(port.StoreType));
        Assert.Same(after, registeredAfter.GetRequiredService(port.PortType));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public void The_hosts_own_registration_and_lifetime_of_T_are_kept(PortCase port)
    {
        var services = new ServiceCollection();
        services.AddTransient(port.StoreType, _ => port.Create());
        var builder = services.AddVstsIssueSync(o => o.OrganizationUrl = "https://dev.azure.com/fabrikam/");
        port.Add(builder);

        var registrations = services.Where(d => d.ServiceType == port.StoreType).ToList();
        var only = Assert.Single(registrations);
        Assert.Equal(ServiceLifetime.Transient, only.Lifetime);
        Assert.NotNull(only.ImplementationFactory);

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        // The port is a singleton over one resolution of the host's T; the host's transient T stays transient.
        Assert.Same(provider.GetRequiredService(port.PortType), provider.GetRequiredService(port.PortType));
        Assert.NotSame(provider.GetRequiredService(port.StoreType), provider.GetRequiredService(port.StoreType));
    }

    [Fact]
    public async Task A_change_made_through_the_SDKs_port_is_seen_by_the_hosts_instance()
    {
        using var provider = Build(builder => builder.AddGroupStore<InMemoryGroupStore>(), before: services => services.AddSingleton<InMemoryGroupStore>());
        var hosts = provider.GetRequiredService<InMemoryGroupStore>();
        var group = hosts.Link("integration-1", 42, new LinkedGroup("g1", "host-project", IsResolved: false));

        await provider.GetRequiredService<IGroupStore>().ResolveAsync(group, ChangeSource.FromIntegration("integration-1"));

        Assert.True(hosts.GetGroup("g1")!.IsResolved);
        Assert.Single(hosts.StatusChanges);
    }

    private static ServiceProvider Build(Action<IVstsIssueSyncBuilder> add, Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        add(services.AddVstsIssueSync(o => o.OrganizationUrl = "https://dev.azure.com/fabrikam/"));
        after?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>A host's own resolver: a PAT reference, never a secret value here.</summary>
    public sealed class HostCredentialResolver : IVstsCredentialResolver
    {
        public ValueTask<VstsCredential> ResolveAsync(VstsInstallation installation, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Not called: these tests only resolve the registration.");
    }
}
