using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Abstractions;

public class InMemoryDeliveryStoreRevisionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_watermark_never_takes_a_revision_that_is_not_positive(int revision)
    {
        var store = new InMemoryDeliveryStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryAdvanceRevisionWatermarkAsync("org", 1, revision));
        Assert.Null(await store.GetRevisionWatermarkAsync("org", 1));
    }
}
