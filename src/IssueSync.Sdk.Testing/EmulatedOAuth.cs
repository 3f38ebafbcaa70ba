using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// The OAuth side of a <see cref="VstsEmulator"/>: the apps (clients) registered with it, the
/// authorization codes and tokens it issued, and the URLs of its two token endpoints (Entra ID v2 and
/// Azure DevOps OAuth). Access tokens it issues authenticate API calls as <c>Authorization: Bearer</c>
/// until they expire on <see cref="VstsEmulatorOptions.TimeProvider"/>. Each refresh rotates the
/// refresh token: the one redeemed stops working. Tokens, codes and secrets are kept only as SHA-256
/// hashes and compared in constant time. Thread-safe.
/// </summary>
public sealed class EmulatedOAuth
{
    private const int TokenBytes = 32;

    private readonly Lock _gate = new();
    private readonly Uri _root;
    private readonly VstsEmulatorOptions _options;
    private readonly List<ClientRecord> _clients = [];
    private readonly List<CodeRecord> _codes = [];
    private readonly List<TokenRecord> _tokens = [];

    internal EmulatedOAuth(Uri root, VstsEmulatorOptions options)
    {
        _root = root;
        _options = options;
        AzureDevOpsTokenEndpoint = new Uri(root, "oauth2/token");
    }

    /// <summary>
    /// The Azure DevOps OAuth token endpoint, <c>{emulator}/oauth2/token</c> (the real one is
    /// <c>https://app.vssps.visualstudio.com/oauth2/token</c>): set it as the SDK's
    /// <c>VstsOAuthOptions.AzureDevOpsTokenEndpoint</c>.
    /// </summary>
    public Uri AzureDevOpsTokenEndpoint { get; }

