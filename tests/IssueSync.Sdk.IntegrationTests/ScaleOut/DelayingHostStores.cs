using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// A host database that takes its time: every call waits a seeded random delay of up to
/// <c>latency</c> (and at least a tenth of it) before reaching the shared store, so the applies of
/// different instances really interleave (the read of the groups, the write, the next delivery's read).
/// </summary>
internal sealed class DelayingGroupStore(IGroupStore inner, TimeSpan latency, int seed) : IGroupStore
{
    private readonly HostLatency _latency = new(latency, seed);

    public async Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        return await inner.FindLinkedGroupsAsync(integrationId, workItemId, cancellationToken);
    }

    public async Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        await inner.ResolveAsync(group, source, cancellationToken);
    }

    public async Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        await inner.UnresolveAsync(group, source, cancellationToken);
    }
}

/// <inheritdoc cref="DelayingGroupStore"/>
internal sealed class DelayingAssigneeStore(IAssigneeStore inner, TimeSpan latency, int seed) : IAssigneeStore
{
    private readonly HostLatency _latency = new(latency, seed);

    public async Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        return await inner.FindUserByEmailAsync(hostProjectId, email, cancellationToken);
    }

    public async Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        await inner.AssignAsync(group, user, source, cancellationToken);
    }

    public async Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await _latency.WaitAsync(cancellationToken);
        await inner.DeassignAsync(group, source, cancellationToken);
    }
}

/// <summary>Seeded random waits between a tenth of the latency and the latency.</summary>
internal sealed class HostLatency(TimeSpan latency, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        double fraction;
        lock (_gate)
        {
            fraction = 0.1 + (0.9 * _random.NextDouble());
        }

        return Task.Delay(latency * fraction, cancellationToken);
    }
}
