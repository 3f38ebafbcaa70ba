using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Stores;

public class InMemoryIntegrationStoreTests
{
    [Fact]
    public async Task A_save_with_the_version_read_succeeds_once_and_a_stale_one_changes_nothing()
    {
        var store = new InMemoryIntegrationStore();
        var stored = store.Add(Installation());

        var first = await store.TrySaveAsync(stored with { OrganizationName = "renamed" }, stored.Version);
        var stale = await store.TrySaveAsync(stored with { OrganizationName = "lost" }, stored.Version);

        Assert.True(first);
        Assert.False(stale);
        var now = await store.FindByIntegrationIdAsync("integration-1");
        Assert.Equal(("renamed", 2L), (now!.OrganizationName, now.Version));
    }

    [Fact]
    public async Task Installations_are_found_by_organization_id_ignoring_case_and_a_new_one_is_saved_from_version_0()
    {
        var store = new InMemoryIntegrationStore();

        var added = await store.TrySaveAsync(Installation(), expectedVersion: 0);
        var found = await store.FindByOrganizationIdAsync("80DED3E8-3CD3-43B1-9F96-52032624AA3A");
        var missing = await store.FindByOrganizationIdAsync("00000000-0000-0000-0000-000000000000");

        Assert.True(added);
        Assert.Equal(("integration-1", 1L), (found?.IntegrationId, found?.Version));
        Assert.Null(missing);
    }

    [Fact]
    public async Task Concurrent_read_modify_save_loops_lose_no_update()
    {
        var store = new InMemoryIntegrationStore();
        store.Add(Installation());

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            while (true)
            {
                var current = (await store.FindByIntegrationIdAsync("integration-1"))!;
                var defaults = new Dictionary<string, VstsCreateFormDefaults>(current.CreateFormDefaults) { [$"host-{i}"] = new($"p{i}", "Bug") };
                if (await store.TrySaveAsync(current with { CreateFormDefaults = defaults }, current.Version))
                {
                    return;
                }
            }
        })));

        var final = (await store.FindByIntegrationIdAsync("integration-1"))!;
        Assert.Equal(40, final.CreateFormDefaults.Count);
        Assert.Equal(41, final.Version);
    }

    [Fact]
    public async Task Installations_are_listed_as_stored_with_their_versions_and_a_later_save_is_seen_by_the_next_listing()
    {
        var store = new InMemoryIntegrationStore();
        var first = store.Add(Installation());
        store.Add(Installation() with { IntegrationId = "integration-2", OrganizationId = "5e2f0b7a-3c1d-4e8f-9a6b-7c8d9e0f1a2b" });
        IInstallationEnumerator enumerator = store;

        var listed = await ToListAsync(enumerator.ListInstallationsAsync());
        Assert.True(await store.TrySaveAsync(first with { OrganizationName = "renamed" }, first.Version));
        var relisted = await ToListAsync(enumerator.ListInstallationsAsync());

        Assert.Equal([("integration-1", 1L), ("integration-2", 1L)], listed.Select(i => (i.IntegrationId, i.Version)).Order());
        Assert.Equal(store.Installations.OrderBy(i => i.IntegrationId, StringComparer.Ordinal), relisted.OrderBy(i => i.IntegrationId, StringComparer.Ordinal));
        Assert.Equal(("renamed", 2L), relisted.Where(i => i.IntegrationId == "integration-1").Select(i => (i.OrganizationName, i.Version)).Single());
    }

    [Fact]
    public async Task A_cancelled_listing_stops()
    {
        var store = new InMemoryIntegrationStore();
        store.Add(Installation());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToListAsync(store.ListInstallationsAsync(cancelled.Token)));
    }

    private static async Task<List<VstsInstallation>> ToListAsync(IAsyncEnumerable<VstsInstallation> installations)
    {
        var list = new List<VstsInstallation>();
        await foreach (var installation in installations)
        {
            list.Add(installation);
        }

        return list;
    }

    private static VstsInstallation Installation() => new()
    {
        IntegrationId = "integration-1",
        OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a",
        OrganizationUrl = "https://dev.azure.com/fabrikam/",
    };
}

