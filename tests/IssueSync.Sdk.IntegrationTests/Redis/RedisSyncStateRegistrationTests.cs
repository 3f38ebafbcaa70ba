using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Inbound;
using IssueSync.Sdk.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary><c>AddRedisSyncState</c>: which stores it registers, where the connection comes from, the options and the keys.</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisSyncStateRegistrationTests(RedisServerFixture redis)
{
    private const string Org = "6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C";

    [Fact]
    public void It_replaces_the_four_in_memory_state_stores_once_however_often_it_is_called()
    {
        var services = new ServiceCollection();
        var sdk = services.AddVstsIssueSync(_ => { });

        sdk.AddRedisSyncState(redis.ConnectionString).AddRedisSyncState(redis.ConnectionString).AddRedisSyncState(redis.Multiplexer);

        using var provider = services.BuildServiceProvider();
        Assert.IsType<RedisDeliveryDedupeStore>(provider.GetRequiredService<IDeliveryDedupeStore>());
        Assert.IsType<RedisSyncWatermarkStore>(provider.GetRequiredService<ISyncWatermarkStore>());
        Assert.IsType<RedisOwnWriteLedger>(provider.GetRequiredService<IOwnWriteLedger>());
        Assert.IsType<RedisSyncLeaseStore>(provider.GetRequiredService<ISyncLeaseStore>());
        Assert.IsType<RedisReconciliationStateStore>(provider.GetRequiredService<IReconciliationStateStore>());
        foreach (var port in new[] { typeof(IDeliveryDedupeStore), typeof(ISyncWatermarkStore), typeof(IOwnWriteLedger), typeof(ISyncLeaseStore), typeof(IReconciliationStateStore), typeof(RedisStateConnection) })
        {
            Assert.Single(services, d => d.ServiceType == port);
        }

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<RedisSyncStateOptions>));
    }

    [Fact]
    public async Task Instances_sharing_the_host_registered_multiplexer_see_each_others_state_and_leave_it_open()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        ServiceProvider Instance()
        {
            var services = new ServiceCollection();
            services.AddSingleton(redis.Multiplexer);
            services.AddVstsIssueSync(_ => { }).AddRedisSyncState(o => o.KeyPrefix = prefix);
            return services.BuildServiceProvider();
        }

        await using (var first = Instance())
        await using (var second = Instance())
        {
            Assert.True(await first.GetRequiredService<IDeliveryDedupeStore>().TryClaimAsync("org:event:1", TimeSpan.FromMinutes(1)));
            Assert.False(await second.GetRequiredService<IDeliveryDedupeStore>().TryClaimAsync("org:event:1", TimeSpan.FromMinutes(1)));
            Assert.NotNull(await second.GetRequiredService<ISyncLeaseStore>().TryAcquireAsync("jobs:org", TimeSpan.FromMinutes(1)));
            Assert.Null(await first.GetRequiredService<ISyncLeaseStore>().TryAcquireAsync("jobs:org", TimeSpan.FromMinutes(1)));
        }

        Assert.True(redis.Multiplexer.IsConnected);
        Assert.True(await redis.Multiplexer.GetDatabase().KeyExistsAsync(prefix + "delivery:org:event:1"));
    }

    [Fact]
    public async Task Options_bind_from_IssueSync_Vsts_Redis_and_keys_carry_the_prefix_and_the_lower_cased_organization()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IssueSync:Vsts:Redis:Configuration"] = redis.ConnectionString,
            ["IssueSync:Vsts:Redis:KeyPrefix"] = prefix,
            ["IssueSync:Vsts:Redis:WatermarkRetention"] = "02:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { }).AddRedisSyncState(configuration);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ISyncWatermarkStore>().TrySaveAsync(Org, 7, new SyncWatermark { Field = "System.State", Revision = 3, Value = "Active" }, 0);
        await provider.GetRequiredService<IOwnWriteLedger>().RecordOwnCommentAsync(Org, 7, 11);
        await provider.GetRequiredService<ISyncLeaseStore>().TryAcquireAsync("workitem:org:7", TimeSpan.FromMinutes(1));

        var server = redis.Multiplexer.GetServers().Single();
        var keys = server.Keys(pattern: prefix + "*").Select(k => k.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                prefix + "lease:{workitem:org:7}",
                prefix + "lease:{workitem:org:7}:fence",
                prefix + "{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:7}:comments",
                prefix + "{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:7}:wm",
            ],
            keys);
        var ttl = await redis.Multiplexer.GetDatabase().KeyTimeToLiveAsync(prefix + "{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c:7}:wm");
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C")]
    [InlineData("6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c")]
    [InlineData("{6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c}")]
    [InlineData("6CE954B1CE1F45D1B94DE6BF2464BA2C")]
    [InlineData("  6ce954b1ce1f45d1b94de6bf2464ba2c  ")]
    public void Every_form_of_an_organization_guid_is_keyed_in_its_lower_case_D_form(string organizationId) =>
        Assert.Equal("6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c", RedisStateConnection.Organization(organizationId));

    [Fact]
    public void An_organization_id_that_is_not_a_guid_is_keyed_lower_cased() =>
        Assert.Equal("fabrikam", RedisStateConnection.Organization("Fabrikam"));

    [Theory]
    [InlineData(null, "IssueSync:Vsts:Redis:Configuration is not set and no IConnectionMultiplexer is registered")]
    [InlineData("issue{sync}:", "IssueSync:Vsts:Redis:KeyPrefix")]
    public void Invalid_options_fail_at_first_use_naming_the_key(string? keyPrefix, string expected)
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { }).AddRedisSyncState(o =>
        {
            if (keyPrefix is not null)
            {
                o.Configuration = redis.ConnectionString;
                o.KeyPrefix = keyPrefix;
            }
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOwnWriteLedger>());

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_the_webhook_endpoint_a_delivery_is_applied_once_and_its_redelivery_is_a_duplicate()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var host = await InboundHost.StartAsync(sdk => sdk.AddRedisSyncState(o =>
        {
            o.Configuration = redis.ConnectionString;
            o.KeyPrefix = prefix;
        }));
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();

        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.Users[2]);
        var delivery = await host.DeliveryAsync("workitem.updated", item.Id, resolved.Revision);
        var redelivery = await host.Emulator.RedeliverAsync(delivery, InboundHost.Timeout());

        Assert.Equal((200, "Applied"), (delivery.StatusCode, delivery.Outcome));
        Assert.Equal((200, "Duplicate"), (redelivery.StatusCode, redelivery.Outcome));
        Assert.True(host.Groups.GetGroup(group.GroupId)!.IsResolved);
        Assert.Single(host.Groups.StatusChanges);
        var organization = RedisStateConnection.Organization(host.Organization.Id);
        Assert.Contains(
            "System.State",
            (await redis.Multiplexer.GetDatabase().HashKeysAsync($"{prefix}{{{organization}:{item.Id}}}:wm")).Select(k => k.ToString()).Single(k => k.StartsWith("d:", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }
}
