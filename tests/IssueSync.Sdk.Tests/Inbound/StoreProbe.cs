using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Sees every call the inbound handler makes to a host store, in order (<c>"IGroupStore.ResolveAsync(g1)"</c>), and can
/// make the next calls of one method fail or wait: the in-memory stores of <c>IssueSync.Sdk.Testing</c> cannot fail
/// (the group store's writes aside), so the kit wraps each of them in a decorator that goes through here first.
/// Methods are named <c>"{interface}.{method}"</c>, e.g. <c>"IDeliveryDedupeStore.TryClaimAsync"</c>.
/// </summary>
internal sealed class StoreProbe
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, Queue<Func<CancellationToken, Task>>> _plans = new(StringComparer.Ordinal);

    /// <summary>Every store call so far, as <c>"IGroupStore.ResolveAsync(g1)"</c>.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>How many calls <paramref name="method"/> got.</summary>
    public int CountOf(string method) => Calls.Count(c => c.StartsWith(method + "(", StringComparison.Ordinal));

    /// <summary>Forgets the calls seen so far (plans stay).</summary>
    public void ClearCalls()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> calls of <paramref name="method"/>, after <paramref name="after"/> calls that
    /// go through, throw <see cref="InjectedStoreFailure"/> before reaching the store.
    /// </summary>
    public void Fail(string method, int times = 1, int after = 0)
    {
        PassThrough(method, after);
        for (var i = 0; i < times; i++)
        {
            Plan(method, _ => throw new InjectedStoreFailure(method));
        }
    }

    /// <summary>The next call of <paramref name="method"/> first runs <paramref name="action"/> (e.g. waits until the test lets it go).</summary>
    public void OnNext(string method, Func<CancellationToken, Task> action) => Plan(method, action);

    /// <summary>The next call of <paramref name="method"/>, after <paramref name="after"/> calls that go through, first cancels the request.</summary>
    public void CancelAt(string method, CancellationTokenSource request, int after = 0)
    {
        PassThrough(method, after);
        Plan(method, _ => request.CancelAsync());
    }

    /// <summary>
    /// Decides, for every call (under the probe's lock, so a seeded <see cref="Random"/> may be used), whether it
    /// throws <see cref="InjectedStoreFailure"/> before reaching the store; <see langword="null"/>: none does.
    /// </summary>
    public Func<string, bool>? FailIf { get; set; }

    /// <summary>Called by the decorators before each store call.</summary>
    public Task EnterAsync(string method, string argument, CancellationToken cancellationToken)
    {
        Func<CancellationToken, Task>? plan = null;
        lock (_gate)
        {
            _calls.Add($"{method}({argument})");
            if (FailIf?.Invoke(method) == true)
            {
                throw new InjectedStoreFailure(method);
            }

            if (_plans.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                plan = queue.Dequeue();
            }
        }

        return plan is null ? Task.CompletedTask : plan(cancellationToken);
    }

    private void PassThrough(string method, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            Plan(method, static _ => Task.CompletedTask);
        }
    }

    private void Plan(string method, Func<CancellationToken, Task> action)
    {
        lock (_gate)
        {
            if (!_plans.TryGetValue(method, out var queue))
            {
                _plans[method] = queue = new Queue<Func<CancellationToken, Task>>();
            }

            queue.Enqueue(action);
        }
    }
}

/// <summary>The failure a <see cref="StoreProbe"/> injects: what a host's database throws when it is down.</summary>
internal sealed class InjectedStoreFailure(string method) : Exception($"Injected failure of {method}.");

internal sealed class ProbedIntegrationStore(IIntegrationStore inner, StoreProbe probe) : IIntegrationStore
{
    public async Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IIntegrationStore.FindByOrganizationIdAsync", organizationId, cancellationToken);
        return await inner.FindByOrganizationIdAsync(organizationId, cancellationToken);
    }

    public async Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IIntegrationStore.FindByIntegrationIdAsync", integrationId, cancellationToken);
        return await inner.FindByIntegrationIdAsync(integrationId, cancellationToken);
    }

    public async Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IIntegrationStore.TrySaveAsync", installation.IntegrationId, cancellationToken);
        return await inner.TrySaveAsync(installation, expectedVersion, cancellationToken);
    }
}

internal sealed class ProbedGroupStore(IGroupStore inner, StoreProbe probe) : IGroupStore
{
    public async Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IGroupStore.FindLinkedGroupsAsync", $"{integrationId}, {workItemId}", cancellationToken);
        return await inner.FindLinkedGroupsAsync(integrationId, workItemId, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IGroupStore.FindLinkedGroupsAsync(batch)", $"{integrationId}, [{string.Join(",", workItemIds)}]", cancellationToken);
        return await inner.FindLinkedGroupsAsync(integrationId, workItemIds, cancellationToken);
    }

    public async Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IGroupStore.ResolveAsync", group.GroupId, cancellationToken);
        await inner.ResolveAsync(group, source, cancellationToken);
    }

    public async Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IGroupStore.UnresolveAsync", group.GroupId, cancellationToken);
        await inner.UnresolveAsync(group, source, cancellationToken);
    }
}

