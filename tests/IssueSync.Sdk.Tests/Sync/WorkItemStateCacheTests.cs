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

    [Fact]
    public async Task States_read_by_the_project_name_are_found_by_its_id_once_the_name_is_learned_and_not_read_again()
    {
        const string Organization = "https://dev.azure.com/fabrikam/";
        var client = new StatesClient();
        client.Answers.Enqueue(() => Task.FromResult(States()));
        var cache = new WorkItemStateCache(_time);
        var byName = await cache.GetStatesAsync(client, "Project 1", "Bug");

        Assert.False(cache.TryGetCached(Organization, "b0c4-id", "Bug", out _));
        Assert.True(cache.LearnProjectId(Organization, "project 1", "b0c4-id"));
        Assert.False(cache.LearnProjectId(Organization, "Project 1", "B0C4-ID")); // known already: no news

        Assert.True(cache.TryGetCached(Organization, "b0c4-id", "Bug", out var byId));
        Assert.True(cache.TryGetCached(Organization, "Project 1", "Bug", out var byNameAgain));
        Assert.Same(byName, byId);
        Assert.Same(byName, byNameAgain);
        Assert.Same(byName, await cache.GetStatesAsync(client, "b0c4-id", "Bug"));
        Assert.Same(byName, await cache.GetStatesAsync(client, "Project 1", "BUG"));
        Assert.Equal(1, client.Reads);
    }

    [Fact]
    public async Task A_name_learned_before_any_read_sends_reads_by_the_name_to_the_id_and_invalidating_either_forgets_the_one_entry()
    {
        const string Organization = "https://dev.azure.com/fabrikam/";
        var client = new StatesClient();
        client.Answers.Enqueue(() => Task.FromResult(States()));
        client.Answers.Enqueue(() => Task.FromResult(States()));
        var cache = new WorkItemStateCache(_time);
        Assert.True(cache.LearnProjectId(Organization, "Project 1", "b0c4-id"));
        Assert.False(cache.LearnProjectId(Organization, "b0c4-id", "b0c4-id")); // an id is not its own name

        var byId = await cache.GetStatesAsync(client, "b0c4-id", "Bug");
        Assert.Same(byId, await cache.GetStatesAsync(client, "Project 1", "Bug"));
        cache.Invalidate(client, "Project 1", "Bug");

        Assert.False(cache.TryGetCached(Organization, "b0c4-id", "Bug", out _));
        Assert.NotSame(byId, await cache.GetStatesAsync(client, "Project 1", "Bug"));
        Assert.Equal(2, client.Reads);
        Assert.False(cache.TryGetCached("https://dev.azure.com/other/", "Project 1", "Bug", out _)); // per organization
        Assert.Throws<ArgumentException>(() => cache.LearnProjectId(Organization, " ", "b0c4-id"));
    }

    private static IReadOnlyList<WorkItemTypeState> States() =>
        [VstsModelFactory.WorkItemTypeState(new WorkItemState("Active"), WorkItemStateCategory.InProgress), VstsModelFactory.WorkItemTypeState(new WorkItemState("Resolved"), WorkItemStateCategory.Resolved)];
}
