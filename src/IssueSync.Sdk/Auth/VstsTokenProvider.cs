using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Core;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// The singleton that owns bearer tokens, one cache entry per identity (an app identity's
/// <see cref="TokenCredential"/> instance, or an OAuth identity id). The authentication handler is
/// transient and stateless and asks here for a token per attempt.
/// <para>
/// A cached token is used until it expires within the configured skew. Refreshes are single
/// flight: concurrent callers for one identity share one fetch, which runs detached from any
/// caller's cancellation so a cancelled waiter does not cancel it for the others.
/// </para>
/// </summary>
internal sealed class VstsTokenProvider : IVstsTokenHealth
{
    private readonly ConcurrentDictionary<OAuthKey, TokenEntry> _oauthEntries = new();

    // Keyed weakly by the TokenCredential instance: a host that drops a credential drops its cache entry.
    private readonly ConditionalWeakTable<TokenCredential, TokenEntry> _appEntries = new();
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<VstsAuthOptions> _options;
    private readonly OAuthTokenRefresher _oauth;

    public VstsTokenProvider(TimeProvider timeProvider, IOptionsMonitor<VstsAuthOptions> options, OAuthTokenRefresher oauth)
    {
        _timeProvider = timeProvider;
        _options = options;
        _oauth = oauth;
    }

    /// <inheritdoc />
    public IReadOnlyList<UnsavedTokenSet> GetUnsavedTokenSets() =>
        _oauthEntries
            .Select(static pair => pair.Value.UnsavedSince is { } since ? new UnsavedTokenSet(pair.Key.IdentityId, since) : null)
            .OfType<UnsavedTokenSet>()
            .ToList();

    /// <summary>
    /// A current access token for <paramref name="credential"/>. <paramref name="rejectedToken"/> is
    /// the token Azure DevOps just answered 401 to: when it is still the cached one it is not used again.
    /// </summary>
    public async Task<string> GetAccessTokenAsync(VstsCredential credential, string? rejectedToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var (entry, fetch) = credential switch
        {
            AppIdentityCredential app => (_appEntries.GetValue(app.Credential, static _ => new TokenEntry()), (Func<TokenEntry, string?, Task<CachedToken>>)((_, _) => FetchAppTokenAsync(app, _timeProvider))),
            OAuthIdentityCredential oauth => (
                _oauthEntries.GetOrAdd(new OAuthKey(oauth.IdentityId, oauth.Protocol), static _ => new TokenEntry()),
                (e, rejected) => _oauth.RefreshAsync(oauth, e, rejected, IsFresh)),
            _ => throw new ArgumentException($"{credential} does not use bearer tokens.", nameof(credential)),
        };

        // A waiter that joined a refresh started before its 401 can get the rejected token back; one more round fixes that.
        for (var round = 0; ; round++)
        {
            var current = entry.Current;
            if (IsUsable(entry, current, rejectedToken))
            {
                return current!.AccessToken;
            }

            Task<CachedToken> refresh;
            lock (entry.Gate)
            {
                // Re-check after acquiring: another caller may have refreshed meanwhile.
                current = entry.Current;
                if (IsUsable(entry, current, rejectedToken))
                {
                    return current!.AccessToken;
                }

                refresh = entry.Refresh ??= StartRefresh(entry, rejectedToken, fetch);
            }

            var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(token.AccessToken, rejectedToken, StringComparison.Ordinal) || round > 0)
            {
                return token.AccessToken;
            }
        }
    }

    /// <summary>Whether a token is still good for at least its refresh margin from now.</summary>
    internal bool IsFresh(CachedToken token) => token.ExpiresAt - RefreshMargin(token) > _timeProvider.GetUtcNow();

    /// <summary>
    /// How long before expiry <paramref name="token"/> is refreshed: the configured skew, capped at
    /// half the token's lifetime when its issue time is known. Without the cap a token that lives
    /// no longer than the skew (5 minutes by default) would be refreshed before every call.
    /// </summary>
    internal TimeSpan RefreshMargin(CachedToken token)
    {
        var skew = _options.CurrentValue.TokenRefreshSkew;
        if (token.IssuedAt is not { } issued)
        {
            return skew;
        }

        var halfLife = (token.ExpiresAt - issued) / 2;
        return halfLife >= skew ? skew : halfLife > TimeSpan.Zero ? halfLife : TimeSpan.Zero;
    }

    private bool IsUsable(TokenEntry entry, CachedToken? token, string? rejectedToken) =>
        token is not null
        && IsFresh(token)
        && !string.Equals(token.AccessToken, rejectedToken, StringComparison.Ordinal)
        && (entry.UnsavedSince is not { } since || _timeProvider.GetUtcNow() - since < OAuthTokenRefresher.SaveRetryInterval);

    private static Task<CachedToken> StartRefresh(TokenEntry entry, string? rejectedToken, Func<TokenEntry, string?, Task<CachedToken>> fetch) =>
        // Task.Run: the fetch never sees a caller's cancellation token, and it runs outside the lock.
        Task.Run(async () =>
        {
            try
            {
                var token = await fetch(entry, rejectedToken).ConfigureAwait(false);
                entry.Current = token;
                return token;
            }
            finally
            {
                lock (entry.Gate)
                {
                    entry.Refresh = null;
                }
            }
        });

    private static async Task<CachedToken> FetchAppTokenAsync(AppIdentityCredential app, TimeProvider timeProvider)
    {
        // AccessToken carries no issue time: the token is at most as old as this call.
        var asked = timeProvider.GetUtcNow();
        AccessToken token;
        try
        {
            token = await app.Credential.GetTokenAsync(new TokenRequestContext([AppIdentityCredential.AzureDevOpsScope]), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new VstsApiException(
                $"{app} could not get an Azure DevOps token ({ex.GetType().Name}): {ex.Message}",
                VstsErrorKind.Unauthorized,
                operation: "AppIdentity.GetToken",
                innerException: ex);
        }

        return new CachedToken(token.Token, token.ExpiresOn, asked);
    }

    private readonly record struct OAuthKey(string IdentityId, Abstractions.VstsOAuthProtocol Protocol);
}

