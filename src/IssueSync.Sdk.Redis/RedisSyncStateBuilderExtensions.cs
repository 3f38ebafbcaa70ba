using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IssueSync.Sdk;

/// <summary>
/// Puts the SDK's sync state on Redis, so several host instances act as one: delivery dedupe
/// (<see cref="IDeliveryDedupeStore"/>), per-field watermarks (<see cref="ISyncWatermarkStore"/>), the
/// own-write ledger (<see cref="IOwnWriteLedger"/>), leases (<see cref="ISyncLeaseStore"/>) and the
/// reconciliation watermarks (<see cref="IReconciliationStateStore"/>) replace the in-memory defaults.
/// Calling any overload again replaces nothing twice: the five ports stay registered
/// once; a later multiplexer replaces an earlier one, and option actions apply in order.
/// </summary>
/// <remarks>
/// Options (<see cref="RedisSyncStateOptions"/>, section <c>IssueSync:Vsts:Redis</c>) are validated at
/// start under the generic host and on first use otherwise, and read once: the connection and the key
/// prefix do not change while the host runs. When Redis is unreachable or times out, every store call
/// throws <see cref="RedisSyncStateException"/> (the inbound handler answers 503, so Azure DevOps
/// delivers the event again).
/// </remarks>
public static class RedisSyncStateBuilderExtensions
{
    /// <summary>
    /// Uses Redis through a StackExchange.Redis configuration string; the SDK connects on first use with
    /// <c>abortConnect=false</c> and disposes the connection with the container. The string wins over a
    /// multiplexer the host registered.
    /// </summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="configuration">E.g. <c>redis.internal:6379,password=...,ssl=true</c>; never logged.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddRedisSyncState(this IVstsIssueSyncBuilder builder, string configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton(RedisMultiplexerSource.FromOptions));
        return AddCore(builder, o => o.Configuration = configuration);
    }

    /// <summary>Uses Redis through the host's multiplexer (shared with the host; the SDK never disposes it).</summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="multiplexer">The host's connection.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddRedisSyncState(this IVstsIssueSyncBuilder builder, IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiplexer);
        return builder.AddRedisSyncState(_ => multiplexer);
    }

    /// <summary>Uses Redis through a multiplexer the factory returns once (shared with the host; the SDK never disposes it).</summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="multiplexerFactory">Returns the host's connection.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddRedisSyncState(this IVstsIssueSyncBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> multiplexerFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiplexerFactory);
        builder.Services.Replace(ServiceDescriptor.Singleton(new RedisMultiplexerSource(multiplexerFactory)));
        return AddCore(builder, configure: null);
    }

    /// <summary>
    /// Uses Redis with options bound from the section <c>IssueSync:Vsts:Redis</c>
    /// (<see cref="RedisSyncStateOptions.SectionName"/>) of <paramref name="configuration"/>. Without
    /// <c>IssueSync:Vsts:Redis:Configuration</c> the host's registered <see cref="IConnectionMultiplexer"/> is used.
    /// </summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="configuration">The host's configuration root.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddRedisSyncState(this IVstsIssueSyncBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(builder, configure: null);
        builder.Services.AddOptions<RedisSyncStateOptions>().Bind(configuration.GetSection(RedisSyncStateOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Uses Redis with options set in code (with a multiplexer passed earlier, or the host's registered one,
    /// when <see cref="RedisSyncStateOptions.Configuration"/> is not set).
    /// </summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IVstsIssueSyncBuilder AddRedisSyncState(this IVstsIssueSyncBuilder builder, Action<RedisSyncStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(builder, configure);
    }

    private static IVstsIssueSyncBuilder AddCore(IVstsIssueSyncBuilder builder, Action<RedisSyncStateOptions>? configure)
    {
        var services = builder.Services;
        services.TryAddSingleton(RedisMultiplexerSource.FromOptions);
        services.AddOptions<RedisSyncStateOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisSyncStateOptions>, RedisSyncStateOptionsValidator>());
        services.TryAddSingleton(static sp => CreateConnection(sp));
        return builder
            .AddDeliveryDedupeStore(static sp => new RedisDeliveryDedupeStore(sp.GetRequiredService<RedisStateConnection>()))
            .AddSyncWatermarkStore(static sp => new RedisSyncWatermarkStore(sp.GetRequiredService<RedisStateConnection>()))
            .AddOwnWriteLedger(static sp => new RedisOwnWriteLedger(sp.GetRequiredService<RedisStateConnection>()))
            .AddSyncLeaseStore(static sp => new RedisSyncLeaseStore(sp.GetRequiredService<RedisStateConnection>(), sp.GetService<TimeProvider>() ?? TimeProvider.System))
            .AddReconciliationStateStore(static sp => new RedisReconciliationStateStore(sp.GetRequiredService<RedisStateConnection>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    private static RedisStateConnection CreateConnection(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RedisSyncStateOptions>>().Value;
        var source = services.GetRequiredService<RedisMultiplexerSource>();
        if (source.Factory is { } factory)
        {
            return new RedisStateConnection(factory(services), options);
        }

        return options.Configuration is { } configuration
            ? new RedisStateConnection(configuration, options)
            : new RedisStateConnection(services.GetRequiredService<IConnectionMultiplexer>(), options);
    }
}
