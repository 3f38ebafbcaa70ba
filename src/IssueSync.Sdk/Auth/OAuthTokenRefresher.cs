using System.Globalization;
using System.Net;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Auth;

/// <summary>
/// Redeems an OAuth identity's refresh token (Entra ID v2 or Azure DevOps OAuth) and persists the
/// rotated set through <see cref="ITokenStore"/> before it is used. Called only from the token
/// provider's single-flight refresh, so at most one runs per identity in this process.
/// <para>
/// Across host instances sharing the token store: with a shared <see cref="ISyncLeaseStore"/>, the refresh
/// takes the lease <c>refresh:{identity}</c> first, so one instance redeems and saves while the others
/// wait and then read the rotated set. Without one (or when the lease store fails or the wait runs out),
/// two instances may redeem the same refresh token; the loser's <c>invalid_grant</c> is then answered
/// from the store, where the winner saved its set, and re-authorization is reported only when the stored
/// set is the one that failed.
/// </para>
/// </summary>
internal sealed partial class OAuthTokenRefresher
{
    /// <summary>How long a set the store refused to save is used before the save is tried again.</summary>
    public static readonly TimeSpan SaveRetryInterval = TimeSpan.FromSeconds(30);

    internal const string Operation = "OAuth.RefreshToken";

    /// <summary>The refresh lease of an identity is <c>refresh:{identity id}</c>.</summary>
    internal const string RefreshLeasePrefix = "refresh:";

