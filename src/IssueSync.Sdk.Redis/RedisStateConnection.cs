using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// The multiplexer the Redis stores share, the keys they use and the one place Redis failures become
/// <see cref="RedisSyncStateException"/>. Either the host's multiplexer (never disposed here) or one
/// connected lazily from <see cref="RedisSyncStateOptions.Configuration"/> with <c>abortConnect=false</c>
/// and a fail-fast backlog (disposed with this). A singleton.
/// </summary>
internal sealed class RedisStateConnection : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly ConfigurationOptions? _configuration;
    private IConnectionMultiplexer? _multiplexer;
    private readonly bool _owned;

    /// <summary>Shares a multiplexer the host owns.</summary>
    public RedisStateConnection(IConnectionMultiplexer multiplexer, RedisSyncStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        ArgumentNullException.ThrowIfNull(options);
        _multiplexer = multiplexer;
        Options = options;
        Endpoint = Describe(multiplexer.GetEndPoints());
    }

    /// <summary>Connects lazily, on first use, from a configuration string (which may hold a password).</summary>
    public RedisStateConnection(string configuration, RedisSyncStateOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _configuration = ConfigurationOptions.Parse(configuration);
        // A Redis that is down at start must not stop the host: the multiplexer keeps trying in the background.
        _configuration.AbortOnConnectFail = false;
        // While Redis is unreachable a command fails at once (the delivery is answered 503 and redelivered)
        // rather than waiting in the backlog for the whole timeout.
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;
        _owned = true;
        Options = options;
        Endpoint = Describe(_configuration.EndPoints);
    }

    public RedisSyncStateOptions Options { get; }

    /// <summary>The endpoint(s) as <c>host:port</c>, for messages; never the password.</summary>
    public string Endpoint { get; }

    /// <summary>Runs one Redis call, mapping Redis failures to <see cref="RedisSyncStateException"/>.</summary>
    /// <remarks>
    /// StackExchange.Redis takes no cancellation token per command: the token is checked before the
    /// command is sent and not after, so a write that was sent is never reported as cancelled while it
    /// may still be applied (a claim the caller believes failed would turn the redelivery into a duplicate).
    /// </remarks>
    public Task<T> RunAsync<T, TState>(string operation, TState state, Func<IDatabase, TState, Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(operation, state, call, static (result, _) => result, cancellationToken);

    /// <summary>
    /// Runs one Redis call and turns its reply into the result with <paramref name="map"/>, as
    /// <see cref="RunAsync{T, TState}(string, TState, Func{IDatabase, TState, Task{T}}, CancellationToken)"/>.
    /// The call stays a plain (not async) lambda: one awaiting method per command, not two.
    /// </summary>
    public async Task<T> RunAsync<TReply, T, TState>(string operation, TState state, Func<IDatabase, TState, Task<TReply>> call, Func<TReply, TState, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var multiplexer = _multiplexer ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return map(await call(multiplexer.GetDatabase(), state).ConfigureAwait(false), state);
        }
        catch (RedisTimeoutException ex)
        {
            throw new RedisSyncStateException(operation, Endpoint, "did not answer in time", ex);
        }
        catch (RedisConnectionException ex)
        {
            throw new RedisSyncStateException(operation, Endpoint, $"is unreachable ({ex.FailureType})", ex);
        }
        catch (RedisServerException ex)
        {
            // The server's own error text (e.g. NOAUTH, READONLY, OOM) names no secret.
            throw new RedisSyncStateException(operation, Endpoint, $"refused the command ({FirstLine(ex.Message)})", ex);
        }
        catch (RedisException ex)
        {
            throw new RedisSyncStateException(operation, Endpoint, $"failed ({ex.GetType().Name})", ex);
        }
    }

    private async ValueTask<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // With AbortOnConnectFail off this does not throw when Redis is down; the commands then fail, typed.
            return _multiplexer ??= await ConnectionMultiplexer.ConnectAsync(_configuration!).ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    // Keys. An organization id is lower-cased (a GUID in its "D" form) so any case finds one item; a
    // work item's keys share the hash tag {organization:id}, so the scripts that touch several of them
    // run on one cluster slot.

    /// <summary>The organization id as keys carry it: a GUID in its "D" form, any other id lower-cased.</summary>
    public static string Organization(string organizationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        if (!Guid.TryParse(organizationId, out var guid))
        {
            return organizationId.ToLowerInvariant();
        }

        // Azure DevOps sends the id in this form already: keep the string rather than format a copy per key.
        return IsLowerCaseD(organizationId) ? organizationId : guid.ToString("D");
    }

    private static bool IsLowerCaseD(string guid) =>
        guid.Length == 36 && guid[8] == '-' && guid[13] == '-' && guid[18] == '-' && guid[23] == '-' && !guid.AsSpan().ContainsAnyInRange('A', 'Z');

    public RedisKey WorkItemKey(string organizationId, int workItemId, string suffix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
        return string.Create(CultureInfo.InvariantCulture, $"{Options.KeyPrefix}{{{Organization(organizationId)}:{workItemId}}}:{suffix}");
    }

    public RedisKey DeliveryKey(string deliveryId) => Options.KeyPrefix + "delivery:" + deliveryId;

    public RedisKey AttemptKey(string organizationId, string key) => Options.KeyPrefix + "attempt:" + Organization(organizationId) + ":" + key;

    /// <summary>An installation's reconciliation watermark (the integration id as given: ids compare ordinally).</summary>
    public RedisKey ReconciliationKey(string organizationId, string integrationId) =>
        Options.KeyPrefix + "reconcile:" + Organization(organizationId) + ":" + integrationId;

    /// <summary>The lease key; its fencing counter is the same key plus <c>:fence</c>, so both share the hash tag.</summary>
    public RedisKey LeaseKey(string resource) => Options.KeyPrefix + "lease:{" + resource + "}";

    public static RedisKey FenceKey(RedisKey leaseKey) => leaseKey.Append(":fence");

    /// <summary>A duration as whole milliseconds for PX/PEXPIRE, at least 1.</summary>
    public static long Milliseconds(TimeSpan duration) => Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));

    internal static string Describe(IEnumerable<EndPoint> endpoints)
    {
        var described = string.Join(",", endpoints.Select(Describe));
        return described.Length == 0 ? "(no endpoint)" : described;
    }

    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        IPEndPoint ip => ip.ToString(),
        _ => endpoint.GetType().Name,
    };

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }

    public void Dispose()
    {
        if (_owned)
        {
            _multiplexer?.Dispose();
        }

        _connectLock.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned && _multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }

        _connectLock.Dispose();
    }
}
