using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Inbound;
using IssueSync.Sdk.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary>
/// Redis unreachable (a port nothing listens on, a connection string with a password): every port fails with
/// <see cref="RedisSyncStateException"/> naming the operation and host:port and never the password, the host
/// starts anyway (abortConnect=false), and a webhook delivery is answered 503, never 200.
/// </summary>
public sealed class RedisUnavailableTests
{
    private const string Password = "Sup3r-Secret-Redis-Pa55word";
    private const string Org = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";

    private static readonly int UnusedPort = RedisServerFixture.FreePort();

    private static string DownConfiguration => string.Create(
        CultureInfo.InvariantCulture,
        $"127.0.0.1:{UnusedPort},password={Password},abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300,connectRetry=0");

    public static TheoryData<string> Operations => new()
    {
        "IDeliveryDedupeStore.TryClaimAsync",
        "IDeliveryDedupeStore.ReleaseAsync",
        "ISyncWatermarkStore.ReadAsync",
        "ISyncWatermarkStore.TrySaveAsync",
        "IOwnWriteLedger.RecordAsync",
        "IOwnWriteLedger.FindAsync",
        "IOwnWriteLedger.RecordAttemptAsync",
        "IOwnWriteLedger.IsOwnCommentAsync",
        "ISyncLeaseStore.TryAcquireAsync",
        "ISyncLeaseStore.ReleaseAsync",
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_port_fails_typed_naming_the_operation_and_endpoint_but_never_the_password(string operation)
    {
        await using var services = Services(DownConfiguration);

        var failure = await Assert.ThrowsAsync<RedisSyncStateException>(() => Call(services, operation));

        Assert.Equal(operation, failure.Operation);
        Assert.Equal($"127.0.0.1:{UnusedPort}", failure.Endpoint);
        Assert.Contains($"Redis at 127.0.0.1:{UnusedPort}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(operation, failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"is unreachable \(\w+\)\.$|did not answer in time\.$", failure.Message);
        Assert.NotNull(failure.InnerException);
        Assert.DoesNotContain(Password, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_recorded_is_answered_503_and_no_log_line_holds_the_password()
    {
        var logs = new FakeLoggerProvider();
        await using var host = await InboundHost.StartAsync(sdk =>
        {
            sdk.Services.AddSingleton<ILoggerProvider>(logs);
            sdk.AddRedisSyncState(DownConfiguration);
        });
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();

        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.Users[2]);
        var delivery = await host.DeliveryAsync("workitem.updated", item.Id, resolved.Revision);

        Assert.Equal((503, "StoreUnavailable"), (delivery.StatusCode, delivery.Outcome));
        Assert.False(host.Groups.GetGroup(group.GroupId)!.IsResolved);
        var records = logs.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Exception is RedisSyncStateException);
        Assert.All(records, r =>
        {
            Assert.DoesNotContain(Password, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, r.Exception?.ToString() ?? "", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_configuration_string_that_does_not_parse_fails_validation_naming_the_key_not_the_string()
    {
        using var services = Services($"127.0.0.1:{UnusedPort},password={Password},notAnOption=1");

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<IDeliveryDedupeStore>());

        Assert.Contains("IssueSync:Vsts:Redis:Configuration", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(string configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddVstsIssueSync(_ => { }).AddRedisSyncState(configuration);
        return services.BuildServiceProvider();
    }

    private static Task Call(IServiceProvider services, string operation)
    {
        var dedupe = services.GetRequiredService<IDeliveryDedupeStore>();
        var watermarks = services.GetRequiredService<ISyncWatermarkStore>();
        var ledger = services.GetRequiredService<IOwnWriteLedger>();
        var leases = services.GetRequiredService<ISyncLeaseStore>();
        var at = DateTimeOffset.UtcNow;
        return operation switch
        {
            "IDeliveryDedupeStore.TryClaimAsync" => dedupe.TryClaimAsync("d1", TimeSpan.FromHours(1)),
            "IDeliveryDedupeStore.ReleaseAsync" => dedupe.ReleaseAsync("d1"),
            "ISyncWatermarkStore.ReadAsync" => watermarks.ReadAsync(Org, 1),
            "ISyncWatermarkStore.TrySaveAsync" => watermarks.TrySaveAsync(Org, 1, new SyncWatermark { Field = "System.State", Revision = 2 }, 0),
            "IOwnWriteLedger.RecordAsync" => ledger.RecordAsync(new OwnWrite { WriteId = "w", OrganizationId = Org, WorkItemId = 1, Fields = new Dictionary<string, string?>() }),
            "IOwnWriteLedger.FindAsync" => ledger.FindAsync(Org, 1, 2),
            "IOwnWriteLedger.RecordAttemptAsync" => ledger.RecordAttemptAsync(new OwnWriteAttempt { OrganizationId = Org, Key = "k", FirstAttemptAt = at, LastAttemptAt = at }),
            "IOwnWriteLedger.IsOwnCommentAsync" => ledger.IsOwnCommentAsync(Org, 1, 3),
            "ISyncLeaseStore.TryAcquireAsync" => leases.TryAcquireAsync("workitem:org:1", TimeSpan.FromSeconds(5)),
            "ISyncLeaseStore.ReleaseAsync" => leases.ReleaseAsync(new SyncLease("workitem:org:1", 1, at)),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }
}