    /// <summary>
    /// The Entra ID v2 token endpoint of a tenant, <c>{emulator}/{tenant}/oauth2/v2.0/token</c> (the real
    /// one is on <c>https://login.microsoftonline.com/</c>): set it as the SDK's
    /// <c>VstsOAuthOptions.EntraTokenEndpoint</c>. Every tenant name is served alike.
    /// </summary>
    /// <param name="tenantId">The tenant segment: a tenant id, <c>organizations</c> or <c>common</c>.</param>
    /// <returns>The endpoint URL.</returns>
    public Uri GetEntraTokenEndpoint(string tenantId = "organizations")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new Uri(_root, Uri.EscapeDataString(tenantId) + "/oauth2/v2.0/token");
    }

    /// <summary>
    /// Registers an app. Entra ID apps authenticate with <c>client_id</c> and <c>client_secret</c>;
    /// Azure DevOps OAuth apps with their secret alone, sent as <c>client_assertion</c>.
    /// </summary>
    /// <param name="protocol">Which token endpoint the app uses.</param>
    /// <param name="redirectUri">The callback URL registered with the app; token requests must send the same one.</param>
    /// <param name="servicePrincipal">
    /// For Entra ID apps, the organization user the app's own tokens (<c>client_credentials</c>)
    /// authenticate as; without one such tokens are issued but refused by the API routes, as Azure
    /// DevOps refuses a service principal that was never added to the organization.
    /// </param>
    /// <returns>The app, with a new client id and secret.</returns>
    public EmulatedOAuthClient RegisterClient(VstsOAuthProtocol protocol, Uri redirectUri, EmulatedUser? servicePrincipal = null)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        if (!Enum.IsDefined(protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown OAuth protocol.");
        }

        if (!redirectUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The redirect URI must be absolute.", nameof(redirectUri));
        }

        var secret = NewToken(protocol == VstsOAuthProtocol.EntraId ? "emu-secret-" : "emu-assertion-");
        var client = new EmulatedOAuthClient(Guid.NewGuid().ToString("D"), secret, protocol, redirectUri.AbsoluteUri, servicePrincipal);
        lock (_gate)
        {
            _clients.Add(new ClientRecord(client, Hash(secret)));
        }

        return client;
    }

    /// <summary>
    /// Issues an authorization code as the authorize endpoint would after <paramref name="user"/>
    /// consented: redeemable once, within <see cref="VstsEmulatorOptions.OAuthAuthorizationCodeLifetime"/>,
    /// by the same app with the same redirect URI.
    /// </summary>
    /// <param name="client">The app.</param>
    /// <param name="user">The user who authorized it.</param>
    /// <param name="scope">The scopes granted, space-separated; a default of the protocol's when omitted.</param>
    /// <returns>The code.</returns>
    public string IssueAuthorizationCode(EmulatedOAuthClient client, EmulatedUser user, string? scope = null)
    {
        var record = FindRegistered(client);
        ArgumentNullException.ThrowIfNull(user);
        var code = NewToken("emu-code-");
        lock (_gate)
        {
            _codes.Add(new CodeRecord(Hash(code), record, user, scope ?? DefaultScope(client.Protocol), Now + _options.OAuthAuthorizationCodeLifetime));
        }

        return code;
    }

    /// <summary>
    /// Issues an access and a refresh token for <paramref name="user"/> without a token request, as a
    /// code redemption would: the set a host stores after an install, to seed a token store.
    /// </summary>
    /// <param name="client">The app.</param>
    /// <param name="user">The user the tokens act as.</param>
    /// <param name="scope">The scopes granted, space-separated; a default of the protocol's when omitted.</param>
    /// <returns>The tokens.</returns>
    public EmulatedOAuthTokens IssueTokens(EmulatedOAuthClient client, EmulatedUser user, string? scope = null)
    {
        var record = FindRegistered(client);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            return IssueLocked(new Grant(record, user, scope ?? DefaultScope(client.Protocol)), withRefreshToken: true);
        }
    }

    /// <summary>
    /// Revokes one token (access or refresh) at once: an access token is refused by the API routes
    /// from now on, a refresh token by the token endpoints (<c>invalid_grant</c>).
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>Whether the emulator issued it.</returns>
    public bool RevokeToken(string token) => Change(token, t => t.State = TokenState.Revoked);

    /// <summary>
    /// Revokes every token issued to <paramref name="user"/>, as a user who withdraws the apps'
    /// authorizations in their profile.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <returns>How many tokens were still active.</returns>
    public int RevokeTokens(EmulatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            var active = _tokens.Where(t => t.Grant.User?.Id == user.Id && t.State == TokenState.Active).ToList();
            active.ForEach(t => t.State = TokenState.Revoked);
            return active.Count;
        }
    }

    /// <summary>Makes one token (access or refresh) expire now, without moving the clock.</summary>
    /// <param name="token">The token.</param>
    /// <returns>Whether the emulator issued it.</returns>
    public bool ExpireToken(string token)
    {
        var now = Now;
        return Change(token, t => t.ExpiresAt = t.ExpiresAt < now ? t.ExpiresAt : now);
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>The user an unexpired, unrevoked access token acts as; <see langword="null"/> for any other token.</summary>
    internal EmulatedUser? AuthenticateAccessToken(string token)
    {
        var now = Now;
        lock (_gate)
        {
            return FindLocked(_tokens, Hash(token), t => t.Hash) is { Kind: TokenKind.Access, State: TokenState.Active } found && now < found.ExpiresAt
                ? found.Grant.User
                : null;
        }
    }

    /// <summary>The registered Entra ID app with this client id, if any (ids are not secret: compared plainly).</summary>
    internal EmulatedOAuthClient? FindEntraClient(string clientId)
    {
        lock (_gate)
        {
            return _clients.Find(c => c.Client.Protocol == VstsOAuthProtocol.EntraId && string.Equals(c.Client.ClientId, clientId, StringComparison.OrdinalIgnoreCase))?.Client;
        }
    }

    /// <summary>Whether <paramref name="secret"/> is <paramref name="client"/>'s secret, compared as hashes in constant time.</summary>
    internal bool IsSecretOf(EmulatedOAuthClient client, string secret)
    {
        var record = FindRegistered(client);
        return CryptographicOperations.FixedTimeEquals(record.SecretHash, Hash(secret));
    }

    /// <summary>The registered Azure DevOps OAuth app whose secret is <paramref name="assertion"/>, if any.</summary>
    internal EmulatedOAuthClient? FindAzureDevOpsClient(string assertion)
    {
        var hash = Hash(assertion);
        lock (_gate)
        {
            return FindLocked(_clients.Where(c => c.Client.Protocol == VstsOAuthProtocol.AzureDevOpsOAuth).ToList(), hash, c => c.SecretHash)?.Client;
        }
    }

    /// <summary>Redeems an authorization code for <paramref name="client"/>: once, unexpired, same redirect URI.</summary>
    internal OAuthOutcome RedeemCode(EmulatedOAuthClient client, string code, string redirectUri)
    {
        var now = Now;
        lock (_gate)
        {
            var found = FindLocked(_codes, Hash(code), c => c.Hash);
            if (found is null || !ReferenceEquals(found.Client.Client, client))
            {
                return OAuthOutcome.Failed(OAuthFailure.UnknownGrant);
            }

            if (found.Redeemed)
            {
                return OAuthOutcome.Failed(OAuthFailure.CodeRedeemed);
            }

            if (now >= found.ExpiresAt)
            {
                return OAuthOutcome.Failed(OAuthFailure.Expired);
            }

            if (!SameRedirect(client.RedirectUri, redirectUri))
            {
                return OAuthOutcome.Failed(OAuthFailure.RedirectMismatch);
            }

            found.Redeemed = true;
            return OAuthOutcome.Issued(IssueLocked(new Grant(found.Client, found.User, found.Scope), withRefreshToken: true));
        }
    }

    /// <summary>Redeems a refresh token for <paramref name="client"/>, rotating it: the redeemed one stops working.</summary>
    internal OAuthOutcome Refresh(EmulatedOAuthClient client, string refreshToken, string? redirectUri)
    {
        var now = Now;
        lock (_gate)
        {
            var found = FindLocked(_tokens, Hash(refreshToken), t => t.Hash);
            if (found is not { Kind: TokenKind.Refresh } || !ReferenceEquals(found.Grant.Client.Client, client))
            {
                return OAuthOutcome.Failed(OAuthFailure.UnknownGrant);
            }

            if (found.State != TokenState.Active)
            {
                return OAuthOutcome.Failed(found.State == TokenState.Rotated ? OAuthFailure.Rotated : OAuthFailure.Revoked);
            }

            if (now >= found.ExpiresAt)
            {
                return OAuthOutcome.Failed(OAuthFailure.Expired);
            }

            if (redirectUri is not null && !SameRedirect(client.RedirectUri, redirectUri))
            {
                return OAuthOutcome.Failed(OAuthFailure.RedirectMismatch);
            }

            found.State = TokenState.Rotated;
            return OAuthOutcome.Issued(IssueLocked(found.Grant, withRefreshToken: true));
        }
    }

    /// <summary>An app token (client credentials): no refresh token, acting as the app's service principal.</summary>
    internal EmulatedOAuthTokens IssueAppToken(EmulatedOAuthClient client, string scope)
    {
        var record = FindRegistered(client);
        lock (_gate)
        {
            return IssueLocked(new Grant(record, client.ServicePrincipal, scope), withRefreshToken: false);
        }
    }

    internal static string DefaultScope(VstsOAuthProtocol protocol) =>
        protocol == VstsOAuthProtocol.EntraId ? "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation" : "vso.work_write vso.hooks_write vso.graph";

    private EmulatedOAuthTokens IssueLocked(Grant grant, bool withRefreshToken)
    {
        var now = Now;
        var access = NewToken("emu-at-");
        var expiresAt = now + _options.OAuthAccessTokenLifetime;
        _tokens.Add(new TokenRecord(Hash(access), TokenKind.Access, grant) { ExpiresAt = expiresAt });
        string? refresh = null;
        if (withRefreshToken)
        {
            refresh = NewToken("emu-rt-");
            _tokens.Add(new TokenRecord(Hash(refresh), TokenKind.Refresh, grant) { ExpiresAt = now + _options.OAuthRefreshTokenLifetime });
        }

        return new EmulatedOAuthTokens(access, refresh, grant.Scope, now, expiresAt, grant.Client.Client.Protocol);
    }

    private bool Change(string token, Action<TokenRecord> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        lock (_gate)
        {
            if (FindLocked(_tokens, Hash(token), t => t.Hash) is not { } found)
            {
                return false;
            }

            change(found);
            return true;
        }
    }

    private ClientRecord FindRegistered(EmulatedOAuthClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            return _clients.Find(c => ReferenceEquals(c.Client, client))
                ?? throw new ArgumentException("The client was not registered with this emulator.", nameof(client));
        }
    }

    /// <summary>
    /// The entry whose hash equals <paramref name="hash"/>, comparing every entry in constant time and
    /// without stopping early, so neither a token nor where it is stored leaks through timing.
    /// </summary>
    private static T? FindLocked<T>(List<T> entries, byte[] hash, Func<T, byte[]> hashOf)
        where T : class
    {
        T? found = null;
        foreach (var entry in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hashOf(entry), hash))
            {
                found = entry;
            }
        }

        return found;
    }

    private static bool SameRedirect(string registered, string sent) =>
        Uri.TryCreate(sent, UriKind.Absolute, out var uri) && string.Equals(uri.AbsoluteUri, registered, StringComparison.Ordinal);

    private static string NewToken(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private enum TokenKind
    {
        Access,
        Refresh,
    }

    private enum TokenState
    {
        Active,
        Rotated,
        Revoked,
    }

    private sealed record ClientRecord(EmulatedOAuthClient Client, byte[] SecretHash);

    private sealed record Grant(ClientRecord Client, EmulatedUser? User, string Scope);

    private sealed class CodeRecord(byte[] hash, ClientRecord client, EmulatedUser user, string scope, DateTimeOffset expiresAt)
    {
        public byte[] Hash { get; } = hash;

        public ClientRecord Client { get; } = client;

        public EmulatedUser User { get; } = user;

        public string Scope { get; } = scope;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Redeemed { get; set; }
    }

    private sealed class TokenRecord(byte[] hash, TokenKind kind, Grant grant)
    {
        public byte[] Hash { get; } = hash;

        public TokenKind Kind { get; } = kind;

        public Grant Grant { get; } = grant;

        public DateTimeOffset ExpiresAt { get; set; }

        public TokenState State { get; set; }
    }
}