internal sealed class ProbedAssigneeStore(IAssigneeStore inner, StoreProbe probe) : IAssigneeStore
{
    public async Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IAssigneeStore.FindUserByEmailAsync", $"{hostProjectId}, {email}", cancellationToken);
        return await inner.FindUserByEmailAsync(hostProjectId, email, cancellationToken);
    }

    public async Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IAssigneeStore.AssignAsync", $"{group.GroupId}, {user.UserId}", cancellationToken);
        await inner.AssignAsync(group, user, source, cancellationToken);
    }

    public async Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IAssigneeStore.DeassignAsync", group.GroupId, cancellationToken);
        await inner.DeassignAsync(group, source, cancellationToken);
    }
}

internal sealed class ProbedDedupeStore(IDeliveryDedupeStore inner, StoreProbe probe) : IDeliveryDedupeStore
{
    public async Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IDeliveryDedupeStore.TryClaimAsync", deliveryId, cancellationToken);
        return await inner.TryClaimAsync(deliveryId, retention, cancellationToken);
    }

    public async Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IDeliveryDedupeStore.ReleaseAsync", deliveryId, cancellationToken);
        await inner.ReleaseAsync(deliveryId, cancellationToken);
    }
}

internal sealed class ProbedWatermarkStore(ISyncWatermarkStore inner, StoreProbe probe) : ISyncWatermarkStore
{
    public async Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("ISyncWatermarkStore.ReadAsync", $"{organizationId}, {workItemId}", cancellationToken);
        return await inner.ReadAsync(organizationId, workItemId, cancellationToken);
    }

    public async Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("ISyncWatermarkStore.TrySaveAsync", $"{organizationId}, {workItemId}, {watermark.Field}, {watermark.Revision}", cancellationToken);
        return await inner.TrySaveAsync(organizationId, workItemId, watermark, expectedVersion, cancellationToken);
    }
}

internal sealed class ProbedOwnWriteLedger(IOwnWriteLedger inner, StoreProbe probe) : IOwnWriteLedger
{
    public async Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.RecordAsync", $"{write.WorkItemId}, {write.Revision}", cancellationToken);
        await inner.RecordAsync(write, cancellationToken);
    }

    public async Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.RemoveAsync", $"{organizationId}, {workItemId}", cancellationToken);
        await inner.RemoveAsync(organizationId, workItemId, writeId, cancellationToken);
    }

    public async Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.FindAsync", $"{organizationId}, {workItemId}, {revision}", cancellationToken);
        return await inner.FindAsync(organizationId, workItemId, revision, cancellationToken);
    }

    public async Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.RecordOwnCommentAsync", $"{organizationId}, {workItemId}, {commentId}", cancellationToken);
        await inner.RecordOwnCommentAsync(organizationId, workItemId, commentId, cancellationToken);
    }

    public async Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.IsOwnCommentAsync", $"{organizationId}, {workItemId}, {commentId}", cancellationToken);
        return await inner.IsOwnCommentAsync(organizationId, workItemId, commentId, cancellationToken);
    }

    public async Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.RecordAttemptAsync", attempt.Key, cancellationToken);
        await inner.RecordAttemptAsync(attempt, cancellationToken);
    }

    public async Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.FindAttemptAsync", key, cancellationToken);
        return await inner.FindAttemptAsync(organizationId, key, cancellationToken);
    }

    public async Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IOwnWriteLedger.RemoveAttemptAsync", key, cancellationToken);
        await inner.RemoveAttemptAsync(organizationId, key, cancellationToken);
    }
}

/// <summary>The optional <c>workitem.deleted</c> port: records what it was told.</summary>
internal sealed class RecordingDeletionStore(StoreProbe probe) : IWorkItemDeletionStore
{
    private readonly Recorded<(string GroupId, int WorkItemId, ChangeSource Source)> _deleted = new();

    public IReadOnlyList<(string GroupId, int WorkItemId, ChangeSource Source)> Deleted => _deleted.Items;

    public async Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("IWorkItemDeletionStore.WorkItemDeletedAsync", $"{group.GroupId}, {workItemId}", cancellationToken);
        _deleted.Add((group.GroupId, workItemId, source));
    }
}

/// <summary>The optional <c>workitem.commented</c> port: records what it was given.</summary>
internal sealed class RecordingCommentStore(StoreProbe probe) : ICommentStore
{
    private readonly Recorded<(string GroupId, InboundComment Comment, ChangeSource Source)> _comments = new();

    public IReadOnlyList<(string GroupId, InboundComment Comment, ChangeSource Source)> Comments => _comments.Items;

    public async Task AddCommentAsync(LinkedGroup group, InboundComment comment, ChangeSource source, CancellationToken cancellationToken = default)
    {
        await probe.EnterAsync("ICommentStore.AddCommentAsync", $"{group.GroupId}, {comment.CommentId}", cancellationToken);
        _comments.Add((group.GroupId, comment, source));
    }
}

/// <summary>A thread-safe list of what a recording port received.</summary>
internal sealed class Recorded<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }
}
