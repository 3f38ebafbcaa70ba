using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Samples.WebhookReceiver.Stores;
using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>The webhook receiver sample's host stores on SQLite: what the SDK relies on (compare-and-set, lookups in any case, batches).</summary>
public sealed class SqliteHostStoreTests : IAsyncLifetime
{
    private const string Org = "6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C";
    private readonly SqliteContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static VstsInstallation Installation(string id = "sample", string org = Org) => new()
    {
        IntegrationId = id,
        OrganizationId = org,
        OrganizationUrl = "https://dev.azure.com/fabrikam/",
        WebhookSecrets = new VstsWebhookSecrets("current-secret-0123456789", "previous-secret-0123456789"),
        Subscriptions = [new VstsSubscriptionReference("workitem.updated", "s-1", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero))],
        SyncSettings = new VstsSyncSettings { StatusInbound = true, AssigneeInbound = true },
        CreateFormDefaults = new Dictionary<string, VstsCreateFormDefaults> { ["host-project"] = new("p-1", "Microsoft.VSTS.WorkItemTypes.Bug") },
    };

    [Fact]
    public async Task An_installation_is_added_once_found_by_organization_in_any_case_and_read_back_whole()
    {
        var store = new SqliteIntegrationStore(_db.Database);

        Assert.True(await store.TryAddAsync(Installation()));
        Assert.False(await store.TryAddAsync(Installation() with { OrganizationUrl = "https://dev.azure.com/other/" }));

        var found = (await store.FindByOrganizationIdAsync(Org.ToLowerInvariant()))!;
        Assert.Equal(1, found.Version);
        Assert.Equal(Installation().Subscriptions, found.Subscriptions);
        Assert.Equal(Installation().CreateFormDefaults, found.CreateFormDefaults);
        Assert.Equal(Installation() with { Subscriptions = found.Subscriptions, CreateFormDefaults = found.CreateFormDefaults, Version = 1 }, found);
        Assert.Null(await store.FindByOrganizationIdAsync("00000000-0000-0000-0000-000000000000"));
        Assert.Null(await store.FindByIntegrationIdAsync("SAMPLE"));
    }

    [Fact]
    public async Task Of_20_concurrent_installation_saves_from_one_version_exactly_one_wins_and_a_stale_one_fails()
    {
        var store = new SqliteIntegrationStore(_db.Database);
        await store.TryAddAsync(Installation());
        var read = (await store.FindByIntegrationIdAsync("sample"))!;

        var saves = await Overlapping.RunAsync(20, i => store.TrySaveAsync(read with { OrganizationName = $"name-{i}" }, read.Version));

        Assert.Single(saves, s => s);
        var saved = (await store.FindByIntegrationIdAsync("sample"))!;
        Assert.Equal(2, saved.Version);
        Assert.False(await store.TrySaveAsync(read with { OrganizationName = "stale" }, read.Version));
        Assert.False(await store.TrySaveAsync(Installation("unknown"), 1));
        Assert.Equal(saved.OrganizationName, (await store.FindByIntegrationIdAsync("sample"))!.OrganizationName);
    }

    [Fact]
    public async Task Every_installation_is_listed()
    {
        var store = new SqliteIntegrationStore(_db.Database);
        await store.TryAddAsync(Installation("b", "11111111-1111-1111-1111-111111111111"));
        await store.TryAddAsync(Installation("a", "22222222-2222-2222-2222-222222222222"));

        var listed = new List<string>();
        await foreach (var installation in store.ListInstallationsAsync())
        {
            listed.Add(installation.IntegrationId);
        }

        Assert.Equal(["a", "b"], listed);
    }

    [Fact]
    public async Task Tokens_are_added_at_version_0_only_once_and_saved_by_compare_and_set()
    {
        var store = new SqliteTokenStore(_db.Database);
        var tokens = new VstsTokenSet
        {
            AccessToken = "access-1",
            RefreshToken = "refresh-1",
            ExpiresAt = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero),
            IssuedAt = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero),
            Protocol = VstsOAuthProtocol.AzureDevOpsOAuth,
            Version = 99,
        };
        Assert.Null(await store.GetAsync("identity-1"));

        Assert.True(await store.TrySaveAsync("identity-1", tokens, 0));
        Assert.False(await store.TrySaveAsync("identity-1", tokens with { AccessToken = "other" }, 0));
        var rotations = await Overlapping.RunAsync(20, i => store.TrySaveAsync("identity-1", tokens with { AccessToken = $"access-2-{i}", RefreshToken = null, IssuedAt = null }, 1));

        Assert.Single(rotations, r => r);
        var stored = (await store.GetAsync("identity-1"))!;
        Assert.Equal((2L, (string?)null, (DateTimeOffset?)null, VstsOAuthProtocol.AzureDevOpsOAuth, tokens.ExpiresAt), (stored.Version, stored.RefreshToken, stored.IssuedAt, stored.Protocol, stored.ExpiresAt));
        Assert.StartsWith("access-2-", stored.AccessToken, StringComparison.Ordinal);
        Assert.False(await store.TrySaveAsync("identity-1", tokens, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(" "));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TrySaveAsync("", tokens, 0));
    }

    [Fact]
    public async Task Groups_are_found_per_work_item_and_by_batch_and_changes_record_their_source()
    {
        await using (var db = _db.Database.Open())
        {
            db.Groups.AddRange(
                new GroupRow { GroupId = "g-1", HostProjectId = "p", WorkItemId = 7 },
                new GroupRow { GroupId = "g-2", HostProjectId = "p", WorkItemId = 7, AssigneeUserId = "user-1" },
                new GroupRow { GroupId = "g-3", HostProjectId = "p", WorkItemId = 8, IsResolved = true, VstsProjectId = "vp" });
            await db.SaveChangesAsync();
        }

        var groups = new SqliteGroupStore(_db.Database, NullLogger<SqliteGroupStore>.Instance);

        Assert.Equal(["g-1", "g-2"], (await groups.FindLinkedGroupsAsync("sample", 7)).Select(g => g.GroupId));
        Assert.Empty(await groups.FindLinkedGroupsAsync("sample", 9));
        var batch = await ((IGroupStore)groups).FindLinkedGroupsAsync("sample", [7, 8, 9]);
        Assert.Equal([7, 8], batch.Keys.Order());
        Assert.Equal(new LinkedGroup("g-3", "p", true, "vp"), Assert.Single(batch[8]));

        await groups.UnresolveAsync(batch[8][0], ChangeSource.FromIntegration("sample"));
        await new SqliteAssigneeStore(_db.Database, NullLogger<SqliteAssigneeStore>.Instance).DeassignAsync(batch[7][1], ChangeSource.FromIntegration("other"));

        Assert.Equal(new LinkedGroup("g-3", "p", false, "vp"), Assert.Single(await groups.FindLinkedGroupsAsync("sample", 8)));
        await using var check = _db.Database.Open();
        Assert.Equal(("sample", "other", (string?)null), (check.Groups.Single(g => g.GroupId == "g-3").ChangedBy, check.Groups.Single(g => g.GroupId == "g-2").ChangedBy, check.Groups.Single(g => g.GroupId == "g-2").AssigneeUserId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => groups.ResolveAsync(new LinkedGroup("unknown", "p", false), ChangeSource.FromIntegration("sample")));
    }

    [Fact]
    public async Task Users_are_found_by_any_of_their_emails_in_any_case_and_assigned()
    {
        await using (var db = _db.Database.Open())
        {
            db.Users.Add(new UserRow { UserId = "user-1", DisplayName = "Jamie" });
            db.UserEmails.AddRange(
                new UserEmailRow { EmailKey = "jamie@example.com", Email = "Jamie@Example.com", UserId = "user-1" },
                new UserEmailRow { EmailKey = "j@example.org", Email = "j@example.org", UserId = "user-1" });
            db.Groups.Add(new GroupRow { GroupId = "g-1", HostProjectId = "p", WorkItemId = 7 });
            await db.SaveChangesAsync();
        }

        var store = new SqliteAssigneeStore(_db.Database, NullLogger<SqliteAssigneeStore>.Instance);

        var user = (await store.FindUserByEmailAsync("p", " JAMIE@example.COM "))!;
        Assert.Equal(("user-1", "Jamie"), (user.UserId, user.DisplayName));
        Assert.Equal(["j@example.org", "Jamie@Example.com"], user.Emails);
        Assert.Null(await store.FindUserByEmailAsync("p", "nobody@example.com"));
        await store.AssignAsync(new LinkedGroup("g-1", "p", false), user, ChangeSource.FromIntegration("sample"));
        Assert.Equal("user-1", Assert.Single(await new SqliteGroupStore(_db.Database, NullLogger<SqliteGroupStore>.Instance).FindLinkedGroupsAsync("sample", 7)).AssigneeUserId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AssignAsync(new LinkedGroup("unknown", "p", false), user, ChangeSource.FromIntegration("sample")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.FindUserByEmailAsync("p", ""));
    }

    [Fact]
    public async Task A_project_uses_its_own_mapping_else_the_installations_default_else_none()
    {
        await using (var db = _db.Database.Open())
        {
            db.ProjectMappings.AddRange(
                new ProjectMappingRow { IntegrationId = "sample", ProjectId = SqliteExternalProjectStore.AnyProject, ResolvedState = "Closed", UnresolvedState = "Active" },
                new ProjectMappingRow { IntegrationId = "sample", ProjectId = "basic", ResolvedState = "Done", UnresolvedState = "To Do" });
            await db.SaveChangesAsync();
        }

        var store = new SqliteExternalProjectStore(_db.Database);

        Assert.Equal(new VstsProjectStatusMapping("basic", "Done", "To Do"), await store.GetStatusMappingAsync("sample", "basic"));
        Assert.Equal(new VstsProjectStatusMapping("agile", "Closed", "Active"), await store.GetStatusMappingAsync("sample", "agile"));
        Assert.Null(await store.GetStatusMappingAsync("other", "agile"));
    }
}