    /// <summary>The pauses between the reads of the token store after a rejected refresh token; the last read is not followed by one.</summary>
    private static readonly TimeSpan[] RejectionRereadPauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600), TimeSpan.Zero];

    private readonly ITokenStore? _store;
    private readonly ISyncLeaseStore? _leases;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<VstsOAuthOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OAuthTokenRefresher> _logger;

    /// <param name="store">The host's token store; <see langword="null"/> when none is registered (an OAuth refresh then fails saying so).</param>
    /// <param name="leases">
    /// The lease store shared between host instances; <see langword="null"/> for one process, where the
    /// provider's single flight already makes one refresh per identity at a time.
    /// </param>
    /// <param name="httpClientFactory">Creates the token endpoint client.</param>
    /// <param name="options">The OAuth app registration, read per refresh.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The log.</param>
    public OAuthTokenRefresher(
        ITokenStore? store,
        ISyncLeaseStore? leases,
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<VstsOAuthOptions> options,
        TimeProvider timeProvider,
        ILogger<OAuthTokenRefresher> logger)
    {
        _store = store;
        _leases = leases;
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Returns a usable token for the identity, refreshing and saving a rotated set when needed.</summary>
    public async Task<CachedToken> RefreshAsync(OAuthIdentityCredential credential, TokenEntry entry, string? rejectedToken, Func<CachedToken, bool> isFresh)
    {
        var store = _store
            ?? throw new VstsApiException(
                $"{credential} needs an ITokenStore, and none is registered: call AddTokenStore<T>() on the builder AddVstsIssueSync returns.",
                VstsErrorKind.Unauthorized,
                operation: Operation);
        var identityId = credential.IdentityId;

        VstsTokenSet current;
        long expectedVersion;
        if (entry.Unsaved is { } unsaved)
        {
            // The newest refresh token exists only here: save it first, before anything else can lose it.
            switch (await TrySaveAsync(store, identityId, unsaved, entry.UnsavedExpectedVersion).ConfigureAwait(false))
            {
                case true:
                    ClearUnsaved(entry);
                    if (ToCached(unsaved) is var saved && isFresh(saved) && !Same(unsaved.AccessToken, rejectedToken))
                    {
                        return saved;
                    }

                    current = await ReadAsync(store, credential).ConfigureAwait(false);
                    expectedVersion = current.Version;
                    break;
                case false:
                    // Another writer saved first: theirs is the set of record.
                    ClearUnsaved(entry);
                    LogSaveConflict(_logger, identityId);
                    current = await ReadAsync(store, credential).ConfigureAwait(false);
                    expectedVersion = current.Version;
                    break;
                default:
                    entry.UnsavedSince = _timeProvider.GetUtcNow();
                    current = unsaved;
                    expectedVersion = entry.UnsavedExpectedVersion;
                    break;
            }
        }
        else
        {
            // Another process may have refreshed already: the store is read before every refresh.
            current = await ReadAsync(store, credential).ConfigureAwait(false);
            expectedVersion = current.Version;
        }

        if (ToCached(current) is var stored && isFresh(stored) && !Same(current.AccessToken, rejectedToken))
        {
            return stored;
        }

        // A missing setting is checked before anything is sent or leased: the host fixes its
        // configuration, and the refresh token stays good for the next attempt.
        var refreshToken = UsableRefreshToken(credential, entry, current);
        var settings = RequireSettings(credential);
        var lease = _leases is null ? null : await TakeRefreshLeaseAsync(_leases, credential, settings).ConfigureAwait(false);
        try
        {
            if (lease is not null && entry.Unsaved is null)
            {
                // Whoever held the lease saved the set it redeemed: read under the lease, it is the set of record.
                // (A set only this process holds, unsaved, is newer than anything stored: it is redeemed as it is.)
                var leased = await ReadAsync(store, credential).ConfigureAwait(false);
                if (IsNewer(leased, expectedVersion, refreshToken))
                {
                    if (ToCached(leased) is var theirs && isFresh(theirs) && !Same(leased.AccessToken, rejectedToken))
                    {
                        CountRefresh(credential, "refreshed_elsewhere");
                        return theirs;
                    }

                    current = leased;
                    expectedVersion = leased.Version;
                    refreshToken = UsableRefreshToken(credential, entry, current);
                }
            }

            return await RedeemAndSaveAsync(store, credential, settings, entry, expectedVersion, refreshToken, rejectedToken, isFresh).ConfigureAwait(false);
        }
        finally
        {
            if (lease is not null)
            {
                await ReleaseRefreshLeaseAsync(_leases!, lease, credential).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Redeems <paramref name="refreshToken"/> and saves the rotated set. When the endpoint rejects it, the store
    /// is read again: a newer set there (another instance redeemed first) is used, or its refresh token redeemed
    /// once; re-authorization is reported only when the stored set is the one that failed.
    /// </summary>
    private async Task<CachedToken> RedeemAndSaveAsync(
        ITokenStore store,
        OAuthIdentityCredential credential,
        VstsOAuthOptions settings,
        TokenEntry entry,
        long expectedVersion,
        string refreshToken,
        string? rejectedToken,
        Func<CachedToken, bool> isFresh)
    {
        var identityId = credential.IdentityId;
        VstsTokenSet rotated;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                rotated = await RedeemAsync(credential, settings, refreshToken).ConfigureAwait(false);
                break;
            }
            catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.Unauthorized)
            {
                if (await ReadAfterRejectionAsync(store, identityId, expectedVersion, refreshToken).ConfigureAwait(false) is { } stored)
                {
                    LogRefreshedElsewhere(_logger, identityId, credential.Protocol);
                    ClearUnsaved(entry);
                    if (ToCached(stored) is var theirs && isFresh(theirs) && !Same(stored.AccessToken, rejectedToken))
                    {
                        CountRefresh(credential, "refreshed_elsewhere");
                        return theirs;
                    }

                    if (attempt == 0 && !string.IsNullOrEmpty(stored.RefreshToken) && !Same(stored.RefreshToken, refreshToken))
                    {
                        // Theirs has expired too: its refresh token is redeemed once.
                        expectedVersion = stored.Version;
                        refreshToken = stored.RefreshToken;
                        continue;
                    }
                }

                entry.RejectedRefreshToken = refreshToken;
                LogRefreshRejected(_logger, identityId, credential.Protocol);
                CountRefresh(credential, "rejected");
                throw;
            }
        }

        LogRefreshed(_logger, identityId, credential.Protocol, rotated.ExpiresAt);
        switch (await TrySaveAsync(store, identityId, rotated, expectedVersion).ConfigureAwait(false))
        {
            case true:
                ClearUnsaved(entry);
                CountRefresh(credential, "saved");
                return ToCached(rotated);
            case false:
                ClearUnsaved(entry);
                LogSaveConflict(_logger, identityId);
                CountRefresh(credential, "conflict");
                return ToCached(await ReadAsync(store, credential).ConfigureAwait(false));
            default:
                CountRefresh(credential, "save_failed");
                // Never drop the only valid refresh token: use it from memory and keep trying to save it.
                entry.Unsaved = rotated;
                entry.UnsavedExpectedVersion = expectedVersion;
                entry.UnsavedSince = _timeProvider.GetUtcNow();
                return ToCached(rotated);
        }
    }

    /// <summary>The set's refresh token, unless there is none or the endpoint already rejected it (then re-authorization).</summary>
    private static string UsableRefreshToken(OAuthIdentityCredential credential, TokenEntry entry, VstsTokenSet current)
    {
        var refreshToken = current.RefreshToken;
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw Reauthorize(credential, "no refresh token is stored");
        }

        if (Same(refreshToken, entry.RejectedRefreshToken))
        {
            throw Reauthorize(credential, "the stored refresh token was already rejected by the token endpoint");
        }

        return refreshToken;
    }

    /// <summary>Whether a stored set is not the one this refresh started from: another version, or another refresh token.</summary>
    private static bool IsNewer(VstsTokenSet stored, long expectedVersion, string refreshToken) =>
        stored.Version != expectedVersion || !Same(stored.RefreshToken, refreshToken);

    /// <summary>
    /// The refresh lease of the identity across instances: taken at once, or waited for (polling, bounded by
    /// <see cref="VstsOAuthOptions.RefreshLeaseWait"/>) while another instance refreshes. <see langword="null"/>
    /// when the wait ran out or the lease store failed: the refresh then goes ahead in this process alone, and
    /// an <c>invalid_grant</c> is answered from the token store.
    /// </summary>
    private async Task<SyncLease?> TakeRefreshLeaseAsync(ISyncLeaseStore leases, OAuthIdentityCredential credential, VstsOAuthOptions settings)
    {
        var resource = RefreshLeasePrefix + credential.IdentityId;
        try
        {
            var lease = await SyncLeaseWaits.AcquireAsync(leases, resource, settings.RefreshLeaseTime, settings.RefreshLeaseWait, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            if (lease is null)
            {
                LogRefreshLeaseBusy(_logger, credential.IdentityId, settings.RefreshLeaseWait.TotalSeconds);
            }

            return lease;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: a lease store's message may name its connection.
            LogRefreshLeaseFailed(_logger, credential.IdentityId, ex.GetType().Name);
            return null;
        }
    }

    private async Task ReleaseRefreshLeaseAsync(ISyncLeaseStore leases, SyncLease lease, OAuthIdentityCredential credential)
    {
        try
        {
            await leases.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshLeaseFailed(_logger, credential.IdentityId, ex.GetType().Name);
        }
    }

    /// <summary>
    /// After the token endpoint rejected <paramref name="refreshToken"/>: the stored set when it is newer than the one
    /// that failed (another instance redeemed the token first and saved its rotated set), else <see langword="null"/>.
    /// The winner's save can land a moment after the endpoint answered this loser, so the store is read a few times
    /// over about 1.35 seconds (a busy machine can hold the winner's save that long; only a refresh token that
    /// really is dead pays the whole wait). The pauses are real time, not the SDK's clock: they wait for another process.
    /// </summary>
    private static async Task<VstsTokenSet?> ReadAfterRejectionAsync(ITokenStore store, string identityId, long expectedVersion, string refreshToken)
    {
        foreach (var pause in RejectionRereadPauses)
        {
            if (await TryReadAsync(store, identityId).ConfigureAwait(false) is { } stored && IsNewer(stored, expectedVersion, refreshToken))
            {
                return stored;
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>The stored set, or <see langword="null"/> when there is none or the store failed (the caller reports what it had).</summary>
    private static async Task<VstsTokenSet?> TryReadAsync(ITokenStore store, string identityId)
    {
        try
        {
            return await store.GetAsync(identityId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>One refresh, by protocol and outcome: saved, conflict (another writer won), save_failed (kept in memory), rejected.</summary>
    private static void CountRefresh(OAuthIdentityCredential credential, string outcome) =>
        VstsTelemetry.TokenRefreshes.Add(
            1,
            new KeyValuePair<string, object?>("protocol", credential.Protocol.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome));

    private static void ClearUnsaved(TokenEntry entry)
    {
        entry.Unsaved = null;
        entry.UnsavedSince = null;
    }

    private static bool Same(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.Ordinal);

    private static CachedToken ToCached(VstsTokenSet set) => new(set.AccessToken, set.ExpiresAt, set.IssuedAt);

    /// <summary>Compare-and-set; <see langword="null"/> when the store failed (logged at Error).</summary>
    private async Task<bool?> TrySaveAsync(ITokenStore store, string identityId, VstsTokenSet tokens, long expectedVersion)
    {
        try
        {
            return await store.TrySaveAsync(identityId, tokens, expectedVersion, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(_logger, identityId, ex.GetType().Name, ex);
            return null;
        }
    }

    private static async Task<VstsTokenSet> ReadAsync(ITokenStore store, OAuthIdentityCredential credential) =>
        await store.GetAsync(credential.IdentityId, CancellationToken.None).ConfigureAwait(false)
        ?? throw Reauthorize(credential, "the token store has no tokens for it");

    private static VstsApiException Reauthorize(OAuthIdentityCredential credential, string why, HttpStatusCode? status = null, string? errorCode = null) =>
        new($"{credential} cannot be refreshed: {why}. The installation must be re-authorized.",
            VstsErrorKind.Unauthorized,
            status,
            errorCode: errorCode,
            operation: Operation);

    /// <summary>
    /// The current app registration, when it has what <paramref name="credential"/>'s protocol sends;
    /// otherwise the error names the key to set.
    /// </summary>
    private VstsOAuthOptions RequireSettings(OAuthIdentityCredential credential)
    {
        var settings = _options.CurrentValue;
        if (string.IsNullOrEmpty(settings.ClientId) && credential.Protocol == VstsOAuthProtocol.EntraId
            || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new VstsApiException(
                $"{credential} needs the OAuth app settings: set {VstsOAuthOptions.SectionName}:ClientId and ClientSecret.",
                VstsErrorKind.Unauthorized,
                operation: Operation);
        }

        if (credential.Protocol == VstsOAuthProtocol.AzureDevOpsOAuth && string.IsNullOrWhiteSpace(settings.RedirectUri))
        {
            throw new VstsApiException(
                $"{credential} cannot be refreshed: {VstsOAuthOptions.SectionName}:{nameof(VstsOAuthOptions.RedirectUri)} is not set. "
                + "Azure DevOps OAuth sends the callback URL registered with the app on every refresh; set it to that URL.",
                VstsErrorKind.Unauthorized,
                operation: Operation);
        }

        return settings;
    }

    private async Task<VstsTokenSet> RedeemAsync(OAuthIdentityCredential credential, VstsOAuthOptions settings, string refreshToken)
    {
        var (endpoint, form) = credential.Protocol == VstsOAuthProtocol.AzureDevOpsOAuth
            ? (settings.AzureDevOpsTokenEndpoint ?? VstsApiPaths.AzureDevOpsOAuthTokenEndpoint, new Dictionary<string, string>
            {
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = settings.ClientSecret!,
                ["grant_type"] = "refresh_token",
                ["assertion"] = refreshToken,
                ["redirect_uri"] = settings.RedirectUri!,
            })
            : (settings.EntraTokenEndpoint ?? VstsApiPaths.EntraTokenEndpoint(settings.TenantId), new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = settings.ClientId!,
                ["client_secret"] = settings.ClientSecret!,
                ["refresh_token"] = refreshToken,
                ["scope"] = AppIdentityCredential.AzureDevOpsScope + " offline_access",
            });

        using var content = new FormUrlEncodedContent(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        var http = _httpClientFactory.CreateClient(VstsOAuthOptions.HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            throw VstsResponseClassifier.FromTransportFailure(ex, Operation, timedOut: ex is OperationCanceledException);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            var status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                var error = ReadString(body, "error");
                if (status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized || error == "invalid_grant")
                {
                    throw Reauthorize(credential, $"the token endpoint answered {(int)status} ({error ?? "no error code"})", status, error);
                }

                var kind = VstsResponseClassifier.KindFor(status, null);
                throw new VstsApiException(
                    $"The token endpoint answered {(int)status} ({kind}) to the refresh of {credential}.",
                    kind,
                    status,
                    errorCode: error,
                    operation: Operation);
            }

            return ParseTokenResponse(credential, body, refreshToken);
        }
    }

    private VstsTokenSet ParseTokenResponse(OAuthIdentityCredential credential, byte[] body, string previousRefreshToken)
    {
        string? accessToken = null;
        string? refreshToken = null;
        double? expiresIn = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "access_token" when property.Value.ValueKind == JsonValueKind.String:
                        accessToken = property.Value.GetString();
                        break;
                    case "refresh_token" when property.Value.ValueKind == JsonValueKind.String:
                        refreshToken = property.Value.GetString();
                        break;
                    case "expires_in" when property.Value.ValueKind == JsonValueKind.Number:
                        expiresIn = property.Value.GetDouble();
                        break;
                    case "expires_in" when property.Value.ValueKind == JsonValueKind.String
                        && double.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                        expiresIn = seconds;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The exception text is not included: it can quote the body, which holds tokens.
            throw new VstsApiException($"The token endpoint answered the refresh of {credential} with a body that is not a token response.", VstsErrorKind.InvalidResponse, operation: Operation);
        }

        if (string.IsNullOrEmpty(accessToken) || expiresIn is not > 0)
        {
            throw new VstsApiException($"The token endpoint answered the refresh of {credential} without access_token or expires_in.", VstsErrorKind.InvalidResponse, operation: Operation);
        }

        var received = _timeProvider.GetUtcNow();
        return new VstsTokenSet
        {
            AccessToken = accessToken,
            // Entra ID may keep the refresh token; Azure DevOps OAuth always rotates it.
            RefreshToken = string.IsNullOrEmpty(refreshToken) ? previousRefreshToken : refreshToken,
            ExpiresAt = received.AddSeconds(expiresIn.Value),
            IssuedAt = received,
            Protocol = credential.Protocol,
        };
    }

    /// <summary>A string member of a JSON object, its name in any case: Entra ID answers <c>error</c>, Azure DevOps OAuth <c>Error</c>.</summary>
    private static string? ReadString(byte[] body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Refreshed the OAuth tokens of identity {IdentityId} ({Protocol}); the access token expires at {ExpiresAt:O}.")]
    private static partial void LogRefreshed(ILogger logger, string identityId, VstsOAuthProtocol protocol, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The token endpoint rejected the refresh token of identity {IdentityId} ({Protocol}); the installation must be re-authorized.")]
    private static partial void LogRefreshRejected(ILogger logger, string identityId, VstsOAuthProtocol protocol);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Another writer saved the OAuth tokens of identity {IdentityId} first; using theirs.")]
    private static partial void LogSaveConflict(ILogger logger, string identityId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Saving the rotated OAuth tokens of identity {IdentityId} failed ({ErrorType}); they are kept in memory and the save is retried.")]
    private static partial void LogSaveFailed(ILogger logger, string identityId, string errorType, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "The token endpoint rejected the refresh token of identity {IdentityId} ({Protocol}), but the token store holds a newer set (another instance refreshed first); using it.")]
    private static partial void LogRefreshedElsewhere(ILogger logger, string identityId, VstsOAuthProtocol protocol);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Another instance held the refresh lease of identity {IdentityId} for longer than {Seconds} s; refreshing in this process.")]
    private static partial void LogRefreshLeaseBusy(ILogger logger, string identityId, double seconds);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "The lease store failed ({ErrorType}) around the refresh of identity {IdentityId}; refreshing in this process.")]
    private static partial void LogRefreshLeaseFailed(ILogger logger, string identityId, string errorType);
}
