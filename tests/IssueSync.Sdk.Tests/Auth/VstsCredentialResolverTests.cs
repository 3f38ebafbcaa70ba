using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Issues;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Auth;

public sealed class VstsCredentialResolverTests
{
    private static readonly VstsInstallation Installation = IssueTestHarness.NewInstallation();

    [Fact]
    public async Task Installation_without_a_reference_uses_the_configured_pat()
    {
        using var provider = Build(o => Pat(o, "the-pat"));

        var credential = await provider.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation);

        var pat = Assert.IsType<PersonalAccessTokenCredential>(credential);
        Assert.Equal(VstsCredential.PersonalAccessToken("the-pat").ToString(), pat.ToString());
    }

    [Theory]
    [InlineData(VstsOAuthProtocol.EntraId)]
    [InlineData(VstsOAuthProtocol.AzureDevOpsOAuth)]
    public async Task Installation_with_a_reference_is_an_oauth_identity_with_the_protocol_of_its_stored_tokens(VstsOAuthProtocol protocol)
    {
        var store = new FakeTokenStore(new ConcurrentQueue<string>());
        store.Put(new VstsTokenSet { AccessToken = "a", RefreshToken = "r", ExpiresAt = DateTimeOffset.UnixEpoch, Protocol = protocol });
        using var provider = Build(o => Pat(o, "unused"), b => b.AddTokenStore(_ => store));

        var credential = await provider.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation with { CredentialReference = "identity-7" });

        var oauth = Assert.IsType<OAuthIdentityCredential>(credential);
        Assert.Equal("identity-7", oauth.IdentityId);
        Assert.Equal(protocol, oauth.Protocol);
    }

    [Fact]
    public async Task Missing_credential_says_what_to_configure_and_shows_no_secret()
    {
        using var none = Build(_ => { });
        using var noStore = Build(o => Pat(o, "secret-pat"));
        var emptyStore = new FakeTokenStore(new ConcurrentQueue<string>());
        using var noTokens = Build(_ => { }, b => b.AddTokenStore(_ => emptyStore));

        var a = await Assert.ThrowsAsync<InvalidOperationException>(() => none.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation).AsTask());
        var b = await Assert.ThrowsAsync<InvalidOperationException>(() => noStore.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation with { CredentialReference = "id" }).AsTask());
        var c = await Assert.ThrowsAsync<InvalidOperationException>(() => noTokens.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation with { CredentialReference = "id" }).AsTask());

        Assert.Contains("IssueSync:Vsts:PersonalAccessToken", a.Message);
        Assert.Contains("ITokenStore", b.Message);
        Assert.DoesNotContain("secret-pat", b.Message);
        Assert.Contains("authorized again", c.Message);
    }

    [Fact]
    public async Task Host_resolver_replaces_the_default_and_the_integration_factory_uses_it()
    {
        var resolver = new RecordingResolver();
        using var provider = Build(o => Pat(o, "unused"), b => b.UseCredentialResolver(_ => resolver));

        var integration = await provider.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(Installation);

        Assert.Same(resolver, provider.GetRequiredService<IVstsCredentialResolver>());
        Assert.Equal([Installation.IntegrationId], resolver.Seen);
        Assert.Equal(new Uri(Installation.OrganizationUrl + "_workitems/edit/3"), integration.GetIssueUrl("3"));
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam")]
    [InlineData("https://DEV.azure.com/fabrikam/")]
    public async Task Pat_is_used_for_the_configured_organization_in_any_spelling(string configuredUrl)
    {
        using var provider = Build(o => (o.OrganizationUrl, o.PersonalAccessToken) = (configuredUrl, "pat"));

        Assert.IsType<PersonalAccessTokenCredential>(await provider.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation));
    }

    [Fact]
    public async Task Pat_of_another_organization_is_never_used()
    {
        using var provider = Build(o => (o.OrganizationUrl, o.PersonalAccessToken) = ("https://dev.azure.com/contoso/", "contoso-pat"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<IVstsCredentialResolver>().ResolveAsync(Installation).AsTask());

        Assert.Contains("belongs to IssueSync:Vsts:OrganizationUrl https://dev.azure.com/contoso/", ex.Message);
        Assert.DoesNotContain("contoso-pat", ex.Message);
    }

    private static void Pat(VstsIssueSyncOptions options, string pat) =>
        (options.OrganizationUrl, options.PersonalAccessToken) = (IssueTestHarness.Org, pat);

    private static ServiceProvider Build(Action<VstsIssueSyncOptions> configure, Action<IVstsIssueSyncBuilder>? plug = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(configure);
        plug?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingResolver : IVstsCredentialResolver
    {
        public List<string> Seen { get; } = [];

        public ValueTask<VstsCredential> ResolveAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
        {
            Seen.Add(installation.IntegrationId);
            return ValueTask.FromResult<VstsCredential>(VstsCredential.PersonalAccessToken("host-pat"));
        }
    }
}
