using IssueSync.Sdk.IntegrationTests.Redis;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// <see cref="ScaleOutInboundTests"/>' shuffled history with a slow host database: every host store call
/// waits 3-30 ms, so one instance's apply is still on its way to the host's database while another instance
/// reads the watermark and applies a newer revision. An atomic watermark alone does not order the host's
/// writes; the per-work-item lease (held across check, apply and advance, fenced) does.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class ScaleOutSlowHostTests(RedisServerFixture redis)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task With_a_slow_host_database_the_applies_of_four_instances_interleave_and_still_end_at_the_newest_value(int seed)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(redis, ScaleOutInboundTests.Instances, hostStoreLatency: TimeSpan.FromMilliseconds(30));

        var (expectedResolved, expectedAssignee, group, answers) = await ScaleOutInboundTests.DeliverShuffledHistoryAsync(cluster, seed);

        Assert.All(answers, a => Assert.Equal(200, a.Last().StatusCode));
        Assert.Equal(expectedResolved, cluster.Groups.GetGroup(group)!.IsResolved);
        Assert.Equal(expectedAssignee, cluster.Assignees.GetAssignee(group));
        Assert.Equal(expectedAssignee, cluster.Groups.GetGroup(group)!.AssigneeUserId);
    }
}
