namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary>The fixture's restarts, which restart scenarios build on: with the append-only file the data survives, without it is gone.</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisServerFixtureTests(RedisServerFixture redis)
{
    [Fact]
    public async Task A_restart_with_persistence_keeps_the_data_and_one_without_loses_it()
    {
        var key = RedisServerFixture.NewKeyPrefix() + "restart";
        var db = redis.Multiplexer.GetDatabase();
        await db.StringSetAsync(key, "kept");

        await redis.RestartAsync(persistence: true);
        var afterPersistentRestart = await ReadWhenReconnectedAsync(key);
        await redis.RestartAsync(persistence: false);
        var afterVolatileRestart = await ReadWhenReconnectedAsync(key);

        Assert.Equal("kept", afterPersistentRestart);
        Assert.Null(afterVolatileRestart);
        Assert.False(redis.AppendOnly);
    }

    private async Task<string?> ReadWhenReconnectedAsync(string key)
    {
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await redis.Multiplexer.GetDatabase().StringGetAsync(key);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException && DateTime.UtcNow < limit)
            {
                await Task.Delay(50);
            }
        }
    }
}
