namespace IssueSync.Sdk.IntegrationTests.StateContracts;

/// <summary>Calls that really overlap: each on a thread of its own, all released by one gate.</summary>
internal static class Overlapping
{
    public static async Task<T[]> RunAsync<T>(int callers, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, callers)
            .Select(i => Task.Factory.StartNew(async () => { await gate.Task; return await call(i); }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to 5 s (expiry is the server's business, not this clock's).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var limit = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"Waited 5 s in vain for {what}.");
            await Task.Delay(25);
        }
    }
}
