using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// Where the Redis stores get their multiplexer: <see cref="Factory"/> when the host passed one to
/// <c>AddRedisSyncState</c> (shared, never disposed by the SDK); otherwise the one the SDK connects from
/// <see cref="RedisSyncStateOptions.Configuration"/>, else the host's registered <see cref="IConnectionMultiplexer"/>.
/// </summary>
internal sealed record RedisMultiplexerSource(Func<IServiceProvider, IConnectionMultiplexer>? Factory)
{
    public static readonly RedisMultiplexerSource FromOptions = new(Factory: null);
}
