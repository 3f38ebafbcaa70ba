using IssueSync.Sdk.Auth;

namespace IssueSync.Sdk.Tests.Auth;

public class PersonalAccessTokenCredentialTests
{
    private const string Pat = "q4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6m7q8w9";

    [Fact]
    public void ToString_never_contains_the_token()
    {
        var credential = VstsCredential.PersonalAccessToken(Pat);

        Assert.Equal("PersonalAccessToken(***)", credential.ToString());
        SecretAssert.DoesNotLeak($"{credential}", Pat);
    }

    [Fact]
    public void The_token_is_kept_for_the_handlers_but_not_public()
    {
        var credential = VstsCredential.PersonalAccessToken(Pat);

        Assert.Equal(Pat, credential.Token);
        Assert.DoesNotContain(typeof(PersonalAccessTokenCredential).GetProperties(), property => property.PropertyType == typeof(string));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_token_is_rejected(string token)
    {
        Assert.Throws<ArgumentException>(() => VstsCredential.PersonalAccessToken(token));
    }

    [Fact]
    public void A_null_token_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => VstsCredential.PersonalAccessToken(null!));
    }
}
