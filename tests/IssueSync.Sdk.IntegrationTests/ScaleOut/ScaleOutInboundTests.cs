using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.IntegrationTests.Redis;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// Four instances of the host (separate service providers on one Redis, one host database) receiving the
/// deliveries of Azure DevOps behind a load balancer: the same delivery on every instance at once, and a
/// work item's history delivered twice, shuffled, spread over the instances, with and without a slow host
/// database. What counts is what the host's stores saw.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class ScaleOutInboundTests(RedisServerFixture redis)
{
    internal const int Instances = 4;
    private const int Revisions = 20;

    [Fact]
    public async Task The_same_delivery_on_four_instances_at_once_is_applied_once()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(redis, Instances);
        var items = Enumerable.Range(1, 5).Select(i => cluster.AddLinkedBug($"group-{i}", state: "Active")).ToList();
        await cluster.SubscribeAsync();
        var hooks = new List<CapturedHook>();
        foreach (var (item, _) in items)
        {
            var resolved = cluster.Organization.SetState(item.Id, "Resolved", by: cluster.Organization.Users[2]);
            hooks.Add(await cluster.CapturedAsync(ScaleOutCluster.Updated, item.Id, resolved.Revision));
        }

        foreach (var hook in hooks)
        {
            using var start = new ManualResetEventSlim();
            var posts = Enumerable.Range(0, Instances).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await cluster.PostAsync(i, hook, ScaleOutCluster.Timeout());
            })).ToList();
            start.Set();
            var answers = await Task.WhenAll(posts);

            Assert.Equal(
                [(200, VstsWebhookOutcome.Applied), (200, VstsWebhookOutcome.Duplicate), (200, VstsWebhookOutcome.Duplicate), (200, VstsWebhookOutcome.Duplicate)],
                answers.Select(a => (a.StatusCode, a.Outcome)).OrderBy(a => a.Outcome == VstsWebhookOutcome.Applied ? 0 : 1));
        }

        // The host's store saw one resolve per group: none twice.
        Assert.Equal(
            items.Select(i => i.Group.GroupId).Order(StringComparer.Ordinal),
            cluster.Groups.StatusChanges.Select(c => c.GroupId).Order(StringComparer.Ordinal));
        Assert.All(cluster.Groups.StatusChanges, c => Assert.True(c.Resolved));
        Assert.All(items, i => Assert.True(cluster.Groups.GetGroup(i.Group.GroupId)!.IsResolved));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Twenty_revisions_sent_twice_shuffled_over_four_instances_end_at_the_newest_value_of_every_field(int seed)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(redis, Instances);

        var (expectedResolved, expectedAssignee, group, answers) = await DeliverShuffledHistoryAsync(cluster, seed);

        Assert.All(answers, a => Assert.Equal(200, a.Last().StatusCode));
        Assert.Equal(expectedResolved, cluster.Groups.GetGroup(group)!.IsResolved);
        Assert.Equal(expectedAssignee, cluster.Assignees.GetAssignee(group));
        Assert.Equal(expectedAssignee, cluster.Groups.GetGroup(group)!.AssigneeUserId);
    }

    /// <summary>
    /// 20 revisions by a person (a seeded mix of state changes among Active, Resolved and Closed and assignee
    /// changes among Ada, Grace and nobody; some revisions change both), captured, then each delivery posted
    /// twice in a seeded shuffle, each post to a seeded instance; the four instances work at once, each through
    /// its own share in order. A 503 (another instance saved the field first) is posted again, as Azure DevOps
    /// retries. Returns what the newest revision says the host should hold, and every post's answers.
    /// </summary>
    internal static async Task<(bool Resolved, string? Assignee, string GroupId, List<VstsWebhookResult>[] Answers)> DeliverShuffledHistoryAsync(ScaleOutCluster cluster, int seed)
    {
        var (item, group) = cluster.AddLinkedBug("group-1", state: "Active");
        await cluster.SubscribeAsync();
        var random = new Random(seed);
        var organization = cluster.Organization;
        EmulatedUser?[] people = [null, organization.FindUser("ada@example.com"), organization.FindUser("grace@example.com")];
        string[] states = ["Active", "Resolved", "Closed"];
        var state = "Active";
        EmulatedUser? assignee = null;
        var hooks = new List<CapturedHook>();
        for (var i = 0; i < Revisions; i++)
        {
            var fields = new Dictionary<string, object?>();
            var change = random.Next(3); // 0: state, 1: assignee, 2: both
            if (change != 1)
            {
                state = states.Where(s => s != state).ElementAt(random.Next(2));
                fields["System.State"] = state;
            }

            if (change != 0)
            {
                assignee = people.Where(p => p != assignee).ElementAt(random.Next(2));
                fields["System.AssignedTo"] = assignee?.UniqueName;
            }

            var revision = organization.UpdateFields(item.Id, fields, by: organization.Users[2]).Revision;
            hooks.Add(await cluster.CapturedAsync(ScaleOutCluster.Updated, item.Id, revision));
        }

        var posts = hooks.Concat(hooks).OrderBy(_ => random.Next()).Select(h => (Hook: h, Instance: random.Next(Instances))).ToList();
        var lanes = Enumerable.Range(0, Instances).Select(instance => Task.Run(async () =>
        {
            var answers = new List<List<VstsWebhookResult>>();
            foreach (var (hook, _) in posts.Where(p => p.Instance == instance))
            {
                answers.Add(await cluster.PostUntilAcceptedAsync(instance, hook));
            }

            return answers;
        }));
        var all = (await Task.WhenAll(lanes)).SelectMany(a => a).ToArray();

        var newest = organization.GetWorkItem(item.Id)!;
        Assert.Equal(state, newest.State);
        return (state is "Resolved" or "Closed", ScaleOutCluster.HostUserOf(newest.AssignedTo), group.GroupId, all);
    }
}
