using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>What every <see cref="IDeliveryDedupeStore"/> must do (the port's contract), run against each implementation.</summary>
public abstract class DeliveryDedupeStoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(48);

    protected abstract IDeliveryDedupeStore CreateStore();

    [Fact]
    public async Task Of_50_concurrent_claims_of_one_id_exactly_one_wins()
    {
        var store = CreateStore();

        var claims = await Overlapping.RunAsync(50, _ => store.TryClaimAsync("org:notification:s1:1", Long));

        Assert.Equal(1, claims.Count(c => c));
    }

    [Fact]
    public async Task Different_ids_are_claimed_apart_and_compare_ordinally()
    {
        var store = CreateStore();

        Assert.True(await store.TryClaimAsync("org:event:a", Long));
        Assert.True(await store.TryClaimAsync("org:event:A", Long));
        Assert.True(await store.TryClaimAsync("org:event:b", Long));
        Assert.False(await store.TryClaimAsync("org:event:a", Long));
    }

    [Fact]
    public async Task A_released_claim_is_claimed_again_and_releasing_a_free_id_does_nothing()
    {
        var store = CreateStore();
        await store.ReleaseAsync("org:event:never");
        Assert.True(await store.TryClaimAsync("org:event:1", Long));

        await store.ReleaseAsync("org:event:1");

        var again = await Overlapping.RunAsync(20, _ => store.TryClaimAsync("org:event:1", Long));
        Assert.Equal(1, again.Count(c => c));
    }

    [Fact]
    public async Task A_claim_cancelled_before_it_is_made_claims_nothing()
    {
        var store = CreateStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryClaimAsync("org:event:cancelled", Long, cancelled.Token));

        Assert.True(await store.TryClaimAsync("org:event:cancelled", Long));
    }

    [Fact]
    public async Task A_claim_counts_as_absent_once_its_retention_passed()
    {
        var store = CreateStore();
        // A second long enough for the second claim to come before it ends on a machine busy with other builds
        // (150 ms was not: the SQLite store's second claim came after it, once in a CI run).
        Assert.True(await store.TryClaimAsync("org:event:short", TimeSpan.FromSeconds(1)));
        Assert.False(await store.TryClaimAsync("org:event:short", TimeSpan.FromSeconds(1)));

        await Overlapping.EventuallyAsync(() => store.TryClaimAsync("org:event:short", Long), "the claim to expire");

        Assert.False(await store.TryClaimAsync("org:event:short", Long));
    }
}
