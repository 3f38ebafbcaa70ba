using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Auth;

/// <summary>An OAuth identity credential: the tokens stay in the host's <see cref="ITokenStore"/>.</summary>
public sealed class OAuthIdentityCredential : VstsCredential
{
    internal OAuthIdentityCredential(string identityId, VstsOAuthProtocol protocol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityId);
        if (!Enum.IsDefined(protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown OAuth protocol.");
        }

        IdentityId = identityId;
        Protocol = protocol;
    }

    /// <summary>The identity id the token store knows (not a secret).</summary>
    public string IdentityId { get; }

    /// <summary>How the refresh token is redeemed.</summary>
    public VstsOAuthProtocol Protocol { get; }

    /// <summary>Shows the identity id and protocol, never a token.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"OAuthIdentity({IdentityId}, {Protocol})";
}
