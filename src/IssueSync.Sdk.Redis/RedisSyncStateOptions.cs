namespace IssueSync.Sdk.Redis;

/// <summary>
/// Options of the Redis sync state (<c>AddRedisSyncState</c>), bound from the configuration section
/// <c>IssueSync:Vsts:Redis</c> (<see cref="SectionName"/>) and validated at start with messages that
/// name the key to fix.
/// </summary>
public sealed class RedisSyncStateOptions
{
    /// <summary>The configuration section the options bind from: <c>IssueSync:Vsts:Redis</c>.</summary>
    public const string SectionName = "IssueSync:Vsts:Redis";

    /// <summary>The default <see cref="KeyPrefix"/>: <c>issuesync:</c>.</summary>
    public const string DefaultKeyPrefix = "issuesync:";

    /// <summary>How long watermarks, ledger entries and attempts are kept by default after their last save: 7 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>How long a lease's fencing counter is kept by default after its last use: 30 days.</summary>
    public static readonly TimeSpan DefaultFencingCounterRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>host:port,password=...,ssl=true</c>) the SDK
    /// connects with, lazily and with <c>abortConnect=false</c> (a Redis that is down at start does
    /// not stop the host). Leave it unset to share the host's <c>IConnectionMultiplexer</c>
    /// (registered in the container, or passed to <c>AddRedisSyncState</c>). It may hold a password:
    /// the SDK never logs it and never puts it in an exception.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Put before every key the SDK writes (default <see cref="DefaultKeyPrefix"/>), so several
    /// applications or environments can share one Redis. May not contain <c>{</c> or <c>}</c>
    /// (the SDK's keys use hash tags so one work item's keys land on one cluster slot).
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// How long a work item's field watermarks are kept after the item's last save (default 7 days).
    /// Keep it at least as long as Azure DevOps redelivers an event (about 36 hours) and as the
    /// reconciliation lookback.
    /// </summary>
    public TimeSpan WatermarkRetention { get; set; } = DefaultRetention;

    /// <summary>
    /// How long a work item's own-write entries and own comment ids are kept after its last record,
    /// and an outbound attempt after its last record (default 7 days).
    /// </summary>
    public TimeSpan LedgerRetention { get; set; } = DefaultRetention;

    /// <summary>
    /// How long a leased resource's fencing counter is kept after its last acquisition (default 30
    /// days). A counter forgotten after that restarts above every token it gave (it is seeded from the
    /// server's clock), so it only bounds memory; it must be longer than any lease time.
    /// </summary>
    public TimeSpan FencingCounterRetention { get; set; } = DefaultFencingCounterRetention;
}
