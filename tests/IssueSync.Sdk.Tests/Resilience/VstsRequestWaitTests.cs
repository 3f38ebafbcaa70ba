using System.Net;
using System.Text;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.DependencyInjection;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Resilience;

/// <summary>
/// <see cref="VstsResilienceOptions.OnWait"/>: one notification before every wait (throttle, back-off,
/// pacing) and every <see cref="VstsResilienceOptions.NoAnswerNotice"/> while an attempt has no
/// answer, on the fake clock; a throwing callback never changes the request.
/// </summary>
public sealed class VstsRequestWaitTests : IDisposable
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string ListUrl = Org + "_apis/projects?stateFilter=wellFormed";
    private const string ListUrlWithoutQuery = Org + "_apis/projects";
    private const string ItemUrl = Org + "_apis/wit/workitems/7";

    private readonly List<VstsRequestWait> _waits = [];
    private readonly SemaphoreSlim _raised = new(0);

    [Fact]
    public async Task A_429_with_retry_after_12_raises_one_throttled_notification_of_12_s_then_the_request_succeeds()
    {
        using var harness = Harness(o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, ListUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, "12"));
        harness.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectsResponse);

        var call = harness.Client.Projects.ListAsync().ToListAsync().AsTask();
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(12));

        var wait = Assert.Single(Waits());
        Assert.Equal(VstsWaitReason.Throttled, wait.Reason);
        Assert.Equal(TimeSpan.FromSeconds(12), wait.Delay);
        Assert.Equal("Projects.List", wait.Operation);
        Assert.Equal(HttpMethod.Get, wait.Method);
        Assert.Equal(new Uri(ListUrlWithoutQuery), wait.RequestUri);
        Assert.Equal(1, wait.Attempt);
        Assert.Equal((HttpStatusCode)429, wait.StatusCode);
        Assert.Equal("throttled by Azure DevOps (429), waiting 12 s before retrying Projects.List", wait.ToString());
        Assert.Single(harness.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(12));
        var projects = await call;

        Assert.Single(projects);
        Assert.Equal(2, harness.Requests.Count);
        Assert.Single(Waits());
    }

    [Fact]
    public async Task A_503_without_retry_after_raises_a_retrying_notification_with_the_back_off_delay()
    {
        using var harness = Harness(o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(2);
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60);
        });
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.ServiceUnavailable);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.ServiceUnavailable);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        var first = await NextWaitAsync(harness, count: 1);
        Assert.Equal(VstsWaitReason.Retrying, first.Reason);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(1, first.Attempt);
        Assert.Equal("WorkItems.Get", first.Operation);
        // Equal jitter: between half the step and the step.
        Assert.InRange(first.Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        harness.Time.Advance(first.Delay);

        var second = await NextWaitAsync(harness, count: 2);
        Assert.Equal(VstsWaitReason.Retrying, second.Reason);
        Assert.Equal(2, second.Attempt);
        Assert.InRange(second.Delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        harness.Time.Advance(second.Delay);

        var item = await call;
        Assert.Equal(7, item.Id);
        Assert.Equal(3, harness.Requests.Count);
        Assert.Equal(2, Waits().Count);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_raises_no_answer_notices_every_10_s_and_none_after_the_answer()
    {
        using var harness = Harness();
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Expect(HttpMethod.Get, ListUrl).Respond(() => answer.Task);

        var call = harness.Client.Projects.ListAsync().ToListAsync().AsTask();
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(Waits());

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var first = Assert.Single(Waits());
        Assert.Equal(VstsWaitReason.NoAnswerYet, first.Reason);
        Assert.Equal(TimeSpan.FromSeconds(10), first.Delay);
        Assert.Equal(1, first.Attempt);
        Assert.Null(first.StatusCode);
        Assert.Equal(new Uri(ListUrlWithoutQuery), first.RequestUri);
        Assert.Equal("no answer yet from https://dev.azure.com/fabrikam/_apis/projects (Projects.List, 10 s)", first.ToString());

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], Waits().Select(w => w.Delay));

        answer.SetResult(ClientTestHarness.JsonResponse(VstsFixtures.ProjectsResponse));
        await call;
        harness.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(2, Waits().Count);
        Assert.All(Waits(), w => Assert.Equal(VstsWaitReason.NoAnswerYet, w.Reason));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // Timeout.InfiniteTimeSpan
    public async Task No_answer_notices_are_off_with_zero_or_infinite(int milliseconds)
    {
        using var harness = Harness(o =>
        {
            o.Resilience.NoAnswerNotice = TimeSpan.FromMilliseconds(milliseconds);
            o.Resilience.MaxRetries = 0;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(30);
        });
        harness.ExpectNoAnswer(HttpMethod.Get, ItemUrl);

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Empty(Waits());
        Assert.DoesNotContain(harness.Time.TimersCreated, due => due != TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_attempt_timeout_is_a_retrying_notification_without_status_after_the_no_answer_notices()
    {
        using var harness = Harness(o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(15);
            o.Resilience.OverallTimeout = TimeSpan.FromSeconds(60);
        });
        harness.ExpectNoAnswer(HttpMethod.Get, ItemUrl);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        // The notice timer is made right after the attempt's timeout.
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await call;

        Assert.Collection(
            Waits(),
            w => Assert.Equal((VstsWaitReason.NoAnswerYet, 1, (HttpStatusCode?)null), (w.Reason, w.Attempt, w.StatusCode)),
            w => Assert.Equal((VstsWaitReason.Retrying, 1, (HttpStatusCode?)null), (w.Reason, w.Attempt, w.StatusCode)));
    }

    [Fact]
    public async Task A_paced_organization_raises_a_paced_notification_before_the_next_request_waits()
    {
        using var harness = Harness(o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60));
        harness.Expect(HttpMethod.Get, ItemUrl)
            .Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(VstsFixtures.WorkItem(7), ("Retry-After", "3"))));
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        await harness.Client.WorkItems.GetAsync(7);
        Assert.Empty(Waits());
        var second = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3));

        var wait = Assert.Single(Waits());
        Assert.Equal(VstsWaitReason.Paced, wait.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), wait.Delay);
        Assert.Equal(1, wait.Attempt);
        Assert.Single(harness.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(3));
        await second;
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_throwing_callback_is_logged_and_does_not_change_the_request()
    {
        var logs = new FakeLogCollector();
        var calls = 0;
        using var harness = new ClientTestHarness(
            configureOptions: o =>
            {
                o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(60);
                o.Resilience.OnWait = _ =>
                {
                    Interlocked.Increment(ref calls);
                    throw new InvalidOperationException("the console is gone");
                };
            },
            configureServices: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs))));
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => WithRetryAfter((HttpStatusCode)429, "1"));
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        var call = harness.Client.WorkItems.GetAsync(7);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var item = await call;

        Assert.Equal(7, item.Id);
        Assert.Equal(2, harness.Requests.Count);
        Assert.Equal(1, calls);
        var logged = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 5102);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains("WorkItems.Get", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_never_carries_the_token_or_the_query_string()
    {
        const string secret = "very-secret-pat-value";
        using var harness = new ClientTestHarness(
            credential: IssueSync.Sdk.Auth.VstsCredential.PersonalAccessToken(secret),
            configureOptions: o => o.Resilience.OnWait = Record);
        harness.Expect(HttpMethod.Get, ListUrl).Respond((HttpStatusCode)429);
        harness.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectsResponse);

        await harness.Client.Projects.ListAsync().ToListAsync();

        var wait = Assert.Single(Waits());
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + secret));
        var text = string.Join(" | ", wait, wait.RequestUri, wait.Operation, wait.Method);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        Assert.DoesNotContain("?", wait.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bound_from_configuration_leave_the_callback_null_and_the_notice_at_10_s()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IssueSync:Vsts:Resilience:MaxRetries"] = "2",
            ["IssueSync:Vsts:Resilience:OnWait"] = "Console.WriteLine",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddVstsIssueSync(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Resilience;

        Assert.Equal(2, options.MaxRetries);
        Assert.Null(options.OnWait);
        Assert.Equal(TimeSpan.FromSeconds(10), options.NoAnswerNotice);
        Assert.Equal(TimeSpan.FromSeconds(10), new VstsResilienceOptions().NoAnswerNotice);
    }

    [Fact]
    public void Options_bound_from_configuration_can_turn_the_notice_off()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IssueSync:Vsts:Resilience:NoAnswerNotice"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddVstsIssueSync(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.Zero, provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Resilience.NoAnswerNotice);
    }

    [Theory]
    [InlineData("00:00:00.5")]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void The_validator_rejects_a_notice_interval_out_of_range_naming_the_key(string value)
    {
        var options = new VstsIssueSyncOptions();
        options.Resilience.NoAnswerNotice = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        var result = new VstsIssueSyncOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("IssueSync:Vsts:Resilience:NoAnswerNotice must be between 00:00:01 and 01:00:00, or 00:00:00 to turn the notices off", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:00.001")] // Timeout.InfiniteTimeSpan
    [InlineData("00:00:01")]
    [InlineData("01:00:00")]
    public void The_validator_accepts_off_and_the_range(string value)
    {
        var options = new VstsIssueSyncOptions();
        options.Resilience.NoAnswerNotice = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(new VstsIssueSyncOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_notification_made_by_hand_drops_the_query_and_user_info_and_checks_its_arguments()
    {
        var wait = new VstsRequestWait(VstsWaitReason.Retrying, HttpMethod.Post, new Uri("https://user:pw@dev.azure.com/fabrikam/_apis/x?api-version=7.1&token=abc#f"), 2, TimeSpan.FromSeconds(1.5), statusCode: HttpStatusCode.BadGateway);

        Assert.Equal("https://dev.azure.com/fabrikam/_apis/x", wait.RequestUri!.AbsoluteUri);
        Assert.Equal("POST https://dev.azure.com/fabrikam/_apis/x failed (502, attempt 2), retrying in 1.5 s", wait.ToString());
        Assert.Equal(
            "Projects.List failed (attempt 1), retrying in 0.25 s",
            new VstsRequestWait(VstsWaitReason.Retrying, HttpMethod.Get, null, 1, TimeSpan.FromMilliseconds(250), "Projects.List").ToString());
        Assert.Equal(
            "Azure DevOps asked to slow down, holding Projects.List for 3 s",
            new VstsRequestWait(VstsWaitReason.Paced, HttpMethod.Get, null, 1, TimeSpan.FromSeconds(3), "Projects.List").ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VstsRequestWait(VstsWaitReason.Paced, HttpMethod.Get, null, 0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VstsRequestWait(VstsWaitReason.Paced, HttpMethod.Get, null, 1, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => new VstsRequestWait(VstsWaitReason.Paced, null!, null, 1, TimeSpan.Zero));
    }

    public void Dispose() => _raised.Dispose();

    private ClientTestHarness Harness(Action<VstsIssueSyncOptions>? configure = null) =>
        new(configureOptions: o =>
        {
            o.Resilience.OnWait = Record;
            configure?.Invoke(o);
        });

    private void Record(VstsRequestWait wait)
    {
        lock (_waits)
        {
            _waits.Add(wait);
        }

        _raised.Release();
    }

    private List<VstsRequestWait> Waits()
    {
        lock (_waits)
        {
            return [.. _waits];
        }
    }

    /// <summary>
    /// The <paramref name="count"/>th notification, once the wait it announces has started on the
    /// clock (a jittered back-off: no other timer has its due time).
    /// </summary>
    private async Task<VstsRequestWait> NextWaitAsync(ClientTestHarness harness, int count)
    {
        // A hang guard only: the notification comes at once on the fake clock.
        Assert.True(await _raised.WaitAsync(TimeSpan.FromSeconds(30)), "no notification was raised");
        var wait = Waits()[count - 1];
        // Task.Delay times whole milliseconds.
        await harness.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds((long)wait.Delay.TotalMilliseconds));
        return wait;
    }

    private static HttpResponseMessage WithRetryAfter(HttpStatusCode status, string retryAfter)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