/// <summary>An OAuth app registered with a <see cref="VstsEmulator"/>. <see cref="ToString"/> never shows the secret.</summary>
public sealed class EmulatedOAuthClient
{
    internal EmulatedOAuthClient(string clientId, string clientSecret, VstsOAuthProtocol protocol, string redirectUri, EmulatedUser? servicePrincipal)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        Protocol = protocol;
        RedirectUri = redirectUri;
        ServicePrincipal = servicePrincipal;
    }

    /// <summary>The client (application) id, a GUID: <c>client_id</c> of Entra ID requests.</summary>
    public string ClientId { get; }

    /// <summary>The secret: <c>client_secret</c> for Entra ID, <c>client_assertion</c> for Azure DevOps OAuth.</summary>
    public string ClientSecret { get; }

    /// <summary>Which token endpoint the app uses.</summary>
    public VstsOAuthProtocol Protocol { get; }

    /// <summary>The callback URL registered with the app (absolute).</summary>
    public string RedirectUri { get; }

    /// <summary>The organization user the app's own (client credentials) tokens act as, if any.</summary>
    public EmulatedUser? ServicePrincipal { get; }

    /// <summary>Shows the id and protocol, never the secret.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"EmulatedOAuthClient {{ ClientId = {ClientId}, Protocol = {Protocol}, RedirectUri = {RedirectUri} }}";
}

