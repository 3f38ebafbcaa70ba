using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using StackExchange.Redis;

namespace IssueSync.Sdk.Redis;

/// <summary>
/// <see cref="IOwnWriteLedger"/> on Redis, with the in-memory ledger's semantics. Per (organization, work
/// item), under the hash tag <c>{organization:id}</c>: the entries by write id (hash <c>:ledger</c>), their
/// record order (list <c>:ledger-order</c>, the newest <see cref="InMemoryOwnWriteLedger.EntriesPerWorkItem"/>
/// kept) and the own comment ids (list <c>:comments</c>, the newest
/// <see cref="InMemoryOwnWriteLedger.CommentsPerWorkItem"/> kept); each change is one script and keeps all
/// three for <see cref="RedisSyncStateOptions.LedgerRetention"/> from then. An attempt is one string key
/// <c>{prefix}attempt:{organization}:{key}</c> kept for the same retention after its last record.
/// </summary>
internal sealed class RedisOwnWriteLedger(RedisStateConnection redis) : IOwnWriteLedger
{
    public Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.WriteId, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Fields, nameof(write));
        var keys = ItemKeys(write.OrganizationId, write.WorkItemId);
        var json = JsonSerializer.Serialize(
            new StoredOwnWrite(write.WriteId, write.OrganizationId, write.WorkItemId, new Dictionary<string, string?>(write.Fields, StringComparer.Ordinal), write.ExpectedRevision, write.Revision, write.RecordedAt),
            RedisStateJsonContext.Default.StoredOwnWrite);
        RedisValue[] args = [write.WriteId, json, InMemoryOwnWriteLedger.EntriesPerWorkItem, Retention];
        return redis.RunAsync("IOwnWriteLedger.RecordAsync", (keys, args), static (db, s) => db.ScriptEvaluateAsync(RedisScripts.RecordOwnWrite, s.keys, s.args), cancellationToken);
    }

    public Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        var keys = ItemKeys(organizationId, workItemId);
        ArgumentException.ThrowIfNullOrWhiteSpace(writeId);
        RedisValue[] args = [writeId, Retention];
        return redis.RunAsync("IOwnWriteLedger.RemoveAsync", (keys, args), static (db, s) => db.ScriptEvaluateAsync(RedisScripts.RemoveOwnWrite, s.keys, s.args), cancellationToken);
    }

    public Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        // The read needs the entries and their order, not the comments list.
        RedisKey[] keys = [redis.WorkItemKey(organizationId, workItemId, "ledger"), redis.WorkItemKey(organizationId, workItemId, "ledger-order")];
        return redis.RunAsync("IOwnWriteLedger.FindAsync", (keys, revision), static (db, s) => db.ScriptEvaluateAsync(RedisScripts.ReadOwnWrites, s.keys), static (reply, s) =>
        {
            var stored = (RedisResult[])reply!;
            List<OwnWrite>? found = null;
            foreach (var item in stored)
            {
                if (item.IsNull)
                {
                    continue;
                }

                var write = ToOwnWrite(JsonSerializer.Deserialize((string)item!, RedisStateJsonContext.Default.StoredOwnWrite)!);
                // As the in-memory ledger: a confirmed entry of that revision, or a pending one expecting it (or none in particular).
                var matches = write.IsConfirmed
                    ? write.Revision == s.revision
                    : write.ExpectedRevision is null || write.ExpectedRevision == s.revision;
                if (matches)
                {
                    (found ??= []).Add(write);
                }
            }

            return (IReadOnlyList<OwnWrite>)(found is null ? [] : found);
        }, cancellationToken);
    }

    public Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.OrganizationId, nameof(attempt));
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.Key, nameof(attempt));
        var json = JsonSerializer.Serialize(
            new StoredAttempt(attempt.OrganizationId, attempt.Key, attempt.FirstAttemptAt, attempt.LastAttemptAt, attempt.ResultId),
            RedisStateJsonContext.Default.StoredAttempt);
        var state = (Key: redis.AttemptKey(attempt.OrganizationId, attempt.Key), Json: json, Retention: TimeSpan.FromMilliseconds(Retention));
        return redis.RunAsync("IOwnWriteLedger.RecordAttemptAsync", state, static (db, s) => db.StringSetAsync(s.Key, s.Json, s.Retention), cancellationToken);
    }

    public Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return redis.RunAsync("IOwnWriteLedger.FindAttemptAsync", redis.AttemptKey(organizationId, key), static (db, key) => db.StringGetAsync(key), static (json, _) =>
        {
            if (json.IsNull)
            {
                return null;
            }

            var stored = JsonSerializer.Deserialize((string)json!, RedisStateJsonContext.Default.StoredAttempt)!;
            return new OwnWriteAttempt
            {
                OrganizationId = stored.OrganizationId,
                Key = stored.Key,
                FirstAttemptAt = stored.FirstAttemptAt,
                LastAttemptAt = stored.LastAttemptAt,
                ResultId = stored.ResultId,
            };
        }, cancellationToken);
    }

    public Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return redis.RunAsync("IOwnWriteLedger.RemoveAttemptAsync", redis.AttemptKey(organizationId, key), static (db, key) => db.KeyDeleteAsync(key), cancellationToken);
    }

    public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var keys = ItemKeys(organizationId, workItemId);
        RedisValue[] args = [commentId, InMemoryOwnWriteLedger.CommentsPerWorkItem, Retention];
        return redis.RunAsync("IOwnWriteLedger.RecordOwnCommentAsync", (keys, args), static (db, s) => db.ScriptEvaluateAsync(RedisScripts.RecordOwnComment, s.keys, s.args), cancellationToken);
    }

    public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        var key = redis.WorkItemKey(organizationId, workItemId, "comments");
        return redis.RunAsync("IOwnWriteLedger.IsOwnCommentAsync", (key, commentId), static (db, s) => db.ListPositionAsync(s.key, s.commentId), static (position, _) => position >= 0, cancellationToken);
    }

    private long Retention => RedisStateConnection.Milliseconds(redis.Options.LedgerRetention);

    private RedisKey[] ItemKeys(string organizationId, int workItemId) =>
    [
        redis.WorkItemKey(organizationId, workItemId, "ledger"),
        redis.WorkItemKey(organizationId, workItemId, "ledger-order"),
        redis.WorkItemKey(organizationId, workItemId, "comments"),
    ];

    private static OwnWrite ToOwnWrite(StoredOwnWrite stored) => new()
    {
        WriteId = stored.WriteId,
        OrganizationId = stored.OrganizationId,
        WorkItemId = stored.WorkItemId,
        Fields = stored.Fields,
        ExpectedRevision = stored.ExpectedRevision,
        Revision = stored.Revision,
        RecordedAt = stored.RecordedAt,
    };
}
