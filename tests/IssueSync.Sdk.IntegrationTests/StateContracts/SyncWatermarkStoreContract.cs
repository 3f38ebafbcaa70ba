using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>What every <see cref="ISyncWatermarkStore"/> must do (the port's contract), run against each implementation.</summary>
public abstract class SyncWatermarkStoreContract
{
    private const string Org = "6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C";

    protected abstract ISyncWatermarkStore CreateStore(TimeSpan retention);

    private ISyncWatermarkStore CreateStore() => CreateStore(TimeSpan.FromDays(7));

    private static SyncWatermark Mark(string field, int revision, string? value = null) => new() { Field = field, Revision = revision, Value = value };

    [Fact]
    public async Task Of_20_concurrent_saves_that_read_the_same_version_exactly_one_wins_each_round()
    {
        var store = CreateStore();
        long expected = 0;
        for (var round = 0; round < 3; round++)
        {
            var read = expected;
            var versions = await Overlapping.RunAsync(20, i => store.TrySaveAsync(Org, 7, Mark("System.State", 10 + i, "v" + i), read));

            var winner = Assert.Single(versions, v => v != 0);
            Assert.True(winner > 0);
            Assert.NotEqual(read, winner);
            var stored = Assert.Single(await store.ReadAsync(Org, 7));
            Assert.Equal(winner, stored.Version);
            Assert.Equal("v" + (stored.Revision - 10), stored.Value);
            expected = winner;
        }
    }

    [Fact]
    public async Task A_save_keeps_what_it_was_given_and_the_read_returns_every_field_of_the_item()
    {
        var store = CreateStore();
        var state = new SyncWatermark
        {
            Field = "System.State",
            Revision = 9,
            Value = "Resolved",
            EarliestRevision = 3,
            PriorValue = "Active",
            PendingAction = "resolve",
            Version = 12345,
        };
        var stateVersion = await store.TrySaveAsync(Org, 7, state, 0);
        var assigneeVersion = await store.TrySaveAsync(Org, 7, Mark("System.AssignedTo", 8, null), 0);
        var commentVersion = await store.TrySaveAsync(Org, 7, Mark("System.History#41", 10, "x"), 0);
        await store.TrySaveAsync(Org, 8, Mark("System.State", 2, "Active"), 0);

        var read = (await store.ReadAsync(Org.ToLowerInvariant(), 7)).OrderBy(w => w.Field, StringComparer.Ordinal).ToList();

        Assert.Equal(3, read.Count);
        Assert.Equal(assigneeVersion, read[0].Version);
        Assert.Null(read[0].Value);
        Assert.Equal(commentVersion, read[1].Version);
        Assert.Equal(state with { Version = stateVersion }, read[2]);
        Assert.Equal(3, new[] { stateVersion, assigneeVersion, commentVersion }.Distinct().Count());
        Assert.Empty(await store.ReadAsync(Org, 9));
    }

    [Fact]
    public async Task A_save_with_a_stale_version_fails_and_other_fields_do_not_fail_each_other()
    {
        var store = CreateStore();
        var v1 = await store.TrySaveAsync(Org, 7, Mark("System.State", 2, "Active"), 0);

        Assert.Equal(0, await store.TrySaveAsync(Org, 7, Mark("System.State", 3, "Resolved"), 0));
        Assert.Equal(0, await store.TrySaveAsync(Org, 7, Mark("System.State", 3, "Resolved"), v1 + 1000));
        var assignee = await store.TrySaveAsync(Org, 7, Mark("System.AssignedTo", 3, "a@b"), 0);
        var v2 = await store.TrySaveAsync(Org.ToLowerInvariant(), 7, Mark("System.State", 3, "Resolved"), v1);

        Assert.True(assignee > 0);
        Assert.True(v2 > 0);
        Assert.Equal(0, await store.TrySaveAsync(Org, 7, Mark("System.State", 4, "Closed"), v1));
        Assert.Equal("Resolved", (await store.ReadAsync(Org, 7)).Single(w => w.Field == "System.State").Value);
    }

    [Fact]
    public async Task A_forgotten_item_starts_again_with_versions_never_given_before()
    {
        var store = CreateStore(TimeSpan.FromMilliseconds(200));
        var before = await store.TrySaveAsync(Org, 7, Mark("System.State", 2, "Active"), 0);

        await Overlapping.EventuallyAsync(async () => (await store.ReadAsync(Org, 7)).Count == 0, "the watermarks to expire");
        var after = await store.TrySaveAsync(Org, 7, Mark("System.State", 1, "New"), 0);

        Assert.True(after > 0);
        Assert.NotEqual(before, after);
        // A version read before the item was forgotten never matches the new record.
        Assert.Equal(0, await store.TrySaveAsync(Org, 7, Mark("System.State", 5, "Closed"), before));
        Assert.Equal("New", Assert.Single(await store.ReadAsync(Org, 7)).Value);
    }
}
