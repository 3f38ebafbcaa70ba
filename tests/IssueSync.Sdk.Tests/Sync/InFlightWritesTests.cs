using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Tests.Sync;

public class InFlightWritesTests
{
    private const string Org = "80ded3e8-3cd3-43b1-9f96-52032624aa3a";

    [Fact]
    public void An_item_without_writes_is_idle_at_once()
    {
        var writes = new InFlightWrites();

        Assert.True(writes.WhenIdle(Org, 31).IsCompletedSuccessfully);
    }

    [Fact]
    public void An_item_is_idle_when_its_last_write_ends_and_other_items_are_not_held()
    {
        var writes = new InFlightWrites();
        var first = writes.Begin(Org, 31);
        var second = writes.Begin(Org.ToUpperInvariant(), 31); // organization ids compare case-insensitively
        var other = writes.Begin(Org, 32);

        var idle = writes.WhenIdle(Org, 31);
        first.Dispose();
        Assert.False(idle.IsCompleted);
        first.Dispose(); // a second dispose of the same scope ends nothing else
        Assert.False(idle.IsCompleted);
        second.Dispose();

        Assert.True(idle.IsCompletedSuccessfully);
        Assert.False(writes.WhenIdle(Org, 32).IsCompleted);
        other.Dispose();
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public void A_write_that_starts_after_an_idle_item_gets_a_new_wait()
    {
        var writes = new InFlightWrites();
        writes.Begin(Org, 31).Dispose();

        using var again = writes.Begin(Org, 31);

        Assert.False(writes.WhenIdle(Org, 31).IsCompleted);
    }
}
