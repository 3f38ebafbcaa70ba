using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace IssueSync.Samples.WebhookReceiver.Data;

/// <summary>
/// The SQLite file every store of the sample opens a short-lived <see cref="SampleDbContext"/> on. Atomicity comes
/// from SQLite itself, never from a lock in this process, so two processes sharing the file behave: a compare-and-set
/// is one <c>UPDATE … WHERE Version = @expected</c>, a claim one <c>INSERT … ON CONFLICT</c>, and a read-modify-write
/// runs in a transaction, which Microsoft.Data.Sqlite begins as <c>BEGIN IMMEDIATE</c> (the write lock is taken first,
/// so two writers queue instead of deadlocking). A busy file is waited for up to <see cref="BusyTimeoutSeconds"/>.
/// </summary>
internal sealed class SampleDatabase
{
    /// <summary>How long a statement waits for another connection's write lock before it fails.</summary>
    public const int BusyTimeoutSeconds = 30;

    private readonly DbContextOptions<SampleDbContext> _options;

    public SampleDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = BusyTimeoutSeconds };
        _options = new DbContextOptionsBuilder<SampleDbContext>().UseSqlite(connection.ToString()).Options;
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <summary>A new unit of work; dispose it after the call.</summary>
    public SampleDbContext Open() => new(_options);

    /// <summary>
    /// Creates the file and its tables when they do not exist yet. <c>EnsureCreated</c> is enough for a sample; a real
    /// host manages its schema with migrations (<c>dotnet ef migrations add</c>) so it can change it later.
    /// </summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        // Write-ahead logging: readers do not wait for the writer. The setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        // What expired while the host was down goes now. This also makes the process's first statements (EF Core's
        // start-up, a few hundred milliseconds) run here rather than in the first store call, whose clock reading,
        // taken before its statement, would otherwise be that much stale (a short claim or lease would end early).
        var now = Ticks(DateTimeOffset.UtcNow);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "DeliveryClaims" WHERE "ExpiresAt" <= {now}""", cancellationToken);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "OwnWriteAttempts" WHERE "ExpiresAt" <= {now}""", cancellationToken);
        await db.Watermarks.Where(w => w.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Begins a write transaction (<c>BEGIN IMMEDIATE</c>: it holds the file's write lock until it ends).</summary>
    public static Task<IDbContextTransaction> BeginWriteAsync(SampleDbContext db, CancellationToken cancellationToken) =>
        db.Database.BeginTransactionAsync(cancellationToken);

    /// <summary>The next value of a named counter; call inside a write transaction.</summary>
    public static async Task<long> NextAsync(SampleDbContext db, string counter, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Counters" ("Name", "Value") VALUES ({counter}, 1) ON CONFLICT ("Name") DO UPDATE SET "Value" = "Value" + 1""",
            cancellationToken);
        return await db.Counters.Where(c => c.Name == counter).Select(c => c.Value).SingleAsync(cancellationToken);
    }

    /// <summary>How many expired rows a write deletes on the way: each write pays for a little housekeeping, so expired rows do not pile up and no sweep is needed.</summary>
    public const int ForgetPerWrite = 8;

    /// <summary>The key an organization id is stored under: GUIDs arrive in any case.</summary>
    public static string OrganizationKey(string organizationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        return organizationId.Trim().ToLowerInvariant();
    }

    /// <summary>A time as stored: UTC ticks.</summary>
    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    /// <summary>A stored time back, in UTC.</summary>
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary><paramref name="now"/> plus <paramref name="span"/> in ticks, saturating instead of overflowing.</summary>
    public static long Later(long now, TimeSpan span) => span.Ticks >= long.MaxValue - now ? long.MaxValue : now + span.Ticks;
}
