namespace IssueSync.Sdk.Tests.Sync;

/// <summary>Runs calls that really overlap, for tests of atomicity.</summary>
internal static class Concurrently
{
    /// <summary>
    /// Runs <paramref name="body"/> once per participant, each on a thread of its own, all released
    /// together by a barrier (a loop over thread-pool tasks that complete synchronously would mostly
    /// run them one after another).
    /// </summary>
    public static async Task RunAsync(int participants, Func<int, Task> body)
    {
        using var start = new Barrier(participants);
        var threads = new Task[participants];
        for (var i = 0; i < participants; i++)
        {
            var participant = i;
            threads[i] = Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return body(participant);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap();
        }

        await Task.WhenAll(threads);
    }
}