/// <summary>Tokens the emulator issued. <see cref="ToString"/> never shows a token.</summary>
public sealed class EmulatedOAuthTokens
{
    internal EmulatedOAuthTokens(string accessToken, string? refreshToken, string scope, DateTimeOffset issuedAt, DateTimeOffset expiresAt, VstsOAuthProtocol protocol)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        Scope = scope;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        Protocol = protocol;
    }

    /// <summary>The bearer access token.</summary>
    public string AccessToken { get; }

    /// <summary>The refresh token; <see langword="null"/> for app (client credentials) tokens.</summary>
    public string? RefreshToken { get; }

    /// <summary>The scopes granted, space-separated.</summary>
    public string Scope { get; }

    /// <summary>When the tokens were issued, on the emulator's clock.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the access token expires, on the emulator's clock.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Which protocol redeems the refresh token.</summary>
    public VstsOAuthProtocol Protocol { get; }

    /// <summary>The tokens as the SDK's token store keeps them, to seed an <see cref="ITokenStore"/>.</summary>
    /// <returns>The token set (version 0).</returns>
    public VstsTokenSet ToTokenSet() => new()
    {
        AccessToken = AccessToken,
        RefreshToken = RefreshToken,
        ExpiresAt = ExpiresAt,
        IssuedAt = IssuedAt,
        Protocol = Protocol,
    };

    /// <summary>Shows the expiry and protocol, never a token.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"EmulatedOAuthTokens {{ AccessToken = ***, RefreshToken = {(RefreshToken is null ? "(none)" : "***")}, ExpiresAt = {ExpiresAt:O}, Protocol = {Protocol} }}";
}
