using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe <see cref="ICommentStore"/> for host tests and samples: every comment the SDK
/// hands over from Azure DevOps (<c>workitem.commented</c>), recorded per group in
/// <see cref="Comments"/> together with its <see cref="ChangeSource"/>. Registering it makes the
/// SDK subscribe to <c>workitem.commented</c>.
/// </summary>
public sealed class InMemoryCommentStore : ICommentStore
{
    private readonly Lock _gate = new();
    private readonly List<GroupComment> _comments = [];
    private int _failingWrites;

    /// <summary>Every comment received, in order.</summary>
    public IReadOnlyList<GroupComment> Comments
    {
        get
        {
            lock (_gate)
            {
                return [.. _comments];
            }
        }
    }

    /// <summary>The comments one group received, in order.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The comments.</returns>
    public IReadOnlyList<InboundComment> GetComments(string groupId)
    {
        lock (_gate)
        {
            return [.. _comments.Where(c => c.GroupId == groupId).Select(c => c.Comment)];
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> comments throw <see cref="InvalidOperationException"/>
    /// without storing anything, to test how the SDK handles a failing host store (the webhook answers
    /// 503 so Azure DevOps redelivers).
    /// </summary>
    /// <param name="count">How many writes fail.</param>
    public void FailNextWrites(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _failingWrites = count;
        }
    }

    /// <inheritdoc />
    public Task AddCommentAsync(LinkedGroup group, InboundComment comment, ChangeSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(comment);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_failingWrites > 0)
            {
                _failingWrites--;
                throw new InvalidOperationException($"Injected failure of the in-memory comment store (group '{group.GroupId}').");
            }

            _comments.Add(new GroupComment(group.GroupId, comment, source));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A comment an <see cref="InMemoryCommentStore"/> received.</summary>
/// <param name="GroupId">The group it was added to.</param>
/// <param name="Comment">The comment.</param>
/// <param name="Source">Where the SDK said the change came from.</param>
public sealed record GroupComment(string GroupId, InboundComment Comment, ChangeSource Source);
