using Azure.Core;
using IssueSync.Sdk.Auth;

namespace IssueSync.Sdk.Tests.Auth;

public class AppIdentityCredentialTests
{
    private const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.app-identity-secret";

    [Fact]
    public void ToString_shows_the_token_source_type_and_never_a_token()
    {
        var credential = VstsCredential.AppIdentity(new FakeTokenCredential());

        var text = credential.ToString();

        Assert.Equal("AppIdentity(FakeTokenCredential)", text);
        SecretAssert.DoesNotLeak(text, AccessToken);
    }

    [Fact]
    public async Task The_wrapped_token_source_is_exposed_for_the_handlers()
    {
        var source = new FakeTokenCredential();

        var credential = VstsCredential.AppIdentity(source);
        var token = await credential.Credential.GetTokenAsync(new TokenRequestContext([AppIdentityCredential.AzureDevOpsScope]), CancellationToken.None);

        Assert.Same(source, credential.Credential);
        Assert.Equal(AccessToken, token.Token);
    }

    [Fact]
    public void The_scope_is_the_azure_devops_resource()
    {
        Assert.Equal("499b84ac-1321-427f-aa17-267ca6975798/.default", AppIdentityCredential.AzureDevOpsScope);
    }

    [Fact]
    public void A_null_token_source_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => VstsCredential.AppIdentity(null!));
    }

    /// <summary>A token source whose own ToString would leak, to prove the credential never calls it.</summary>
    private sealed class FakeTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(AccessToken, new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));

        public override string ToString() => AccessToken;
    }
}
