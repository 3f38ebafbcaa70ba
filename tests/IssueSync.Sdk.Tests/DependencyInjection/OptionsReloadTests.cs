using System.Net;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Auth;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Issues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.DependencyInjection;

/// <summary>
/// Each component reads its own options type through <see cref="IOptionsMonitor{TOptions}"/>, produced
/// from the one section a host binds: a reload of the bound configuration reaches the next delivery,
/// call or request of every component, and options set in code reach every component too.
/// </summary>
public class OptionsReloadTests
{
    private const string Section = "IssueSync:Vsts";

    [Fact]
    public async Task A_reloaded_webhook_body_limit_answers_the_next_delivery_413()
    {
        var configuration = new ReloadableConfiguration((Section + ":Webhook:MaxBodyBytes", "4096"));
        using var services = new ServiceCollection()
            .AddVstsIssueSync(configuration.Root)
            .AddIntegrationStore(_ => new InMemoryIntegrationStore())
            .AddGroupStore(_ => new InMemoryGroupStore())
            .Services.BuildServiceProvider();
        var handler = services.GetRequiredService<IInboundSyncHandler>();
        var body = new VstsWebhookRequest(Encoding.UTF8.GetBytes("{\"note\":\"" + new string('x', 2000) + "\"}"));

        // Under the limit: read, and refused as no webhook at all.
        Assert.Equal(400, (await handler.HandleAsync(body)).StatusCode);

        configuration.Set(Section + ":Webhook:MaxBodyBytes", "1024");

        var result = await handler.HandleAsync(body);
        Assert.Equal(413, result.StatusCode);
        Assert.Equal(VstsWebhookOutcome.PayloadTooLarge, result.Outcome);
    }