public class InMemoryTokenStoreTests
{
    [Fact]
    public async Task Of_many_writers_holding_the_same_version_exactly_one_saves()
    {
        var store = new InMemoryTokenStore();
        var read = store.Set("identity-1", Tokens("a0"));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => store.TrySaveAsync("identity-1", Tokens($"a{i + 1}"), read.Version))));

        Assert.Single(results, saved => saved);
        var now = await store.GetAsync("identity-1");
        Assert.Equal(2, now!.Version);
        Assert.NotEqual("a0", now.AccessToken);
    }

    [Fact]
    public async Task An_unknown_identity_has_no_tokens_until_saved_from_version_0()
    {
        var store = new InMemoryTokenStore();

        var before = await store.GetAsync("identity-2");
        var wrongVersion = await store.TrySaveAsync("identity-2", Tokens("x"), expectedVersion: 3);
        var saved = await store.TrySaveAsync("identity-2", Tokens("x"), expectedVersion: 0);

        Assert.Null(before);
        Assert.False(wrongVersion);
        Assert.True(saved);
        Assert.Equal(("x", 1L), ((await store.GetAsync("identity-2"))!.AccessToken, (await store.GetAsync("identity-2"))!.Version));
    }

    private static VstsTokenSet Tokens(string access) => new() { AccessToken = access, RefreshToken = "r-" + access, ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1) };
}

public class InMemoryGroupAndAssigneeStoreTests
{
    private static readonly ChangeSource FromVsts = ChangeSource.FromIntegration("integration-1");

    [Fact]
    public async Task Linked_groups_are_found_per_installation_and_work_item_and_resolve_records_the_source()
    {
        var groups = new InMemoryGroupStore();
        var group = groups.Link("integration-1", 7, new LinkedGroup("g1", "host-project", IsResolved: false));
        groups.Link("integration-2", 7, new LinkedGroup("g2", "host-project", IsResolved: false));

        var linked = await groups.FindLinkedGroupsAsync("integration-1", 7);
        await groups.ResolveAsync(group, FromVsts);
        await groups.UnresolveAsync(group, FromVsts);
        await groups.ResolveAsync(group, FromVsts);

        Assert.Equal(["g1"], linked.Select(g => g.GroupId));
        Assert.Empty(await groups.FindLinkedGroupsAsync("integration-1", 8));
        Assert.Equal([true, false, true], groups.StatusChanges.Select(c => c.Resolved));
        Assert.All(groups.StatusChanges, c => Assert.Equal(("g1", FromVsts), (c.GroupId, c.Source)));
        Assert.True(groups.GetGroup("g1")!.IsResolved);
        Assert.False(groups.GetGroup("g2")!.IsResolved);
    }

    [Fact]
    public async Task An_injected_write_failure_throws_and_changes_nothing_and_the_next_write_works()
    {
        var groups = new InMemoryGroupStore();
        var group = groups.Link("integration-1", 7, new LinkedGroup("g1", "host-project", IsResolved: false));
        groups.FailNextWrites();

        await Assert.ThrowsAsync<InvalidOperationException>(() => groups.ResolveAsync(group, FromVsts));
        Assert.False(groups.GetGroup("g1")!.IsResolved);
        Assert.Empty(groups.StatusChanges);

        await groups.ResolveAsync(group, FromVsts);
        Assert.True(groups.GetGroup("g1")!.IsResolved);
    }

