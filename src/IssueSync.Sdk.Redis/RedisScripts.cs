namespace IssueSync.Sdk.Redis;

/// <summary>
/// The Lua scripts: each runs atomically on the server, so a compare and the write it guards cannot be
/// split by another instance. Every script touches only keys of one hash tag (one cluster slot).
/// </summary>
/// <remarks>
/// Passed as text to <c>IDatabase.ScriptEvaluateAsync(string, ...)</c>, which does not send the text each
/// time: StackExchange.Redis loads a script once per connection (<c>SCRIPT LOAD</c>, then <c>EVAL</c>) and
/// sends <c>EVALSHA</c> after (seen with <c>redis-cli monitor</c>: 62 to 92 loads in a run of tens of thousands of
/// calls), and still runs it after the server lost its script cache (a Redis restarted without it, or
/// <c>SCRIPT FLUSH</c>: <c>RedisWatermarkVersionTests</c> holds it). Sending the SHA ourselves would save only the client's
/// lookup of the text (about 150 bytes per call) for a fallback of our own.
/// </remarks>
internal static class RedisScripts
{
    /// <summary>
    /// Lua: <c>clock()</c>, the server's clock in microseconds as a string (written with <c>%06d</c> and
    /// concatenated: Lua's own number format would round it). Goes first in a script that seeds a counter.
    /// </summary>
    private const string Clock = """
        local function clock()
          local t = redis.call('TIME')
          return t[1] .. string.format('%06d', tonumber(t[2]))
        end

        """;

    /// <summary>
    /// Lua: <c>local version</c> = the next value of the counter field <c>ver</c> in the hash KEYS[1], as a string
    /// written with <c>%d</c> (a number passed to a command would be written rounded). A counter that is absent
    /// (a new hash, one that expired or was lost with a restart without persistence, or one written before the
    /// counter moved into the hash) first starts at the server's clock in microseconds, so it gives numbers
    /// above every version the hash held before:
    /// <list type="bullet">
    /// <item>a counter of an earlier life of the hash started at the clock then and advanced by 1 per save of
    /// that item, so it stayed below the clock (no item is saved a million times a second);</item>
    /// <item>a version of the old layout came from the store-wide counter (<c>{prefix}watermark-version</c> or
    /// <c>{prefix}reconcile-version</c>), which was seeded from the clock the same way and advanced by 1 per
    /// save of any item: also below the clock, as long as the whole store saved fewer than a million times a
    /// second, which one Redis does not reach.</item>
    /// </list>
    /// Within one life of the hash the counter only grows. A version is therefore a value no field of the hash
    /// ever had, and a version read before the hash was forgotten never matches a later record.
    /// </summary>
    private const string NextVersion = """
        if redis.call('HEXISTS', KEYS[1], 'ver') == 0 then
          redis.call('HSET', KEYS[1], 'ver', clock())
        end
        local version = string.format('%d', redis.call('HINCRBY', KEYS[1], 'ver', 1))

        """;

    /// <summary>
    /// Watermark compare-and-set with its new version (see <see cref="NextVersion"/>). KEYS[1] the item's hash;
    /// ARGV field, expected version ("0": none), record JSON, retention ms. Returns the new version (a string) when
    /// saved, 0 when the field's version differs.
    /// </summary>
    public const string SaveWatermark = Clock + """
        local stored = redis.call('HGET', KEYS[1], 'v:' .. ARGV[1])
        if (stored or '0') ~= ARGV[2] then return 0 end

        """ + NextVersion + """
        redis.call('HSET', KEYS[1], 'v:' .. ARGV[1], version, 'd:' .. ARGV[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return version
        """;

    /// <summary>
    /// Reconciliation watermark compare-and-set with its new version (see <see cref="NextVersion"/>). KEYS[1]
    /// the installation's hash; ARGV expected version ("0": none), record JSON. Returns the new version (a string)
    /// when saved, 0 when the stored version differs. No expiry.
    /// </summary>
    public const string SaveReconciliationWatermark = Clock + """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if (stored or '0') ~= ARGV[1] then return 0 end

        """ + NextVersion + """
        redis.call('HSET', KEYS[1], 'v', version, 'd', ARGV[2])
        return version
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
    /// (seeded from the server's clock in microseconds when absent, as <see cref="NextVersion"/>, kept for ARGV[2] ms), the lease key set to the
    /// token for ARGV[1] ms, and the token returned; otherwise nil. KEYS[1] lease, [2] fencing counter.
    /// </summary>
    public const string AcquireLease = Clock + """
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 0 then
          redis.call('SET', KEYS[2], clock())
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