    [Fact]
    public async Task A_reloaded_comment_mode_reaches_the_next_outbound_comment()
    {
        var configuration = new ReloadableConfiguration((Section + ":Outbound:CommentMode", "CommentsApi"));
        using var harness = new IssueTestHarness(AllOn(), configuration: configuration.Root);
        var issue = new LinkedWorkItem("42", ProjectId);
        var comment = new HostComment("Fixed in 1.2.3");
        const string CommentsUrl = Org + ProjectId + "/_apis/wit/workItems/42/comments?format=html";
        harness.Client.ExpectJson(HttpMethod.Post, CommentsUrl, $$"""{"workItemId":42,"id":7,"version":1,"text":"x","url":"{{CommentsUrl}}"}""");
        harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 12));

        await harness.Integration.AddCommentAsync(issue, comment);
        configuration.Set(Section + ":Outbound:CommentMode", "HistoryField");
        var result = await harness.Integration.AddCommentAsync(issue, comment);

        Assert.Equal([$"POST {CommentsUrl}", $"PATCH {ItemUrl}"], Sent(harness));
        Assert.Contains("/fields/System.History", harness.Client.Requests[1].BodyText, StringComparison.Ordinal);
        Assert.Equal(12, result.Revision);
        harness.Client.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_reloaded_conflict_retry_count_reaches_the_next_outbound_write()
    {
        var configuration = new ReloadableConfiguration((Section + ":Outbound:MaxConflictRetries", "0"));
        var projects = new FakeExternalProjectStore();
        projects.Mappings[ProjectId] = new VstsProjectStatusMapping(ProjectId, "Resolved", "Active");
        using var harness = new IssueTestHarness(AllOn(), projectStore: projects, configuration: configuration.Root);
        harness.Client.Mock.When(HttpMethod.Get, ReadUrl).Respond("application/json", Item(rev: 10));
        harness.Client.Mock.When(HttpMethod.Get, BugStatesUrl).Respond("application/json", BugStatesJson);
        var writes = harness.Client.Mock.When(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed, "application/json",
            """{"message":"The update failed: the work item was changed since revision read.","typeKey":"VssServiceException","errorCode":0}""");
        var issue = new LinkedWorkItem("42", ProjectId);

        await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.SyncStatusOutboundAsync(issue, isResolved: true));
        Assert.Equal(1, harness.Client.Mock.GetMatchCount(writes));

        configuration.Set(Section + ":Outbound:MaxConflictRetries", "2");
        await Assert.ThrowsAsync<IssueIntegrationException>(() => harness.Integration.SyncStatusOutboundAsync(issue, isResolved: true));

        // The first sync wrote once; the second once plus two retries.
        Assert.Equal(4, harness.Client.Mock.GetMatchCount(writes));
    }

    [Fact]
    public async Task A_reloaded_retry_count_reaches_the_next_request()
    {
        var configuration = new ReloadableConfiguration((Section + ":Resilience:MaxRetries", "2"));
        using var harness = new ClientTestHarness(configuration: configuration.Root);
        var project = harness.Mock.When(HttpMethod.Get, ClientTestHarness.OrganizationUrl + "_apis/projects/p").Respond(HttpStatusCode.ServiceUnavailable);

        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("p"));
        Assert.Equal(3, harness.Mock.GetMatchCount(project));

        configuration.Set(Section + ":Resilience:MaxRetries", "0");
        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("p"));
        Assert.Equal(4, harness.Mock.GetMatchCount(project));

        configuration.Set(Section + ":Resilience:MaxRetries", "4");
        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("p"));
        Assert.Equal(9, harness.Mock.GetMatchCount(project));
        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task A_reloaded_attempt_timeout_reaches_the_next_request()
    {
        var configuration = new ReloadableConfiguration((Section + ":Resilience:MaxRetries", "0"));
        using var harness = new ClientTestHarness(configuration: configuration.Root);
        const string Url = ClientTestHarness.OrganizationUrl + "_apis/projects/p";
        harness.Mock.When(HttpMethod.Get, ClientTestHarness.OrganizationUrl + "_apis/projects/q").Respond("application/json", """{"id":"2","name":"q"}""");
        // A first request under the default 30-second attempt timeout.
        await harness.Client.Projects.GetAsync("q");
        Assert.Contains(TimeSpan.FromSeconds(30), harness.Time.TimersCreated);
        harness.ExpectNoAnswer(HttpMethod.Get, Url);

        configuration.Set(Section + ":Resilience:AttemptTimeout", "00:00:07");
        var call = harness.Client.Projects.GetAsync("p");
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        harness.Time.Advance(TimeSpan.FromSeconds(7));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), harness.Time.TimersCreated[^1]);
    }

    [Fact]
    public async Task A_reloaded_application_name_reaches_the_next_request_of_an_existing_client()
    {
        var configuration = new ReloadableConfiguration((Section + ":ApplicationName", "Fabrikam.Tracker"));
        using var harness = new ClientTestHarness(configuration: configuration.Root);
        harness.Mock.When(HttpMethod.Get, ClientTestHarness.OrganizationUrl + "_apis/projects/p").Respond("application/json", """{"id":"1","name":"p"}""");

        await harness.Client.Projects.GetAsync("p");
        configuration.Set(Section + ":ApplicationName", "Contoso.Desk");
        await harness.Client.Projects.GetAsync("p");

        Assert.StartsWith("Fabrikam.Tracker IssueSync.Sdk/", harness.Requests[0].Header("User-Agent"), StringComparison.Ordinal);
        Assert.StartsWith("Contoso.Desk IssueSync.Sdk/", harness.Requests[1].Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_uri_added_by_a_reload_reaches_the_next_Azure_DevOps_OAuth_refresh()
    {
        var configuration = new ReloadableConfiguration(
            (Section + ":OAuth:ClientId", AuthTestKit.ClientId),
            (Section + ":OAuth:ClientSecret", AuthTestKit.ClientSecret));
        using var kit = new AuthTestKit(
            _ => VstsCredential.OAuthIdentity(AuthTestKit.IdentityId, VstsOAuthProtocol.AzureDevOpsOAuth),
            withOAuthSettings: false,
            configuration: configuration.Root);
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var token = kit.Mock.When(HttpMethod.Post, AuthTestKit.AzureDevOpsEndpoint)
            .WithFormData("redirect_uri", AuthTestKit.RedirectUri)
            .Respond("application/json", """{"access_token":"access-NEW","expires_in":3600,"refresh_token":"refresh-NEW"}""");
        kit.WhenApi("access-NEW");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => kit.SendAsync());
        Assert.Contains(Section + ":OAuth:RedirectUri", ex.Message, StringComparison.Ordinal);

        configuration.Set(Section + ":OAuth:RedirectUri", AuthTestKit.RedirectUri);

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());
        Assert.Equal(1, kit.Mock.GetMatchCount(token));
        Assert.Equal("refresh-NEW", kit.Store.Stored!.RefreshToken);
    }

    [Fact]
    public void A_reload_reaches_every_components_options()
    {
        var configuration = new ReloadableConfiguration();
        using var services = new ServiceCollection().AddVstsIssueSync(configuration.Root).Services.BuildServiceProvider();
        var monitors = Monitors(services);
        var before = monitors.Current();

        configuration.Set(
            (Section + ":OrganizationUrl", "https://dev.azure.com/contoso/"),
            (Section + ":PersonalAccessToken", "pat-after-reload"),
            (Section + ":ApplicationName", "Contoso.Desk"),
            (Section + ":TokenRefreshSkew", "00:02:00"),
            (Section + ":DoneStateCategories:0", "Removed"),
            (Section + ":OAuth:TenantId", "contoso-tenant"),
            (Section + ":Resilience:MaxRetries", "7"),
            (Section + ":Outbound:MaxConflictRetries", "9"),
            (Section + ":Webhook:MaxBodyBytes", "2048"),
            (Section + ":Webhook:SecretHeaderName", "X-Hook-Secret"));
        var after = monitors.Current();

        Assert.Equal(("Contoso.Desk", "https://dev.azure.com/contoso/", "pat-after-reload", TimeSpan.FromMinutes(2)),
            (after.Client.ApplicationName, after.Auth.OrganizationUrl, after.Auth.PersonalAccessToken, after.Auth.TokenRefreshSkew));
        Assert.Equal(["Removed"], after.Rules.DoneStateCategories!);
        Assert.Equal("contoso-tenant", after.OAuth.TenantId);
        Assert.Equal(7, after.Resilience.MaxRetries);
        Assert.Equal(9, after.Outbound.MaxConflictRetries);
        Assert.Equal(2048, after.Webhook.MaxBodyBytes);
        Assert.Equal("X-Hook-Secret", after.Subscriptions.SecretHeaderName);
        // Before the reload: the defaults.
        Assert.Equal((null, 4, 3, "Shared-Secret"), (before.Client.ApplicationName, before.Resilience.MaxRetries, before.Outbound.MaxConflictRetries, before.Subscriptions.SecretHeaderName));
    }

    [Fact]
    public void Options_set_in_code_reach_every_components_options()
    {
        using var services = new ServiceCollection().AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = "https://dev.azure.com/fabrikam/";
            o.PersonalAccessToken = "pat";
            o.ApplicationName = "Fabrikam.Tracker";
            o.TokenRefreshSkew = TimeSpan.FromMinutes(1);
            o.DoneStateCategories = ["Completed"];
            o.OAuth.RedirectUri = "https://host.example/callback";
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(12);
            o.Outbound.CommentMode = OutboundCommentMode.HistoryField;
            o.Webhook.MaxBodyBytes = 4096;
            o.Webhook.SecretHeaderName = "X-Secret";
        }).Services.BuildServiceProvider();

        var options = Monitors(services).Current();

        Assert.Equal(("Fabrikam.Tracker", "https://dev.azure.com/fabrikam/", "pat", TimeSpan.FromMinutes(1)),
            (options.Client.ApplicationName, options.Auth.OrganizationUrl, options.Auth.PersonalAccessToken, options.Auth.TokenRefreshSkew));
        Assert.Equal(["Completed"], options.Rules.DoneStateCategories!);
        Assert.Equal("https://host.example/callback", options.OAuth.RedirectUri);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Resilience.AttemptTimeout);
        Assert.Equal(OutboundCommentMode.HistoryField, options.Outbound.CommentMode);
        Assert.Equal(4096, options.Webhook.MaxBodyBytes);
        Assert.Equal("X-Secret", options.Subscriptions.SecretHeaderName);
    }

    [Fact]
    public void An_invalid_value_fails_on_the_components_options_naming_the_key()
    {
        using var services = new ServiceCollection().AddVstsIssueSync(o => o.Resilience.MaxRetries = 11).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<VstsResilienceOptions>>().CurrentValue);

        Assert.StartsWith(Section + ":Resilience:MaxRetries", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    private static ComponentMonitors Monitors(IServiceProvider services) => new(
        services.GetRequiredService<IOptionsMonitor<VstsClientOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsAuthOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsOAuthOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsResilienceOptions>>(),
        services.GetRequiredService<IOptionsMonitor<SyncRuleOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsOutboundSyncOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsWebhookOptions>>(),
        services.GetRequiredService<IOptionsMonitor<VstsSubscriptionOptions>>());

    private sealed record ComponentMonitors(
        IOptionsMonitor<VstsClientOptions> Client,
        IOptionsMonitor<VstsAuthOptions> Auth,
        IOptionsMonitor<VstsOAuthOptions> OAuth,
        IOptionsMonitor<VstsResilienceOptions> Resilience,
        IOptionsMonitor<SyncRuleOptions> Rules,
        IOptionsMonitor<VstsOutboundSyncOptions> Outbound,
        IOptionsMonitor<VstsWebhookOptions> Webhook,
        IOptionsMonitor<VstsSubscriptionOptions> Subscriptions)
    {
        public ComponentOptions Current() => new(
            Client.CurrentValue, Auth.CurrentValue, OAuth.CurrentValue, Resilience.CurrentValue,
            Rules.CurrentValue, Outbound.CurrentValue, Webhook.CurrentValue, Subscriptions.CurrentValue);
    }

    private sealed record ComponentOptions(
        VstsClientOptions Client,
        VstsAuthOptions Auth,
        VstsOAuthOptions OAuth,
        VstsResilienceOptions Resilience,
        SyncRuleOptions Rules,
        VstsOutboundSyncOptions Outbound,
        VstsWebhookOptions Webhook,
        VstsSubscriptionOptions Subscriptions);

    /// <summary>A configuration root over one in-memory provider, changed and reloaded as a host's file would be.</summary>
    private sealed class ReloadableConfiguration
    {
        private readonly MemoryConfigurationProvider _provider;

        public ReloadableConfiguration(params (string Key, string Value)[] initial)
        {
            Root = new ConfigurationBuilder()
                .AddInMemoryCollection(initial.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
                .Build();
            _provider = Root.Providers.OfType<MemoryConfigurationProvider>().Single();
        }

        public IConfigurationRoot Root { get; }

        /// <summary>Changes the values, then reloads: what a host's file watcher does.</summary>
        public void Set(params (string Key, string Value)[] settings)
        {
            foreach (var (key, value) in settings)
            {
                _provider.Set(key, value);
            }

            Root.Reload();
        }

        public void Set(string key, string value) => Set((key, value));
    }
}
