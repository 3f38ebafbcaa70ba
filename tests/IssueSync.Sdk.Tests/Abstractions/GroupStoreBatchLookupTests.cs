using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.Tests.Abstractions;

public sealed class GroupStoreBatchLookupTests
{
    [Fact]
    public async Task The_default_batch_lookup_asks_once_per_work_item_and_leaves_out_unlinked_ones()
    {
        var store = new SingleLookupsOnly();

        var found = await ((IGroupStore)store).FindLinkedGroupsAsync("int-1", [1, 2, 3]);

        Assert.Equal([1, 2, 3], store.Asked);
        Assert.Equal([2], found.Keys);
        Assert.Equal("group-2", Assert.Single(found[2]).GroupId);
    }

    [Fact]
    public async Task The_in_memory_store_answers_a_batch_from_its_links_of_the_installation_only()
    {
        var store = new InMemoryGroupStore();
        store.Link("int-1", 5, new LinkedGroup("g-a", "p", IsResolved: false));
        store.Link("int-1", 5, new LinkedGroup("g-b", "p", IsResolved: true));
        store.Link("int-1", 7, new LinkedGroup("g-c", "p", IsResolved: false));
        store.Link("int-2", 8, new LinkedGroup("g-d", "p", IsResolved: false));

        var found = await store.FindLinkedGroupsAsync("int-1", [5, 6, 7, 8]);

        Assert.Equal([5, 7], found.Keys.Order());
        Assert.Equal(["g-a", "g-b"], found[5].Select(g => g.GroupId));
        Assert.Equal(["g-c"], found[7].Select(g => g.GroupId));
    }

    private sealed class SingleLookupsOnly : IGroupStore
    {
        public List<int> Asked { get; } = [];

        public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
        {
            Asked.Add(workItemId);
            return Task.FromResult<IReadOnlyList<LinkedGroup>>(workItemId == 2 ? [new LinkedGroup("group-2", "p", IsResolved: false)] : []);
        }

        public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
