using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;

namespace IssueSync.Sdk.Tests.Auth;

public class OAuthIdentityCredentialTests
{
    [Fact]
    public void ToString_shows_the_identity_and_protocol_only()
    {
        var credential = VstsCredential.OAuthIdentity("identity-12", VstsOAuthProtocol.AzureDevOpsOAuth);

        Assert.Equal("OAuthIdentity(identity-12, AzureDevOpsOAuth)", credential.ToString());
    }

    [Fact]
    public void The_credential_holds_no_token()
    {
        Assert.DoesNotContain(
            typeof(OAuthIdentityCredential).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
            property => property.Name.Contains("Token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Entra_id_is_the_default_protocol()
    {
        var credential = VstsCredential.OAuthIdentity("identity-12");

        Assert.Equal("identity-12", credential.IdentityId);
        Assert.Equal(VstsOAuthProtocol.EntraId, credential.Protocol);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_identity_is_rejected(string identityId)
    {
        Assert.Throws<ArgumentException>(() => VstsCredential.OAuthIdentity(identityId));
    }

    [Fact]
    public void A_null_identity_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => VstsCredential.OAuthIdentity(null!));
    }

    [Fact]
    public void An_undefined_protocol_is_rejected()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => VstsCredential.OAuthIdentity("identity-12", (VstsOAuthProtocol)42));

        Assert.Equal("protocol", exception.ParamName);
    }
}
