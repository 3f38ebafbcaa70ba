using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>What every <see cref="IReconciliationStateStore"/> must do (the port's contract), run against each implementation.</summary>
public abstract class ReconciliationStateStoreContract
{
    private static readonly DateTimeOffset Changed = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    protected abstract IReconciliationStateStore CreateStore();

    [Fact]
    public async Task Nothing_is_stored_until_a_first_save_and_the_save_is_read_back_with_its_version()
    {
        var store = CreateStore();
        Assert.Null(await store.GetAsync("ORG-1", "integration-1"));

        var saved = await store.TrySaveAsync("ORG-1", "integration-1", 0, "token-1", Changed);

        Assert.NotNull(saved);
        Assert.True(saved.Version > 0);
        var read = await store.GetAsync("org-1", "integration-1");
        Assert.Equal((saved.ContinuationToken, saved.ChangedDate, saved.Version), (read!.ContinuationToken, read.ChangedDate, read.Version));
        Assert.Equal(saved.SavedAt.ToUnixTimeMilliseconds(), read.SavedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Of_20_concurrent_saves_from_the_same_version_exactly_one_wins_and_versions_rise()
    {
        var store = CreateStore();
        var first = (await store.TrySaveAsync("org-1", "integration-1", 0, "token-1", null))!;

        var saves = await Overlapping.RunAsync(20, i => store.TrySaveAsync("org-1", "integration-1", first.Version, $"token-2-{i}", Changed));

        var winner = Assert.Single(saves, s => s is not null)!;
        Assert.True(winner.Version > first.Version);
        Assert.Equal(winner.ContinuationToken, (await store.GetAsync("org-1", "integration-1"))!.ContinuationToken);
    }

    [Fact]
    public async Task A_save_from_a_stale_version_or_a_first_save_over_a_stored_one_fails_and_changes_nothing()
    {
        var store = CreateStore();
        var first = (await store.TrySaveAsync("org-1", "integration-1", 0, "token-1", null))!;
        var second = (await store.TrySaveAsync("org-1", "integration-1", first.Version, "token-2", Changed))!;

        Assert.Null(await store.TrySaveAsync("org-1", "integration-1", first.Version, "token-stale", null));
        Assert.Null(await store.TrySaveAsync("org-1", "integration-1", 0, "token-first-again", null));
        Assert.Equal(("token-2", second.Version), ((await store.GetAsync("org-1", "integration-1"))!.ContinuationToken, (await store.GetAsync("org-1", "integration-1"))!.Version));
    }

    [Fact]
    public async Task Installations_are_kept_apart_and_integration_ids_compare_ordinally()
    {
        var store = CreateStore();
        await store.TrySaveAsync("org-1", "integration-1", 0, "a", null);
        await store.TrySaveAsync("org-1", "Integration-1", 0, "b", null);
        await store.TrySaveAsync("org-2", "integration-1", 0, "c", null);

        Assert.Equal("a", (await store.GetAsync("org-1", "integration-1"))!.ContinuationToken);
        Assert.Equal("b", (await store.GetAsync("org-1", "Integration-1"))!.ContinuationToken);
        Assert.Equal("c", (await store.GetAsync("org-2", "integration-1"))!.ContinuationToken);
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        var store = CreateStore();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(" ", "integration-1"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync("org-1", ""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TrySaveAsync("org-1", "integration-1", 0, "", null));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.TrySaveAsync("org-1", "integration-1", -1, "t", null));
        Assert.Null(await store.GetAsync("org-1", "integration-1"));
    }
}
