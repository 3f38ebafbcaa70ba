using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Redis;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Redis;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// Redis restarted under two running instances (the load balancer alternates between them). With its
/// append-only file: every delivery is answered 503 while it is down (Azure DevOps retries), the instances
/// reconnect on their own, nothing is applied twice and the echo of an own write made before the restart is
/// still recognised. Without persistence: exactly what <c>src/IssueSync.Sdk.Redis/README.md</c> says can
/// then happen ("Persistence").
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class ScaleOutRedisRestartTests(RedisServerFixture redis)
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restarted_with_its_append_only_file_Redis_down_is_503_and_after_it_nothing_is_applied_twice_nor_an_echo_applied_back()
    {
        await redis.RestartAsync(persistence: true);
        try
        {
            await using var cluster = await ScaleOutCluster.StartAsync(redis, instances: 2);
            var next = 0;
            cluster.Route = _ => Interlocked.Increment(ref next) % 2;
            var (item, group) = cluster.AddLinkedBug("group-1", state: "Active");
            await cluster.SubscribeAsync();
            var organization = cluster.Organization;

            // A person resolves: applied once.
            var resolved = organization.SetState(item.Id, "Resolved", by: organization.Users[2]);
            var applied = await DeliveryAsync(cluster, item.Id, resolved.Revision, d => true);

            // The SDK's own write on instance 0 (the host assigned Ada), its webhook still on its way.
            OutboundSyncResult written;
            var hold = cluster.Emulator.HoldDeliveries();
            try
            {
                var integration = await cluster.IntegrationAsync(0);
                written = await integration.SyncAssigneeOutboundAsync(Linked(item), ScaleOutCluster.Ada, ScaleOutCluster.Timeout());

                // Redis goes down, its data in the append-only file.
                await redis.StopAsync(save: true);
            }
            finally
            {
                hold.Dispose();
            }

            // The echo arrives while Redis is down: 503 with Retry-After, never 200; a port fails typed.
            var whileDown = await DeliveryAsync(cluster, item.Id, written.Revision!.Value, d => true);
            var typed = await Assert.ThrowsAsync<RedisSyncStateException>(
                () => cluster.Instances[1].GetRequiredService<IDeliveryDedupeStore>().TryClaimAsync("probe", TimeSpan.FromMinutes(1)));

            await redis.StartAsync(appendOnly: true);

            // Azure DevOps retries the 503 (1 s, 2 s, 4 s, ...) until an instance has Redis again: an echo.
            var afterRestart = await DeliveryAsync(cluster, item.Id, written.Revision.Value, d => d.StatusCode != 503, RecoveryLimit);
            // The resolve delivered again (to each instance): the claims survived, so duplicates.
            var redelivered = new[]
            {
                await RedeliverAsync(cluster, applied, ScaleOutCluster.Timeout()),
                await RedeliverAsync(cluster, applied, ScaleOutCluster.Timeout()),
            };
            // And the instances work on: a person reopens.
            var reopened = organization.SetState(item.Id, "Active", by: organization.Users[2]);
            var recovered = await DeliveryAsync(cluster, item.Id, reopened.Revision, d => true);

            Assert.Equal((200, "Applied"), (applied.StatusCode, applied.Outcome));
            Assert.Equal((503, "StoreUnavailable"), (whileDown.StatusCode, whileDown.Outcome));
            Assert.True(whileDown.ResponseHeaders.ContainsKey("Retry-After"));
            Assert.Equal("IDeliveryDedupeStore.TryClaimAsync", typed.Operation);
            Assert.Equal((200, "Echo"), (afterRestart.StatusCode, afterRestart.Outcome));
            Assert.All(redelivered, r => Assert.Equal((200, "Duplicate"), (r.StatusCode, r.Outcome)));
            Assert.Equal((200, "Applied"), (recovered.StatusCode, recovered.Outcome));
            var source = ChangeSource.FromIntegration(ScaleOutCluster.IntegrationId);
            Assert.Equal([new GroupStatusChange(group.GroupId, true, source), new GroupStatusChange(group.GroupId, false, source)], cluster.Groups.StatusChanges);
            Assert.Empty(cluster.Assignees.AssigneeChanges);
        }
        finally
        {
            // The next tests of the collection get the server as it was: no append-only file, empty.
            await redis.RestartAsync(persistence: false);
        }
    }

    [Fact]
    public async Task Restarted_without_persistence_Redis_forgets_claims_watermarks_and_own_writes_as_its_readme_says()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(redis, instances: 2);
        var next = 0;
        cluster.Route = _ => Interlocked.Increment(ref next) % 2;
        var organization = cluster.Organization;
        var person = organization.Users[2];
        // Item 1: resolved and reopened before the restart. Item 2: resolved and reopened too.
        // Item 3: the SDK wrote its assignee (the host assigned Ada) just before the restart.
        var (first, firstGroup) = cluster.AddLinkedBug("group-1", state: "Active");
        var (second, secondGroup) = cluster.AddLinkedBug("group-2", state: "Active");
        var (third, thirdGroup) = cluster.AddLinkedBug("group-3", state: "Active", hostAssignee: ScaleOutCluster.Ada.UserId);
        await cluster.SubscribeAsync();
        var history = new Dictionary<int, (WebhookDelivery Resolve, WebhookDelivery Reopen)>();
        foreach (var item in new[] { first, second })
        {
            var resolve = await DeliveryAsync(cluster, item.Id, organization.SetState(item.Id, "Resolved", by: person).Revision, d => true);
            var reopen = await DeliveryAsync(cluster, item.Id, organization.SetState(item.Id, "Active", by: person).Revision, d => true);
            history[item.Id] = (resolve, reopen);
        }

        OutboundSyncResult written;
        using (cluster.Emulator.HoldDeliveries())
        {
            written = await (await cluster.IntegrationAsync(0)).SyncAssigneeOutboundAsync(Linked(third), ScaleOutCluster.Ada, ScaleOutCluster.Timeout());
            await redis.RestartAsync(persistence: false);
        }

        var changesBefore = cluster.Groups.StatusChanges.Count;
        // The own write's webhook arrives after the restart: no longer recognised as the SDK's own, so applied;
        // the host still holds Ada, and the SDK calls the host level-checked, so its store sees no call.
        var ownWrite = await DeliveryAsync(cluster, third.Id, written.Revision!.Value, d => d.StatusCode != 503, RecoveryLimit);
        // Item 1: the newest delivery redelivered is applied again (not a duplicate): level-checked, no store call.
        var reopenAgain = await RedeliverAsync(cluster, history[first.Id].Reopen, ScaleOutCluster.Timeout());
        var changesAfterReopenAgain = cluster.Groups.StatusChanges.Count;
        // Item 2: an older delivery redelivered first counts as the first one of its field: the host is moved
        // back to Resolved although the item is Active (nothing newer comes to correct it).
        var resolveAgain = await RedeliverAsync(cluster, history[second.Id].Resolve, ScaleOutCluster.Timeout());

        foreach (var (resolve, reopen) in history.Values)
        {
            Assert.Equal((200, "Applied"), (resolve.StatusCode, resolve.Outcome));
            Assert.Equal((200, "Applied"), (reopen.StatusCode, reopen.Outcome));
        }

        Assert.Equal(4, changesBefore);
        Assert.Equal((200, "Applied"), (ownWrite.StatusCode, ownWrite.Outcome));
        Assert.Empty(cluster.Assignees.AssigneeChanges);
        Assert.Equal(ScaleOutCluster.Ada.UserId, cluster.Groups.GetGroup(thirdGroup.GroupId)!.AssigneeUserId);
        Assert.Equal((200, "Applied"), (reopenAgain.StatusCode, reopenAgain.Outcome));
        Assert.Equal(4, changesAfterReopenAgain);
        Assert.False(cluster.Groups.GetGroup(firstGroup.GroupId)!.IsResolved);
        Assert.Equal((200, "Applied"), (resolveAgain.StatusCode, resolveAgain.Outcome));
        Assert.Equal(new GroupStatusChange(secondGroup.GroupId, true, ChangeSource.FromIntegration(ScaleOutCluster.IntegrationId)), cluster.Groups.StatusChanges[^1]);
        Assert.Equal(5, cluster.Groups.StatusChanges.Count);
        Assert.True(cluster.Groups.GetGroup(secondGroup.GroupId)!.IsResolved);
        Assert.Equal("Active", organization.GetWorkItem(second.Id)!.State);
    }

    /// <summary>Waits (bounded) for a post of the item's revision that matches <paramref name="predicate"/>.</summary>
    private static Task<WebhookDelivery> DeliveryAsync(ScaleOutCluster cluster, int workItemId, int revision, Func<WebhookDelivery, bool> predicate, TimeSpan? limit = null) =>
        cluster.Emulator.WaitForDeliveryAsync(
            d => d.EventType == ScaleOutCluster.Updated && d.WorkItemId == workItemId && d.Revision == revision && predicate(d),
            new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(20)).Token);

    /// <summary>
    /// Redelivers a past delivery (as Azure DevOps' manual or late redelivery would) until an instance answers other than
    /// 503: right after a restart an instance may not have reconnected yet; bounded.
    /// </summary>
    private static async Task<WebhookDelivery> RedeliverAsync(ScaleOutCluster cluster, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var limit = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            var answer = await cluster.Emulator.RedeliverAsync(delivery, cancellationToken);
            if (answer.StatusCode != 503 || DateTime.UtcNow > limit)
            {
                return answer;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static LinkedWorkItem Linked(EmulatedWorkItem item) => new(item.Id.ToString(CultureInfo.InvariantCulture), item.ProjectId);
}
