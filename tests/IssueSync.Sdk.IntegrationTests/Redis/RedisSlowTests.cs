using IssueSync.Sdk.Redis;
using StackExchange.Redis;

namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary>Redis that answers too late: the store's call fails typed ("did not answer in time"), naming the operation and endpoint.</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisSlowTests(RedisServerFixture redis)
{
    [Fact]
    public async Task A_command_Redis_holds_past_the_timeout_fails_typed_as_a_timeout()
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString.Replace("asyncTimeout=2000", "asyncTimeout=200", StringComparison.Ordinal));
        var store = new RedisDeliveryDedupeStore(new RedisStateConnection(multiplexer, new RedisSyncStateOptions { KeyPrefix = RedisServerFixture.NewKeyPrefix() }));

        await redis.PauseAsync(TimeSpan.FromSeconds(3));
        RedisSyncStateException failure;
        try
        {
            failure = await Assert.ThrowsAsync<RedisSyncStateException>(() => store.TryClaimAsync("org:event:slow", TimeSpan.FromMinutes(1)));
        }
        finally
        {
            await redis.ResumeAsync();
        }

        Assert.IsType<RedisTimeoutException>(failure.InnerException);
        Assert.Equal($"The Redis sync state could not complete IDeliveryDedupeStore.TryClaimAsync: Redis at 127.0.0.1:{redis.Port} did not answer in time.", failure.Message);
    }
}
