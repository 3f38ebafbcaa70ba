using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

public sealed class InMemoryReconciliationStateStoreTests
{
    private const string Organization = "9d0cbd6c-6b6f-4e44-8c2f-7b0a3c0b1e11";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Nothing_is_stored_at_first_and_a_first_save_expects_version_0()
    {
        var store = new InMemoryReconciliationStateStore(_clock);

        Assert.Null(await store.GetAsync(Organization, "int-1"));
        var saved = await store.TrySaveAsync(Organization, "int-1", 0, "17", new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

        Assert.NotNull(saved);
        Assert.Equal(("17", _clock.GetUtcNow()), (saved.ContinuationToken, saved.SavedAt));
        Assert.True(saved.Version > 0);
        Assert.Equal(saved, await store.GetAsync(Organization.ToUpperInvariant(), "int-1"));
        Assert.Null(await store.GetAsync(Organization, "int-2"));
    }

    [Fact]
    public async Task A_save_naming_an_old_version_fails_and_leaves_the_newer_watermark()
    {
        var store = new InMemoryReconciliationStateStore(_clock);
        var first = await store.TrySaveAsync(Organization, "int-1", 0, "10", null);
        var second = await store.TrySaveAsync(Organization, "int-1", first!.Version, "20", null);

        var stale = await store.TrySaveAsync(Organization, "int-1", first.Version, "15", null);
        var again = await store.TrySaveAsync(Organization, "int-1", 0, "5", null);

        Assert.Null(stale);
        Assert.Null(again);
        Assert.True(second!.Version > first.Version);
        Assert.Equal("20", (await store.GetAsync(Organization, "int-1"))!.ContinuationToken);
    }

    [Fact]
    public async Task Of_concurrent_saves_from_the_same_version_exactly_one_wins()
    {
        var store = new InMemoryReconciliationStateStore(_clock);
        var start = await store.TrySaveAsync(Organization, "int-1", 0, "1", null);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => store.TrySaveAsync(Organization, "int-1", start!.Version, "t" + i, null))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, await store.GetAsync(Organization, "int-1"));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        var store = new InMemoryReconciliationStateStore(_clock);

        await Assert.ThrowsAsync<ArgumentException>(() => store.TrySaveAsync(Organization, "int-1", 0, "", null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TrySaveAsync(Organization, "int-1", -1, "1", null));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(" ", "int-1"));
    }
}
