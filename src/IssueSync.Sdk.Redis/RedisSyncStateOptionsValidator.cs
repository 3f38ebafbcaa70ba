using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>Checks <see cref="RedisSyncStateOptions"/> and names the configuration key to fix; never echoes the configuration string.</summary>
internal sealed class RedisSyncStateOptionsValidator(RedisMultiplexerSource? source = null, IServiceProviderIsService? registered = null)
    : IValidateOptions<RedisSyncStateOptions>
{
    private const string Prefix = RedisSyncStateOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, RedisSyncStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Configuration is { } configuration)
        {
            if (string.IsNullOrWhiteSpace(configuration))
            {
                failures.Add($"{Prefix}{nameof(options.Configuration)} is empty; give a StackExchange.Redis configuration such as 'localhost:6379', or remove it to share the host's IConnectionMultiplexer.");
            }
            else if (DescribeProblem(configuration) is { } problem)
            {
                // The string may hold a password: only what is wrong with it is said, never the string.
                failures.Add($"{Prefix}{nameof(options.Configuration)} is not a valid StackExchange.Redis configuration: {problem}");
            }
        }
        else if (source?.Factory is null && registered?.IsService(typeof(IConnectionMultiplexer)) != true)
        {
            failures.Add(
                $"{Prefix}{nameof(options.Configuration)} is not set and no IConnectionMultiplexer is registered: set it (e.g. 'redis.internal:6379,password=...,ssl=true'), "
                + "register the host's IConnectionMultiplexer, or pass one to AddRedisSyncState.");
        }

        if (options.KeyPrefix is null || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"{Prefix}{nameof(options.KeyPrefix)} must be set and may not contain '{{' or '}}' (the keys' hash tags use them); the default is '{RedisSyncStateOptions.DefaultKeyPrefix}'.");
        }

        Positive(options.WatermarkRetention, nameof(options.WatermarkRetention), failures);
        Positive(options.LedgerRetention, nameof(options.LedgerRetention), failures);
        if (options.FencingCounterRetention < TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}{nameof(options.FencingCounterRetention)} must be at least 01:00:00, longer than any lease (got {options.FencingCounterRetention}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{key} must be positive, e.g. 7.00:00:00 (got {value}).");
        }
    }

    private static string? DescribeProblem(string configuration)
    {
        try
        {
            var parsed = ConfigurationOptions.Parse(configuration);
            return parsed.EndPoints.Count == 0 ? "it names no endpoint (host:port)." : null;
        }
        catch (ArgumentException ex)
        {
            // StackExchange.Redis names the offending keyword, not its value.
            return ex.Message;
        }
    }
}
