using System.Net;
using System.Text;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Resilience;

/// <summary>
/// The retry matrix (idempotency x answer), Retry-After waits on the fake clock, timeouts, and
/// where the retry sits in the handler chain. Every wait runs on <see cref="TestClock"/>.
/// </summary>
public class VstsRetryPolicyTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string ItemUrl = Org + "_apis/wit/workitems/7";
    private const string CreateUrl = Org + "Fabrikam/_apis/wit/workitems/$Bug";

    private static WorkItemPatch CreatePatch => WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" });

    private static WorkItemPatch GuardedPatch => WorkItemPatch.CreateBuilder().TestRevision(3).ReplaceField("System.Title", "New title").Build();

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, VstsErrorKind.Server)]
    [InlineData(HttpStatusCode.ServiceUnavailable, VstsErrorKind.Unavailable)] // without Retry-After
    public async Task Create_on_a_server_error_without_retry_after_is_not_retried(HttpStatusCode status, VstsErrorKind kind)
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Respond(status);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.Equal(kind, ex.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Create_on_503_with_retry_after_is_retried()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Respond(_ => WithRetryAfter(HttpStatusCode.ServiceUnavailable, "1"));
        harness.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItem(7));

        var item = await harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch);

        Assert.Equal(7, item.Id);
        Assert.Equal(2, harness.Requests.Count);
        // The same body bytes went out twice.
        Assert.Equal(harness.Requests[0].Body, harness.Requests[1].Body);
    }

    [Fact]
    public async Task Create_on_429_is_retried()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Respond((HttpStatusCode)429);
        harness.ExpectJson(HttpMethod.Post, CreateUrl, VstsFixtures.WorkItem(7));

        await harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch);

        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Unguarded_update_on_502_is_not_retried()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadGateway);
        var patch = WorkItemPatch.CreateBuilder().ReplaceField("System.Title", "x").Build();

        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, patch));

        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Guarded_update_on_502_is_retried()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadGateway);
        harness.ExpectJson(HttpMethod.Patch, ItemUrl, VstsFixtures.WorkItem(7, rev: 4, title: "New title"));

        var item = await harness.Client.WorkItems.UpdateAsync(7, GuardedPatch);

        Assert.Equal(4, item.Revision);
        Assert.Equal(2, harness.Requests.Count);
        Assert.Equal(ClientTestHarness.BasicAuthorization(), harness.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task Get_on_503_is_retried_up_to_the_bound_then_unavailable()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetries = 2);
        for (var i = 0; i < 3; i++)
        {
            harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.ServiceUnavailable);
        }

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.GetAsync(7));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.Equal(3, harness.Requests.Count);
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData((HttpStatusCode)429)]
    public async Task Get_is_retried_on_every_transient_answer(HttpStatusCode status)
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(status);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        await harness.Client.WorkItems.GetAsync(7);

        Assert.Equal(2, harness.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    public async Task Get_is_not_retried_on_a_definite_answer(HttpStatusCode status)
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(status);

        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.GetAsync(7));

        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Retry_after_seconds_waits_exactly_that_long_on_the_clock()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, "2"));
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(2));

        harness.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Single(harness.Requests);
        Assert.False(call.IsCompleted);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var item = await call;

        Assert.Equal(7, item.Id);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_waits_until_that_time()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        var at = harness.Time.GetUtcNow().AddSeconds(5);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, at.ToString("R")));
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Single(harness.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_waits_only_the_cap()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(5));
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, "3600"));
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await call;

        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public void Backoff_without_retry_after_is_jittered_exponential_and_capped()
    {
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60);
        });
        var policy = harness.Services.GetRequiredService<IssueSync.Sdk.Resilience.VstsRetryPolicy>();

        for (var i = 0; i < 50; i++)
        {
            var first = policy.DelayFor(1, response: null);
            var third = policy.DelayFor(3, response: null);
            Assert.InRange(first, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
            Assert.InRange(third, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
            Assert.InRange(policy.DelayFor(30, response: null), TimeSpan.Zero, TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_then_surfaces_as_timeout()
    {
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(60);
        });
        harness.ExpectNoAnswer(HttpMethod.Get, ItemUrl);
        harness.ExpectNoAnswer(HttpMethod.Get, ItemUrl);

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10), count: 2);
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Equal(
            "Azure DevOps did not answer WorkItems.Get within 20 s (2 attempts). Each attempt may take IssueSync:Vsts:Resilience:AttemptTimeout (10 s) "
            + "and the whole request IssueSync:Vsts:Resilience:OverallTimeout (60 s); raise them for a slow organization or network.",
            ex.Message);
        Assert.Equal("WorkItems.Get", ex.Operation);
        Assert.Null(ex.StatusCode);
        Assert.DoesNotContain("Polly", ex.InnerException?.GetType().FullName ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_list_that_never_answers_says_how_long_over_how_many_attempts_and_which_settings_bound_it()
    {
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.MaxRetries = 2;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(90);
        });
        const string listUrl = Org + "_apis/projects?stateFilter=wellFormed";
        for (var i = 0; i < 3; i++)
        {
            harness.ExpectNoAnswer(HttpMethod.Get, listUrl);
        }

        var call = harness.Client.Projects.ListAsync().ToListAsync().AsTask();
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++)
        {
            // The attempt's token source is re-armed or made anew (after it fired) for each attempt.
            var sent = i + 1;
            Assert.True(SpinWait.SpinUntil(() => harness.Requests.Count >= sent, TimeSpan.FromSeconds(10)), "the attempt was not sent");

            harness.Time.Advance(TimeSpan.FromSeconds(30));
        }

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Equal(
            $"Azure DevOps did not answer Projects.List within 90 s (3 attempts). Each attempt may take {VstsIssueSyncOptions.SectionName}:Resilience:AttemptTimeout (30 s) "
            + $"and the whole request {VstsIssueSyncOptions.SectionName}:Resilience:OverallTimeout (90 s); raise them for a slow organization or network.",
            ex.Message);
        Assert.Equal(3, harness.Requests.Count);
    }

    [Fact]
    public async Task Overall_timeout_ends_the_request_during_a_wait()
    {
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(20);
        });
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, "30"));

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Network_failure_on_a_create_is_not_retried_and_is_a_network_error()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException("Connection reset"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Guarded_update_whose_retry_answers_412_succeeds_when_the_item_holds_the_values()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException("Connection reset"));
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7, rev: 4, title: "New title"));

        var item = await harness.Client.WorkItems.UpdateAsync(7, GuardedPatch);

        Assert.Equal(4, item.Revision);
        Assert.Equal("New title", item.Title);
        Assert.Equal(3, harness.Requests.Count);
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Guarded_update_whose_retry_answers_412_is_a_conflict_when_someone_else_changed_the_item()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.BadGateway);
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7, rev: 4, title: "Their title"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch));

        Assert.Equal(VstsErrorKind.Conflict, ex.Kind);
        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.StatusCode);
        Assert.Equal(3, harness.Requests.Count);
    }

    [Fact]
    public async Task Guarded_update_answered_412_at_once_is_a_conflict_without_a_re_read()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch));

        Assert.Equal(VstsErrorKind.Conflict, ex.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Guarded_update_after_a_429_answered_412_is_a_conflict_without_a_re_read()
    {
        // A 429 means the first attempt was blocked, so it cannot have landed.
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond((HttpStatusCode)429);
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(HttpStatusCode.PreconditionFailed);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch));

        Assert.Equal(VstsErrorKind.Conflict, ex.Kind);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public void Retry_handler_sits_outside_the_authentication_handler()
    {
        using var harness = new ClientTestHarness();

        var chain = HandlerChain(harness.Services);

        var retry = chain.FindIndex(h => h is PolicyHttpMessageHandler);
        var auth = chain.FindIndex(h => h is VstsAuthenticationHandler);
        Assert.True(retry >= 0, "No policy handler in the chain.");
        Assert.True(retry < auth, $"The retry handler ({retry}) must be outside the authentication handler ({auth}).");
        // Pacing runs once per attempt too, between the two.
        var pacing = chain.FindIndex(h => h is IssueSync.Sdk.Resilience.VstsAttemptHandler);
        Assert.InRange(pacing, retry + 1, auth - 1);
    }

    [Fact]
    public void Registering_twice_adds_no_second_policy_handler()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { });
        services.AddVstsIssueSync(_ => { });
        using var provider = services.BuildServiceProvider();

        var chain = HandlerChain(provider);

        Assert.Single(chain, h => h is PolicyHttpMessageHandler);
        Assert.Single(chain, h => h is VstsAuthenticationHandler);
        Assert.Single(chain, h => h is IssueSync.Sdk.Resilience.VstsAttemptHandler);
    }

    [Fact]
    public async Task UseResilience_replaces_the_policy_and_places_the_replacement_outside_authentication()
    {
        var services = new ServiceCollection();
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.ServiceUnavailable);
        services.AddVstsIssueSync(_ => { })
            .UseResilience(b => b.AddHttpMessageHandler(() => new MarkerHandler()))
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var chain = HandlerChain(provider);

        Assert.DoesNotContain(chain, h => h is PolicyHttpMessageHandler);
        Assert.True(chain.FindIndex(h => h is MarkerHandler) < chain.FindIndex(h => h is VstsAuthenticationHandler));

        // Without the SDK's policy a failed read is not retried.
        var client = provider.GetRequiredService<IVstsClientFactory>()
            .CreateClient(new VstsConnection(new Uri(Org), VstsCredential.PersonalAccessToken("pat")));
        await Assert.ThrowsAsync<VstsApiException>(() => client.WorkItems.GetAsync(7));
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public void The_overall_timeout_replaces_the_http_client_timeout_until_the_policy_is_replaced()
    {
        var withPolicy = new ServiceCollection();
        withPolicy.AddVstsIssueSync(_ => { });
        using var providerWithPolicy = withPolicy.BuildServiceProvider();
        var replaced = new ServiceCollection();
        replaced.AddVstsIssueSync(_ => { }).UseResilience(b => b.AddHttpMessageHandler(() => new MarkerHandler()));
        using var providerReplaced = replaced.BuildServiceProvider();
        var hostTimeout = new ServiceCollection();
        hostTimeout.AddVstsIssueSync(_ => { }).UseResilience(b => b.ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(7)));
        using var providerHostTimeout = hostTimeout.BuildServiceProvider();

        TimeSpan TimeoutOf(IServiceProvider provider)
        {
            using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(VstsClientOptions.HttpClientName);
            return client.Timeout;
        }

        Assert.Equal(Timeout.InfiniteTimeSpan, TimeoutOf(providerWithPolicy));
        Assert.Equal(TimeSpan.FromSeconds(100), TimeoutOf(providerReplaced));
        Assert.Equal(TimeSpan.FromSeconds(7), TimeoutOf(providerHostTimeout));
    }

    [Theory]
    [InlineData("MaxRetries", "-1")]
    [InlineData("MaxRetries", "11")]
    [InlineData("BaseDelay", "-00:00:01")]
    [InlineData("MaxRetryAfter", "-00:00:01")]
    [InlineData("AttemptTimeout", "00:00:00")]
    [InlineData("OverallTimeout", "00:00:00")]
    public void Invalid_resilience_options_name_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["IssueSync:Vsts:Resilience:" + key] = value })
            .Build();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(configuration);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Contains("IssueSync:Vsts:Resilience:" + key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overall_timeout_shorter_than_the_attempt_timeout_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(10);
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Contains("IssueSync:Vsts:Resilience:OverallTimeout", ex.Message, StringComparison.Ordinal);
    }

    private static HttpResponseMessage WithRetryAfter(HttpStatusCode status, string retryAfter)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    /// <summary>The handlers of the SDK's named client, outermost first.</summary>
    private static List<HttpMessageHandler> HandlerChain(IServiceProvider services)
    {
        var chain = new List<HttpMessageHandler>();
        HttpMessageHandler? handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(VstsClientOptions.HttpClientName);
        while (handler is not null)
        {
            chain.Add(handler);
            handler = (handler as DelegatingHandler)?.InnerHandler;
        }

        return chain;
    }

    private sealed class MarkerHandler : DelegatingHandler;
}
