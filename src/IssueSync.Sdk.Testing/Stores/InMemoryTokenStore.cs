using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// A thread-safe, single-process <see cref="ITokenStore"/> for host tests and samples: exact
/// compare-and-set on <see cref="VstsTokenSet.Version"/>. Tokens live in memory only, so a
/// rotated refresh token is lost when the process ends; do not use it in production.
/// </summary>
public sealed class InMemoryTokenStore : ITokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VstsTokenSet> _sets = new(StringComparer.Ordinal);

    /// <summary>Stores an identity's token set with version 1, replacing any other.</summary>
    /// <param name="identityId">The identity.</param>
    /// <param name="tokens">The tokens.</param>
    /// <returns>The set as stored.</returns>
    public VstsTokenSet Set(string identityId, VstsTokenSet tokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        ArgumentNullException.ThrowIfNull(tokens);
        var stored = tokens with { Version = 1 };
        lock (_gate)
        {
            _sets[identityId] = stored;
        }

        return stored;
    }

    /// <inheritdoc />
    public Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_sets.GetValueOrDefault(identityId));
        }
    }

    /// <summary>
    /// Saves when the stored version equals <paramref name="expectedVersion"/>; an identity with no
    /// set yet is added when <paramref name="expectedVersion"/> is 0.
    /// </summary>
    /// <param name="identityId">The identity.</param>
    /// <param name="tokens">The new set (its version is ignored).</param>
    /// <param name="expectedVersion">The version that was read.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Whether it was saved.</returns>
    public Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        ArgumentNullException.ThrowIfNull(tokens);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var currentVersion = _sets.TryGetValue(identityId, out var current) ? current.Version : 0;
            if (currentVersion != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _sets[identityId] = tokens with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }
}
