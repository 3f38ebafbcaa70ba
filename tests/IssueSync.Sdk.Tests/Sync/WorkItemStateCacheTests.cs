using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>
/// The states cache on its own, over a client whose reads complete however a test needs (already
/// failed, pending, succeeded), which the HTTP pipeline cannot force.
/// </summary>
public sealed class WorkItemStateCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_read_that_fails_before_the_cache_looks_is_reported_to_its_caller_and_not_redone()
    {
        var client = new StatesClient();
        client.Answers.Enqueue(() => Task.FromException<IReadOnlyList<WorkItemTypeState>>(StatesClient.Failure()));
        client.Answers.Enqueue(() => Task.FromResult(States()));
        var cache = new WorkItemStateCache(_time);

        await Assert.ThrowsAsync<VstsApiException>(() => cache.GetStatesAsync(client, "Fabrikam", "Bug"));
        Assert.Equal(1, client.Reads);

        // Not kept: the next caller reads again.
        Assert.Equal(2, (await cache.GetStatesAsync(client, "Fabrikam", "Bug")).Count);
        Assert.Equal(2, client.Reads);
    }

    [Fact]
    public async Task A_read_that_fails_later_is_reported_to_every_waiter_and_not_kept()
    {
        var client = new StatesClient();
        var pending = new TaskCompletionSource<IReadOnlyList<WorkItemTypeState>>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Answers.Enqueue(() => pending.Task);
        client.Answers.Enqueue(() => Task.FromResult(States()));
        var cache = new WorkItemStateCache(_time);

        var first = cache.GetStatesAsync(client, "Fabrikam", "Bug");
        var second = cache.GetStatesAsync(client, "fabrikam", "BUG");
        pending.SetException(StatesClient.Failure());

        await Assert.ThrowsAsync<VstsApiException>(() => first);
        await Assert.ThrowsAsync<VstsApiException>(() => second);
        Assert.Equal(1, client.Reads);
        Assert.Equal(2, (await cache.GetStatesAsync(client, "Fabrikam", "Bug")).Count);
        Assert.Equal(2, client.Reads);
    }

    [Fact]
    public async Task A_warm_entry_is_served_until_it_ages()
    {
        var client = new StatesClient();
        client.Answers.Enqueue(() => Task.FromResult(States()));
        client.Answers.Enqueue(() => Task.FromResult(States()));
        var cache = new WorkItemStateCache(_time);

        var first = await cache.GetStatesAsync(client, "Fabrikam", "Bug");
        Assert.Same(first, await cache.GetStatesAsync(client, "Fabrikam", "Bug"));
        _time.Advance(WorkItemStateCache.TimeToLive);
        Assert.NotSame(first, await cache.GetStatesAsync(client, "Fabrikam", "Bug"));
        Assert.Equal(2, client.Reads);
    }

    private static IReadOnlyList<WorkItemTypeState> States() =>
        [VstsModelFactory.WorkItemTypeState(new WorkItemState("Active"), WorkItemStateCategory.InProgress), VstsModelFactory.WorkItemTypeState(new WorkItemState("Resolved"), WorkItemStateCategory.Resolved)];
}
