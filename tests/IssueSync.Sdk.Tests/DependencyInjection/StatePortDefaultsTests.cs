using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.DependencyInjection;

/// <summary>The in-memory defaults of the state ports, and a host's own registrations taking their place.</summary>
public class StatePortDefaultsTests
{
    [Fact]
    public async Task The_state_ports_default_to_single_in_memory_stores_on_the_registered_clock()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddVstsIssueSync(_ => { });
        await using var provider = services.BuildServiceProvider();

        var dedupe = Assert.IsType<InMemoryDeliveryDedupeStore>(provider.GetRequiredService<IDeliveryDedupeStore>());
        var watermarks = Assert.IsType<InMemorySyncWatermarkStore>(provider.GetRequiredService<ISyncWatermarkStore>());
        Assert.Same(dedupe, provider.GetRequiredService<IDeliveryDedupeStore>());
        Assert.Same(watermarks, provider.GetRequiredService<ISyncWatermarkStore>());
        Assert.Equal(InMemorySyncWatermarkStore.DefaultRetention, watermarks.Retention);

        // On the host's clock: a claim expires when the fake clock says so.
        Assert.True(await dedupe.TryClaimAsync("d", TimeSpan.FromMinutes(1)));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await dedupe.TryClaimAsync("d", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Calling_twice_registers_each_state_port_once()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { });
        services.AddVstsIssueSync(_ => { });

        Assert.Single(services, d => d.ServiceType == typeof(IDeliveryDedupeStore));
        Assert.Single(services, d => d.ServiceType == typeof(ISyncWatermarkStore));
    }

    [Fact]
    public void A_host_registration_made_before_the_sdk_is_kept()
    {
        var dedupe = new SharedDedupeStore();
        var watermarks = new SharedWatermarkStore();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryDedupeStore>(dedupe);
        services.AddSingleton<ISyncWatermarkStore>(watermarks);
        services.AddVstsIssueSync(_ => { });
        using var provider = services.BuildServiceProvider();

        Assert.Same(dedupe, provider.GetRequiredService<IDeliveryDedupeStore>());
        Assert.Same(watermarks, provider.GetRequiredService<ISyncWatermarkStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IDeliveryDedupeStore));
    }

    [Fact]
    public void A_host_registration_made_after_the_sdk_takes_the_place_of_the_default()
    {
        var dedupe = new SharedDedupeStore();
        var watermarks = new SharedWatermarkStore();
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(_ => { });
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeliveryDedupeStore>(dedupe));
        builder.Services.AddSingleton<ISyncWatermarkStore>(watermarks); // added, not replaced: the last one is resolved
        using var provider = services.BuildServiceProvider();

        Assert.Same(dedupe, provider.GetRequiredService<IDeliveryDedupeStore>());
        Assert.Same(watermarks, provider.GetRequiredService<ISyncWatermarkStore>());
    }

    private sealed class SharedDedupeStore : IDeliveryDedupeStore
    {
        public Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class SharedWatermarkStore : ISyncWatermarkStore
    {
        public Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
