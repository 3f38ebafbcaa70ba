using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Tests.Inbound;

public class WorkItemGateTests
{
    private const string Organization = "8f8a1b4e-2f3c-4c2a-9a57-1f0f7c1d2e3a";

    private readonly WorkItemGate _gate = new();

    [Fact]
    public async Task A_free_work_item_is_entered_at_once()
    {
        await EntersAtOnceAsync();
        await EntersAtOnceAsync(); // the lease was let go
    }

    [Fact]
    public async Task A_second_delivery_of_the_item_waits_until_the_first_lets_go()
    {
        var first = await _gate.EnterAsync(Organization, 7, CancellationToken.None);

        // Another case of the organization id is the same organization.
        var second = _gate.EnterAsync(Organization.ToUpperInvariant(), 7, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await _gate.EnterAsync(Organization, 7, CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task A_waiting_delivery_stops_when_cancelled_and_takes_nothing()
    {
        var first = await _gate.EnterAsync(Organization, 7, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = _gate.EnterAsync(Organization, 7, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The cancelled wait did not take the item: once the first lets go, the next enters at once.
        first.Dispose();
        await EntersAtOnceAsync();
    }

    [Fact]
    public async Task An_already_cancelled_token_enters_nothing_even_when_the_item_is_free()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _gate.EnterAsync(Organization, 7, new CancellationToken(canceled: true)));

        await EntersAtOnceAsync();
    }

    private async Task EntersAtOnceAsync()
    {
        var entering = _gate.EnterAsync(Organization, 7, CancellationToken.None);
        Assert.True(entering.IsCompletedSuccessfully);
        (await entering).Dispose();
    }
}
