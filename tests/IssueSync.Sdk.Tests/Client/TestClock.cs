using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells tests when the SDK starts waiting: a test awaits
/// <see cref="WaitForTimerAsync"/> before advancing, so it never races the code under test and
/// never sleeps for real.
/// </summary>
internal sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero))
{
    private readonly List<(TimeSpan Due, int Count, TaskCompletionSource Created)> _waiters = [];
    private readonly List<TimeSpan> _created = [];

    /// <summary>The due times of every timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> TimersCreated
    {
        get
        {
            lock (_waiters)
            {
                return [.. _created];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_waiters)
        {
            _created.Add(dueTime);
            var sameDue = _created.Count(d => d == dueTime);
            foreach (var waiter in _waiters.Where(w => w.Due == dueTime && w.Count <= sameDue).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Created.TrySetResult();
            }
        }

        return timer;
    }

    /// <summary>
    /// Completes once a timer due after exactly <paramref name="due"/> exists (count-th such timer,
    /// counting ones already created); fails after 10 s of real time so a broken test cannot hang.
    /// </summary>
    public Task WaitForTimerAsync(TimeSpan due, int count = 1)
    {
        TaskCompletionSource created = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_created.Count(d => d == due) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((due, count, created));
        }

        return created.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Resilience settings shared by the test harnesses.</summary>
internal static class TestResilience
{
    /// <summary>
    /// Registers a fake clock for every retry wait and timeout, and makes retries happen at once:
    /// nothing in a test sleeps for real. With <paramref name="retries"/> false, failures are not
    /// resent (area tests pin exactly one request per call; the retry matrix is VstsRetryPolicyTests').
    /// </summary>
    public static Action<VstsIssueSyncOptions> NoRealWaits(IServiceCollection services, TimeProvider clock, bool retries = true)
    {
        services.AddSingleton(clock);
        return options =>
        {
            options.Resilience.BaseDelay = TimeSpan.Zero;
            options.Resilience.MaxRetryAfter = TimeSpan.Zero;
            if (!retries)
            {
                options.Resilience.MaxRetries = 0;
            }
        };
    }
}
