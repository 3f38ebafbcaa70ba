namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// The host's store of OAuth token sets, one per identity. Required for OAuth credentials: the SDK
/// has no in-memory default, because a rotated refresh token that is not persisted is lost.
/// </summary>
public interface ITokenStore
{
    /// <summary>Reads an identity's token set.</summary>
    /// <param name="identityId">The identity (the installation's credential reference).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The set with its current <see cref="VstsTokenSet.Version"/>, or <see langword="null"/> when the identity has none.</returns>
    Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a new token set if and only if the stored version still equals
    /// <paramref name="expectedVersion"/> (compare-and-set), atomically, giving it a new version.
    /// </summary>
    /// <param name="identityId">The identity.</param>
    /// <param name="tokens">The new set (its <see cref="VstsTokenSet.Version"/> is ignored).</param>
    /// <param name="expectedVersion">The version that was read.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when another writer saved first (re-read and use theirs).</returns>
    Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default);
}