    [Fact]
    public async Task Resolving_a_group_the_store_does_not_hold_is_refused()
    {
        var groups = new InMemoryGroupStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => groups.ResolveAsync(new LinkedGroup("ghost", "p", false), FromVsts));
        Assert.Empty(groups.StatusChanges);
    }

    [Fact]
    public async Task Users_are_found_by_any_email_ignoring_case_only_in_their_host_project()
    {
        var assignees = new InMemoryAssigneeStore();
        assignees.AddUser("host-project", new HostUser("u1", ["Ada@Example.com", "ada.l@example.org"]));

        var byFirst = await assignees.FindUserByEmailAsync("host-project", "ada@example.com");
        var bySecond = await assignees.FindUserByEmailAsync("host-project", "ADA.L@EXAMPLE.ORG");
        var elsewhere = await assignees.FindUserByEmailAsync("other-project", "ada@example.com");

        Assert.Equal(("u1", "u1"), (byFirst?.UserId, bySecond?.UserId));
        Assert.Null(elsewhere);
    }

    [Fact]
    public async Task Assign_and_deassign_are_recorded_with_their_source_and_kept_in_step_with_the_group_store()
    {
        var groups = new InMemoryGroupStore();
        var assignees = new InMemoryAssigneeStore(groups);
        var group = groups.Link("integration-1", 7, new LinkedGroup("g1", "host-project", IsResolved: false));
        var ada = new HostUser("u1", ["ada@example.com"]);

        await assignees.AssignAsync(group, ada, FromVsts);
        var whileAssigned = (assignees.GetAssignee("g1"), groups.GetGroup("g1")!.AssigneeUserId);
        await assignees.DeassignAsync(group, FromVsts);

        Assert.Equal(("u1", "u1"), whileAssigned);
        Assert.Equal((null, null), (assignees.GetAssignee("g1"), groups.GetGroup("g1")!.AssigneeUserId));
        Assert.Equal([("g1", "u1"), ("g1", null)], assignees.AssigneeChanges.Select(c => (c.GroupId, c.UserId)));
        Assert.All(assignees.AssigneeChanges, c => Assert.Equal(FromVsts, c.Source));
    }

    [Fact]
    public async Task Concurrent_resolves_of_many_groups_are_all_recorded()
    {
        var groups = new InMemoryGroupStore();
        var linked = Enumerable.Range(0, 50).Select(i => groups.Link("integration-1", i + 1, new LinkedGroup($"g{i}", "p", false))).ToList();

        await Task.WhenAll(linked.Select(g => Task.Run(() => groups.ResolveAsync(g, FromVsts))));

        Assert.Equal(50, groups.StatusChanges.Select(c => c.GroupId).Distinct().Count());
        Assert.All(linked, g => Assert.True(groups.GetGroup(g.GroupId)!.IsResolved));
    }
}

public class InMemoryExternalProjectStoreTests
{
    [Fact]
    public async Task Mappings_are_per_installation_and_project_id_ignoring_case_and_can_be_removed()
    {
        var store = new InMemoryExternalProjectStore();
        var mapping = new VstsProjectStatusMapping("ac7c05bb-7f8e-4880-85a6-e08f37fd4a10", "Resolved", "Active");
        store.SetStatusMapping("integration-1", mapping);

        var found = await store.GetStatusMappingAsync("integration-1", "AC7C05BB-7F8E-4880-85A6-E08F37FD4A10");
        var otherInstallation = await store.GetStatusMappingAsync("integration-2", mapping.ProjectId);
        var removed = store.RemoveStatusMapping("integration-1", mapping.ProjectId);

        Assert.Equal(mapping, found);
        Assert.Null(otherInstallation);
        Assert.True(removed);
        Assert.Null(await store.GetStatusMappingAsync("integration-1", mapping.ProjectId));
    }
}

public class InMemoryCommentAndDeletionStoreTests
{
    private static readonly ChangeSource Source = ChangeSource.FromIntegration("integration-1");

    [Fact]
    public async Task Comments_are_recorded_per_group_with_their_source_and_an_injected_failure_stores_nothing()
    {
        var store = new InMemoryCommentStore();
        var first = new LinkedGroup("group-1", "host-project", IsResolved: false);
        var second = new LinkedGroup("group-2", "host-project", IsResolved: false);
        var comment = new InboundComment(7, 42, "<p>Seen</p>", "Ada Lovelace", "ada@example.com");

        await store.AddCommentAsync(first, comment, Source);
        store.FailNextWrites();
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddCommentAsync(second, comment, Source));
        await store.AddCommentAsync(second, comment with { CommentId = 43 }, Source);

        Assert.Contains("group-2", failed.Message, StringComparison.Ordinal);
        Assert.Equal([new GroupComment("group-1", comment, Source), new GroupComment("group-2", comment with { CommentId = 43 }, Source)], store.Comments);
        Assert.Equal([comment], store.GetComments("group-1"));
    }

    [Fact]
    public async Task A_deletion_is_recorded_with_its_source_and_unlinks_the_group_from_the_work_item_only()
    {
        var groups = new InMemoryGroupStore();
        var store = new InMemoryWorkItemDeletionStore(groups);
        var group = groups.Link("integration-1", 7, new LinkedGroup("group-1", "host-project", IsResolved: false));
        groups.Link("integration-1", 8, group);

        await store.WorkItemDeletedAsync(group, 7, Source);

        Assert.Equal([new GroupWorkItemDeletion("group-1", 7, Source)], store.Deletions);
        Assert.Empty(await groups.FindLinkedGroupsAsync("integration-1", 7));
        Assert.Equal([group], await groups.FindLinkedGroupsAsync("integration-1", 8));
        Assert.Equal(group, groups.GetGroup("group-1"));
    }
}
