using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>A deletion told once across its sightings (webhook and reconciliation), over the real in-memory watermark store.</summary>
public sealed class WorkItemDeletionsTests
{
    private const string Org = "0b7e4c1a-5d2f-4e8a-9c3b-6f1d2e3a4b5c";
    private const int Item = 42;

    private readonly InMemorySyncWatermarkStore _store = new(new FakeTimeProvider());
    private readonly WorkItemDeletions _deletions;
    private int _told;

    public WorkItemDeletionsTests()
    {
        _deletions = new WorkItemDeletions(new FieldWatermarks(_store));
    }

    [Fact]
    public async Task The_first_sighting_tells_and_a_second_of_the_same_or_an_unknown_revision_does_not()
    {
        Assert.True(await _deletions.TellOnceAsync(Org, Item, 7, Tell, CancellationToken.None));
        Assert.False(await _deletions.TellOnceAsync(Org, Item, 7, Tell, CancellationToken.None));
        Assert.False(await _deletions.TellOnceAsync(Org, Item, null, Tell, CancellationToken.None));

        Assert.Equal(1, _told);
        var mark = Assert.Single(await _store.ReadAsync(Org, Item));
        Assert.Equal((WorkItemDeletions.Field, 7, "true", (string?)null), (mark.Field, mark.Revision, mark.Value, mark.PendingAction));
    }

    [Fact]
    public async Task A_telling_a_failure_interrupted_is_redone_by_the_next_sighting_then_done()
    {
        await Assert.ThrowsAsync<HostStoreException>(async () =>
            await _deletions.TellOnceAsync(Org, Item, 7, _ => throw new HostStoreException(nameof(IWorkItemDeletionStore), new IOException("down")), CancellationToken.None));

        Assert.Equal(WorkItemDeletions.Delete, Assert.Single(await _store.ReadAsync(Org, Item)).PendingAction);
        Assert.True(await _deletions.TellOnceAsync(Org, Item, 7, Tell, CancellationToken.None));
        Assert.False(await _deletions.TellOnceAsync(Org, Item, 7, Tell, CancellationToken.None));
        Assert.Equal(1, _told);
    }

    private ValueTask Tell(CancellationToken cancellationToken)
    {
        _told++;
        return ValueTask.CompletedTask;
    }
}
