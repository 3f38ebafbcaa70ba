namespace IssueSync.Sdk.Redis;

/// <summary>
/// The Lua scripts: each runs atomically on the server, so a compare and the write it guards cannot be
/// split by another instance. Every script touches only keys of one hash tag (one cluster slot).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// INCR of a counter that, when absent (new, expired, or lost with a restart without persistence),
    /// first starts at the server's clock in microseconds: a counter forgotten and started again gives
    /// numbers above every one it gave before. KEYS[1] counter. Returns the new value.
    /// </summary>
    public const string SeededIncrement = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local t = redis.call('TIME')
          redis.call('SET', KEYS[1], t[1] .. string.format('%06d', tonumber(t[2])))
        end
        return redis.call('INCR', KEYS[1])
        """;

    /// <summary>
    /// Watermark compare-and-set. KEYS[1] the item's hash; ARGV field, expected version ("0": none),
    /// new version, record JSON, retention ms. Returns 1 when saved, 0 when the field's version differs.
    /// </summary>
    public const string SaveWatermark = """
        local stored = redis.call('HGET', KEYS[1], 'v:' .. ARGV[1])
        if (stored or '0') ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], 'v:' .. ARGV[1], ARGV[3], 'd:' .. ARGV[1], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>
    /// Reconciliation watermark compare-and-set. KEYS[1] the installation's hash; ARGV expected version ("0": none),
    /// new version, record JSON. Returns 1 when saved, 0 when the stored version differs. No expiry.
    /// </summary>
    public const string SaveReconciliationWatermark = """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if (stored or '0') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        return 1
        """;

    /// <summary>
    /// Ledger record: add or replace by write id; a new id goes to the end of the order list and the oldest
    /// entries beyond the cap are dropped. KEYS[1] entries hash, [2] order list, [3] comments list;
    /// ARGV write id, JSON, cap, retention ms. The item's keys are kept for the retention from now.
    /// </summary>
    public const string RecordOwnWrite = """
        if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then
          redis.call('RPUSH', KEYS[2], ARGV[1])
          local excess = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[3])
          for i = 1, excess do
            redis.call('HDEL', KEYS[1], redis.call('LPOP', KEYS[2]))
          end
        end
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
        return 1
        """;

    /// <summary>Ledger removal by write id. KEYS as <see cref="RecordOwnWrite"/>; ARGV write id, retention ms.</summary>
    public const string RemoveOwnWrite = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
          redis.call('LREM', KEYS[2], 0, ARGV[1])
          for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
        end
        return 1
        """;

    /// <summary>Ledger entries in record order. KEYS[1] entries hash, [2] order list.</summary>
    public const string ReadOwnWrites = """
        local ids = redis.call('LRANGE', KEYS[2], 0, -1)
        if #ids == 0 then return {} end
        return redis.call('HMGET', KEYS[1], unpack(ids))
        """;

    /// <summary>
    /// Own comment: appended once, the newest kept up to the cap. KEYS as <see cref="RecordOwnWrite"/>;
    /// ARGV comment id, cap, retention ms.
    /// </summary>
    public const string RecordOwnComment = """
        if not redis.call('LPOS', KEYS[3], ARGV[1]) then
          redis.call('RPUSH', KEYS[3], ARGV[1])
          redis.call('LTRIM', KEYS[3], -tonumber(ARGV[2]), -1)
        end
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        return 1
        """;

    /// <summary>
    /// Lease acquisition (the token is written with <c>%d</c>: Lua's own number format would round it): when the lease key is absent, the resource's fencing counter is incremented
    /// (seeded as <see cref="SeededIncrement"/> when absent, kept for ARGV[2] ms), the lease key set to the
    /// token for ARGV[1] ms, and the token returned; otherwise nil. KEYS[1] lease, [2] fencing counter.
    /// </summary>
    public const string AcquireLease = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 0 then
          local t = redis.call('TIME')
          redis.call('SET', KEYS[2], t[1] .. string.format('%06d', tonumber(t[2])))
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[1], string.format('%d', token), 'PX', ARGV[1])
        return token
        """;

    /// <summary>Lease extension under its token. KEYS[1] lease; ARGV token, lease ms. Returns 1 when extended.</summary>
    public const string ExtendLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Lease release under its token. KEYS[1] lease; ARGV token. Returns 1 when released.</summary>
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;
}
