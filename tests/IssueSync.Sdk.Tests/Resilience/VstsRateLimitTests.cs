using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Resilience;

/// <summary>Pacing after a successful answer with <c>Retry-After</c>, and the rate-limit accessor.</summary>
public class VstsRateLimitTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string OtherOrg = "https://dev.azure.com/contoso/";

    [Fact]
    public async Task Retry_after_on_a_200_delays_the_next_request_to_that_organization()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/1")
            .Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(VstsFixtures.WorkItem(1), ("Retry-After", "3"))));
        harness.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/2", VstsFixtures.WorkItem(2));

        await harness.Client.WorkItems.GetAsync(1);
        var second = harness.Client.WorkItems.GetAsync(2);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3));

        harness.Time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Single(harness.Requests);
        Assert.False(second.IsCompleted);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Pacing_one_organization_leaves_another_alone()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/1")
            .Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(VstsFixtures.WorkItem(1), ("Retry-After", "30"))));
        harness.ExpectJson(HttpMethod.Get, OtherOrg + "_apis/wit/workitems/2", VstsFixtures.WorkItem(2));
        var other = harness.Services.GetRequiredService<IVstsClientFactory>()
            .CreateClient(new VstsConnection(new Uri(OtherOrg), VstsCredential.PersonalAccessToken("pat")));

        await harness.Client.WorkItems.GetAsync(1);
        var item = await other.WorkItems.GetAsync(2);

        Assert.Equal(2, item.Id);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Rate_limit_headers_are_exposed_per_organization()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/1")
            .Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(VstsFixtures.WorkItem(1), ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "12.5"))));
        var monitor = harness.Services.GetRequiredService<IVstsRateLimitMonitor>();
        Assert.Null(monitor.GetSnapshot(new Uri(Org)));

        await harness.Client.WorkItems.GetAsync(1);

        var snapshot = monitor.GetSnapshot(new Uri(Org));
        Assert.NotNull(snapshot);
        Assert.Equal(200, snapshot.Limit);
        Assert.Equal(12.5, snapshot.Remaining);
        Assert.Null(snapshot.PacedUntil);
        Assert.Equal(harness.Time.GetUtcNow(), snapshot.ObservedAt);
        Assert.Single(monitor.Snapshots);
    }

    [Fact]
    public async Task A_later_answer_without_limit_headers_keeps_the_last_known_values()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/1")
            .Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(VstsFixtures.WorkItem(1), ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "0"), ("Retry-After", "2"))));
        var monitor = harness.Services.GetRequiredService<IVstsRateLimitMonitor>();

        await harness.Client.WorkItems.GetAsync(1);

        var snapshot = monitor.GetSnapshot(new Uri(Org))!;
        Assert.Equal(0, snapshot.Remaining);
        Assert.Equal(harness.Time.GetUtcNow().AddSeconds(2), snapshot.PacedUntil);
    }
}
