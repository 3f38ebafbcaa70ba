namespace IssueSync.Sdk.Auth;

/// <summary>
/// Tells the host about OAuth token sets the SDK is using from memory because the host's
/// <see cref="Abstractions.ITokenStore"/> failed to save them. Such a set holds the only valid
/// refresh token: if the process stops before a save succeeds, the installation must be
/// re-authorized. Wire it into the host's health checks and alerts.
/// </summary>
public interface IVstsTokenHealth
{
    /// <summary>The identities whose newest token set is not persisted yet, with when saving it first failed.</summary>
    /// <returns>A snapshot; empty when every rotated set is saved.</returns>
    IReadOnlyList<UnsavedTokenSet> GetUnsavedTokenSets();
}

/// <summary>An OAuth identity whose rotated token set lives only in memory.</summary>
/// <param name="IdentityId">The identity id (not a secret).</param>
/// <param name="SaveFailingSince">When the last save attempt failed.</param>
public sealed record UnsavedTokenSet(string IdentityId, DateTimeOffset SaveFailingSince);
