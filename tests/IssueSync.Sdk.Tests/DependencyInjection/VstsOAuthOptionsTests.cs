using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Tests.DependencyInjection;

public class VstsOAuthOptionsTests
{
    private const string Secret = "super-SECRET-value";

    [Fact]
    public async Task OAuth_client_settings_without_a_token_store_fail_at_start_saying_so()
    {
        using var host = BuildHost(withTokenStore: false, "IssueSync:Vsts:OAuth:ClientId=app", $"IssueSync:Vsts:OAuth:ClientSecret={Secret}");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ITokenStore", exception.Message, StringComparison.Ordinal);
        Assert.Contains("IssueSync:Vsts:OAuth:ClientId", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth_client_settings_with_a_token_store_start()
    {
        using var host = BuildHost(withTokenStore: true, "IssueSync:Vsts:OAuth:ClientId=app", $"IssueSync:Vsts:OAuth:ClientSecret={Secret}");

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Settings_that_can_only_refresh_Azure_DevOps_OAuth_fail_at_start_without_a_redirect_uri()
    {
        // No ClientId: only Azure DevOps OAuth identities can be refreshed, and each refresh sends the redirect URI.
        using var host = BuildHost(withTokenStore: true, $"IssueSync:Vsts:OAuth:ClientSecret={Secret}");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(exception.Failures);
        Assert.StartsWith("IssueSync:Vsts:OAuth:RedirectUri", failure, StringComparison.Ordinal);
        Assert.Contains("IssueSync:Vsts:OAuth:ClientId", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_DevOps_OAuth_settings_with_a_redirect_uri_start()
    {
        using var host = BuildHost(
            withTokenStore: true,
            $"IssueSync:Vsts:OAuth:ClientSecret={Secret}",
            "IssueSync:Vsts:OAuth:RedirectUri=https://host.example/extensions/vsts/setup/");

        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("IssueSync:Vsts:OAuth:ClientId=app", "IssueSync:Vsts:OAuth:ClientSecret")]
    [InlineData("IssueSync:Vsts:OAuth:EntraTokenEndpoint=http://login.example/token", "IssueSync:Vsts:OAuth:EntraTokenEndpoint")]
    [InlineData("IssueSync:Vsts:OAuth:AzureDevOpsTokenEndpoint=not a url", "IssueSync:Vsts:OAuth:AzureDevOpsTokenEndpoint")]
    [InlineData("IssueSync:Vsts:OAuth:RedirectUri=relative/path", "IssueSync:Vsts:OAuth:RedirectUri")]
    [InlineData("IssueSync:Vsts:OAuth:TenantId= ", "IssueSync:Vsts:OAuth:TenantId")]
    [InlineData("IssueSync:Vsts:TokenRefreshSkew=-00:01:00", "IssueSync:Vsts:TokenRefreshSkew")]
    public async Task Invalid_OAuth_settings_fail_naming_the_key(string setting, string expectedKey)
    {
        using var host = BuildHost(withTokenStore: true, setting);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedKey, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_the_client_secret()
    {
        var options = new VstsOAuthOptions { ClientId = "app", ClientSecret = Secret };

        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_the_organizations_tenant_and_a_five_minute_skew()
    {
        var options = new VstsIssueSyncOptions();

        Assert.Equal("organizations", options.OAuth.TenantId);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TokenRefreshSkew);
    }

    private static IHost BuildHost(bool withTokenStore, params string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s[..s.IndexOf('=')], (string?)s[(s.IndexOf('=') + 1)..])));
        var sdk = builder.Services.AddVstsIssueSync(builder.Configuration);
        if (withTokenStore)
        {
            sdk.AddTokenStore(_ => new NullTokenStore());
        }

        return builder.Build();
    }

    private sealed class NullTokenStore : ITokenStore
    {
        public Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default) => Task.FromResult<VstsTokenSet?>(null);

        public Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