/// <summary>An access token, when it expires and, when known, when it was issued. Never printed.</summary>
internal sealed class CachedToken(string accessToken, DateTimeOffset expiresAt, DateTimeOffset? issuedAt)
{
    public string AccessToken { get; } = accessToken;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>When the token was issued (or at the latest received); <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? IssuedAt { get; } = issuedAt;

    public override string ToString() => $"CachedToken {{ AccessToken = ***, ExpiresAt = {ExpiresAt:O}, IssuedAt = {IssuedAt:O} }}";
}

/// <summary>
/// One identity's token state. Written only by its single in-flight refresh; <see cref="Current"/>
/// and <see cref="UnsavedSince"/> are also read lock-free by every request.
/// </summary>
internal sealed class TokenEntry
{
    private CachedToken? _current;
    private long _unsavedSinceUtcTicks;

    public object Gate { get; } = new();

    public CachedToken? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public Task<CachedToken>? Refresh { get; set; }

    /// <summary>OAuth: a rotated set the store has not accepted yet (kept in memory, saved again later).</summary>
    public Abstractions.VstsTokenSet? Unsaved { get; set; }

    /// <summary>The version the unsaved set must replace.</summary>
    public long UnsavedExpectedVersion { get; set; }

    /// <summary>When the last save of <see cref="Unsaved"/> failed; <see langword="null"/> when nothing is pending.</summary>
    public DateTimeOffset? UnsavedSince
    {
        get => Volatile.Read(ref _unsavedSinceUtcTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        set => Volatile.Write(ref _unsavedSinceUtcTicks, value?.UtcTicks ?? 0);
    }

    /// <summary>OAuth: a refresh token the endpoint rejected, so it is not presented again (no retry storm).</summary>
    public string? RejectedRefreshToken { get; set; }
}
