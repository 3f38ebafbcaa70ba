using Microsoft.EntityFrameworkCore;

namespace IssueSync.Samples.WebhookReceiver.Data;

/// <summary>
/// The host's database: one SQLite file holding the host's own data (installations, groups, users, tokens,
/// project mappings) and the SDK's sync state (delivery claims, watermarks, the own-write ledger, leases,
/// the reconciliation watermark). Times are UTC ticks (<c>INTEGER</c>), organization ids are stored
/// lower-cased in <c>OrganizationKey</c> columns (Azure DevOps varies their case), every other text
/// compares ordinally (SQLite's default <c>BINARY</c> collation).
/// </summary>
internal sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : DbContext(options)
{
    public DbSet<InstallationRow> Installations => Set<InstallationRow>();

    public DbSet<GroupRow> Groups => Set<GroupRow>();

    public DbSet<UserRow> Users => Set<UserRow>();

    public DbSet<UserEmailRow> UserEmails => Set<UserEmailRow>();

    public DbSet<TokenRow> Tokens => Set<TokenRow>();

    public DbSet<ProjectMappingRow> ProjectMappings => Set<ProjectMappingRow>();

    public DbSet<DeliveryClaimRow> DeliveryClaims => Set<DeliveryClaimRow>();

    public DbSet<WatermarkRow> Watermarks => Set<WatermarkRow>();

    public DbSet<CounterRow> Counters => Set<CounterRow>();

    public DbSet<LedgerItemRow> LedgerItems => Set<LedgerItemRow>();

    public DbSet<OwnWriteRow> OwnWrites => Set<OwnWriteRow>();

    public DbSet<OwnCommentRow> OwnComments => Set<OwnCommentRow>();

    public DbSet<OwnWriteAttemptRow> OwnWriteAttempts => Set<OwnWriteAttemptRow>();

    public DbSet<LeaseRow> Leases => Set<LeaseRow>();

    public DbSet<ReconciliationRow> Reconciliations => Set<ReconciliationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Table names are spelled out: the stores' raw SQL (upserts) names them too.
        modelBuilder.Entity<InstallationRow>(e =>
        {
            e.ToTable("Installations").HasKey(r => r.IntegrationId);
            e.HasIndex(r => r.OrganizationKey).IsUnique();
        });
        modelBuilder.Entity<GroupRow>(e =>
        {
            e.ToTable("Groups").HasKey(r => r.GroupId);
            e.HasIndex(r => r.WorkItemId);
        });
        modelBuilder.Entity<UserRow>().ToTable("Users").HasKey(r => r.UserId);
        modelBuilder.Entity<UserEmailRow>(e =>
        {
            e.ToTable("UserEmails").HasKey(r => r.EmailKey);
            e.HasIndex(r => r.UserId);
        });
        modelBuilder.Entity<TokenRow>().ToTable("Tokens").HasKey(r => r.IdentityId);
        modelBuilder.Entity<ProjectMappingRow>().ToTable("ProjectMappings").HasKey(r => new { r.IntegrationId, r.ProjectId });
        modelBuilder.Entity<DeliveryClaimRow>(e =>
        {
            e.ToTable("DeliveryClaims").HasKey(r => r.DeliveryId);
            e.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<WatermarkRow>(e =>
        {
            e.ToTable("Watermarks").HasKey(r => new { r.OrganizationKey, r.WorkItemId, r.Field });
            e.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<CounterRow>().ToTable("Counters").HasKey(r => r.Name);
        modelBuilder.Entity<LedgerItemRow>(e =>
        {
            e.ToTable("LedgerItems").HasKey(r => new { r.OrganizationKey, r.WorkItemId });
            e.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<OwnWriteRow>().ToTable("OwnWrites").HasKey(r => new { r.OrganizationKey, r.WorkItemId, r.WriteId });
        modelBuilder.Entity<OwnCommentRow>().ToTable("OwnComments").HasKey(r => new { r.OrganizationKey, r.WorkItemId, r.CommentId });
        modelBuilder.Entity<OwnWriteAttemptRow>(e =>
        {
            e.ToTable("OwnWriteAttempts").HasKey(r => new { r.OrganizationKey, r.Key });
            e.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<LeaseRow>().ToTable("Leases").HasKey(r => r.Resource);
        modelBuilder.Entity<ReconciliationRow>().ToTable("Reconciliations").HasKey(r => new { r.OrganizationKey, r.IntegrationId });
    }
}

/// <summary>An installation: the columns the SDK looks it up by, the rest of the record as JSON.</summary>
internal sealed class InstallationRow
{
    public required string IntegrationId { get; set; }

    public required string OrganizationKey { get; set; }

    public required string Json { get; set; }

    public long Version { get; set; }
}

/// <summary>A host group linked to a work item; <see cref="ChangedBy"/> records which integration made the last synced change.</summary>
internal sealed class GroupRow
{
    public required string GroupId { get; set; }

    public required string HostProjectId { get; set; }

    public int WorkItemId { get; set; }

    public string? VstsProjectId { get; set; }

    public bool IsResolved { get; set; }

    public string? AssigneeUserId { get; set; }

    public string? ChangedBy { get; set; }
}

internal sealed class UserRow
{
    public required string UserId { get; set; }

    public string? DisplayName { get; set; }
}

/// <summary>A user's verified email, keyed lower-cased (emails match case-insensitively).</summary>
internal sealed class UserEmailRow
{
    public required string EmailKey { get; set; }

    public required string Email { get; set; }

    public required string UserId { get; set; }
}

internal sealed class TokenRow
{
    public required string IdentityId { get; set; }

    public required string AccessToken { get; set; }

    public string? RefreshToken { get; set; }

    public long ExpiresAt { get; set; }

    public long? IssuedAt { get; set; }

    public int Protocol { get; set; }

    public long Version { get; set; }
}

internal sealed class ProjectMappingRow
{
    public required string IntegrationId { get; set; }

    public required string ProjectId { get; set; }

    public required string ResolvedState { get; set; }

    public required string UnresolvedState { get; set; }
}

internal sealed class DeliveryClaimRow
{
    public required string DeliveryId { get; set; }

    public long ExpiresAt { get; set; }
}

internal sealed class WatermarkRow
{
    public required string OrganizationKey { get; set; }

    public int WorkItemId { get; set; }

    public required string Field { get; set; }

    public int Revision { get; set; }

    public string? Value { get; set; }

    public int EarliestRevision { get; set; }

    public string? PriorValue { get; set; }

    public string? PendingAction { get; set; }

    public long Version { get; set; }

    /// <summary>The item's expiry: every field of a work item shares it, a save of any field renews them all.</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>A named counter (version numbers that are never given twice).</summary>
internal sealed class CounterRow
{
    public required string Name { get; set; }

    public long Value { get; set; }
}

/// <summary>A work item's ledger: its entries and own comments are kept until <see cref="ExpiresAt"/>, renewed by every record.</summary>
internal sealed class LedgerItemRow
{
    public required string OrganizationKey { get; set; }

    public int WorkItemId { get; set; }

    public long ExpiresAt { get; set; }
}

internal sealed class OwnWriteRow
{
    public required string OrganizationKey { get; set; }

    public int WorkItemId { get; set; }

    public required string WriteId { get; set; }

    /// <summary>Record order within the work item (a replaced entry keeps its place).</summary>
    public long Sequence { get; set; }

    public required string OrganizationId { get; set; }

    public required string FieldsJson { get; set; }

    public int? ExpectedRevision { get; set; }

    public int? Revision { get; set; }

    public long RecordedAt { get; set; }
}

internal sealed class OwnCommentRow
{
    public required string OrganizationKey { get; set; }

    public int WorkItemId { get; set; }

    public int CommentId { get; set; }

    public long Sequence { get; set; }
}

internal sealed class OwnWriteAttemptRow
{
    public required string OrganizationKey { get; set; }

    public required string Key { get; set; }

    public required string OrganizationId { get; set; }

    public long FirstAttemptAt { get; set; }

    public long LastAttemptAt { get; set; }

    public int? ResultId { get; set; }

    public long ExpiresAt { get; set; }
}

/// <summary>A lease and its resource's fencing counter: the row stays after a release so the next token is greater.</summary>
internal sealed class LeaseRow
{
    public required string Resource { get; set; }

    public long FencingToken { get; set; }

    public long ExpiresAt { get; set; }
}

internal sealed class ReconciliationRow
{
    public required string OrganizationKey { get; set; }

    public required string IntegrationId { get; set; }

    public required string ContinuationToken { get; set; }

    public long? ChangedDate { get; set; }

    public long SavedAt { get; set; }

    public long Version { get; set; }
}
