using System.Text.Json;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>
/// Azure DevOps' delivery rules in the emulator, on a fake clock: transient failures retried 8 times,
/// enduring failures and probation, lost events, disable by the system or at once on 410, and the
/// seeded duplicates, reorders and redeliveries a receiver must survive.
/// </summary>
public class DeliveryRulesTests
{
    private static readonly WebhookDeliverySchedule Schedule = WebhookDeliverySchedule.AzureDevOps;

    [Fact]
    public async Task A_503_is_posted_again_a_second_later_and_the_retry_succeeds_with_the_answer_headers_recorded()
    {
        await using var run = await Run.StartAsync(503);

        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var first = await run.AttemptAsync(1);
        var beforeRetry = run.Emulator.Deliveries.Count;
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await run.AttemptAsync(2);

        Assert.Equal((WebhookDeliveryKind.First, 503, first.AttemptedAt.AddSeconds(1)), (first.Kind, first.StatusCode, first.NextAttemptAt));
        Assert.Equal(("120", "scripted"), (first.ResponseHeaders["Retry-After"], first.ResponseHeaders["X-Receiver"]));
        Assert.Equal("{\"seen\":true}", first.ResponseBody);
        Assert.Equal(1, beforeRetry);
        Assert.Equal((WebhookDeliveryKind.Retry, 200, (DateTimeOffset?)null), (retry.Kind, retry.StatusCode, retry.NextAttemptAt));
        Assert.Equal((first.NotificationId, first.Payload), (retry.NotificationId, retry.Payload));
        Assert.Equal(2, Received(run.Receiver).Count);
        Assert.Equal(SubscriptionStatus.Enabled, (await run.GetSubscriptionAsync()).Status);
        Assert.Empty(run.Emulator.LostEvents);
    }

    [Fact]
    public async Task Eight_failed_retries_over_about_three_minutes_are_an_enduring_failure_that_puts_the_subscription_on_probation()
    {
        await using var run = await Run.StartAsync(Enumerable.Repeat(504, 3).Concat(Enumerable.Repeat(408, 3)).Concat([502, 503]).Append(503).ToArray());
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var attempts = new List<WebhookDelivery> { await run.AttemptAsync(1) };
        for (var retry = 1; retry <= 8; retry++)
        {
            run.Clock.SetUtcNow(attempts[^1].NextAttemptAt!.Value);
            attempts.Add(await run.AttemptAsync(retry + 1));
        }

        var subscription = await run.GetSubscriptionAsync();
        Assert.Equal(Schedule.RetryDelays, attempts.Take(8).Select(a => a.NextAttemptAt!.Value - a.AttemptedAt));
        Assert.Equal(TimeSpan.FromSeconds(183), attempts[^1].AttemptedAt - attempts[0].AttemptedAt);
        Assert.Equal([WebhookDeliveryKind.First, .. Enumerable.Repeat(WebhookDeliveryKind.Retry, 8)], attempts.Select(a => a.Kind));
        Assert.Equal(TimeSpan.FromMinutes(20), attempts[^1].NextAttemptAt - attempts[^1].AttemptedAt);
        Assert.Equal((SubscriptionStatus.OnProbation, 0), (subscription.Status, subscription.ProbationRetries));
        Assert.Equal(9, Received(run.Receiver).Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Any_other_failure_puts_the_subscription_on_probation_at_once_with_no_quick_retry(int status)
    {
        await using var run = await Run.StartAsync(status);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var first = await run.AttemptAsync(1);
        var onProbation = run.Organization.Subscriptions.Single().Status;
        run.Clock.Advance(TimeSpan.FromMinutes(20));
        var second = await run.AttemptAsync(2);

        Assert.Equal((status, "onProbation"), (first.StatusCode!.Value, onProbation));
        Assert.Equal(first.AttemptedAt.AddMinutes(20), first.NextAttemptAt);
        Assert.Equal((WebhookDeliveryKind.ProbationRetry, 200), (second.Kind, second.StatusCode));
        Assert.Equal(2, Received(run.Receiver).Count);
    }

    [Fact]
    public async Task On_probation_new_events_are_lost_unsent_and_a_probation_retry_that_succeeds_enables_the_subscription()
    {
        await using var run = await Run.StartAsync(500);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var failed = await run.AttemptAsync(1);
        var resolved = run.Organization.SetState(item.Id, "Resolved");
        var lost = await run.Emulator.WaitForLostEventAsync(e => e.Revision == resolved.Revision, Timeout());
        run.Clock.Advance(TimeSpan.FromMinutes(20));
        var probationRetry = await run.AttemptAsync(2);
        var afterProbation = await run.GetSubscriptionAsync();
        var closed = run.Organization.SetState(item.Id, "Closed");
        var next = await run.Emulator.WaitForDeliveryAsync(d => d.Revision == closed.Revision, Timeout());

        Assert.Equal((WebhookEventLossReason.SubscriptionOnProbation, item.Id, "workitem.updated"), (lost.Reason, lost.WorkItemId, lost.EventType));
        Assert.Equal(failed.NotificationId + 1, lost.NotificationId);
        Assert.Equal((WebhookDeliveryKind.ProbationRetry, 200, failed.Revision), (probationRetry.Kind, probationRetry.StatusCode, probationRetry.Revision));
        Assert.Equal((SubscriptionStatus.Enabled, 0), (afterProbation.Status, afterProbation.ProbationRetries));
        Assert.Equal((WebhookDeliveryKind.First, 200), (next.Kind, next.StatusCode));
        Assert.Equal([failed.Revision, failed.Revision, closed.Revision], Received(run.Receiver).Select(Revision));
        Assert.Equal([lost], run.Emulator.LostEvents);
    }

    [Fact]
    public async Task Seven_failed_probation_retries_over_about_36_hours_disable_the_subscription_as_GET_subscription_shows()
    {
        await using var run = await Run.StartAsync(Enumerable.Repeat(400, 8).ToArray());
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var attempts = new List<WebhookDelivery> { await run.AttemptAsync(1) };
        var retriesSeen = new List<int>();
        for (var probationRetry = 1; probationRetry <= 7; probationRetry++)
        {
            run.Clock.SetUtcNow(attempts[^1].NextAttemptAt!.Value);
            attempts.Add(await run.AttemptAsync(probationRetry + 1));
            retriesSeen.Add((await run.GetSubscriptionAsync()).ProbationRetries);
        }

        var disabled = await run.GetSubscriptionAsync();
        using var raw = await run.GetRawSubscriptionAsync();
        var lost = await run.Emulator.WaitForLostEventAsync(_ => true, Timeout());
        run.Organization.SetSubscriptionStatus(disabled.Id, "enabled");
        var enabledByUser = run.Organization.Subscriptions.Single();

        Assert.Equal(Schedule.ProbationRetryDelays, attempts.Take(7).Select(a => a.NextAttemptAt!.Value - a.AttemptedAt));
        Assert.InRange((attempts[^1].AttemptedAt - attempts[0].AttemptedAt).TotalHours, 35, 37);
        Assert.Equal([1, 2, 3, 4, 5, 6], retriesSeen.Take(6));
        Assert.Null(attempts[^1].NextAttemptAt);
        Assert.Equal(SubscriptionStatus.DisabledBySystem, disabled.Status);
        Assert.Equal(("disabledBySystem", 7), (raw.RootElement.GetProperty("status").GetString(), raw.RootElement.GetProperty("probationRetries").GetInt32()));
        Assert.Equal(attempts[^1].AttemptedAt, raw.RootElement.GetProperty("lastProbationRetryDate").GetDateTimeOffset());
        Assert.Equal((WebhookEventLossReason.Abandoned, attempts[0].Revision), (lost.Reason, lost.Revision));
        Assert.Equal(("enabled", 0, (DateTimeOffset?)attempts[^1].AttemptedAt), (enabledByUser.Status, enabledByUser.ProbationRetries, enabledByUser.LastProbationRetryDate));
    }

    [Fact]
    public async Task A_410_disables_the_subscription_at_once_even_in_the_middle_of_retries()
    {
        await using var run = await Run.StartAsync(503, 410);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        await run.AttemptAsync(1);
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        var gone = await run.AttemptAsync(2);
        var status = (await run.GetSubscriptionAsync()).Status;
        var lost = await run.Emulator.WaitForLostEventAsync(_ => true, Timeout());
        run.Organization.SetState(item.Id, "Resolved");
        run.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal((410, (DateTimeOffset?)null), (gone.StatusCode, gone.NextAttemptAt));
        Assert.Equal(SubscriptionStatus.DisabledBySystem, status);
        Assert.Equal(WebhookEventLossReason.Abandoned, lost.Reason);
        Assert.Equal(2, run.Emulator.Deliveries.Count);
    }

    [Fact]
    public async Task A_waiting_retry_is_abandoned_when_another_event_puts_the_subscription_on_probation()
    {
        await using var run = await Run.StartAsync(503, 500);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var transient = await run.AttemptAsync(1);
        var resolved = run.Organization.SetState(item.Id, "Resolved");
        await run.Emulator.WaitForDeliveryAsync(d => d.Revision == resolved.Revision, Timeout());
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        var abandoned = await run.Emulator.WaitForLostEventAsync(e => e.Revision == transient.Revision, Timeout());

        Assert.Equal(WebhookEventLossReason.Abandoned, abandoned.Reason);
        Assert.Equal("onProbation", run.Organization.Subscriptions.Single().Status);
        Assert.Equal(2, Received(run.Receiver).Count);
    }

    [Fact]
    public async Task A_retry_that_comes_due_during_a_hold_waits_for_the_release()
    {
        await using var run = await Run.StartAsync(503);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var first = await run.AttemptAsync(1);
        int postsWhileHeld;
        using (run.Emulator.HoldDeliveries())
        {
            run.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(200)); // an unheld retry is posted within a few milliseconds
            postsWhileHeld = run.Emulator.Deliveries.Count;
        }

        var retry = await run.AttemptAsync(2);

        Assert.Equal(1, postsWhileHeld);
        Assert.Equal((WebhookDeliveryKind.Retry, 200, first.NextAttemptAt!.Value), (retry.Kind, retry.StatusCode, retry.AttemptedAt));
    }

    [Fact]
    public async Task An_event_held_while_its_subscription_is_deleted_is_lost_as_unavailable()
    {
        await using var run = await Run.StartAsync();
        var item = run.Item;

        using (run.Emulator.HoldDeliveries())
        {
            run.Organization.SetState(item.Id, "Active");
            await run.DeleteSubscriptionAsync();
        }

        var lost = await run.Emulator.WaitForLostEventAsync(_ => true, Timeout());

        Assert.Equal((WebhookEventLossReason.SubscriptionUnavailable, 2), (lost.Reason, lost.Revision));
        Assert.Empty(run.Emulator.Deliveries);
        Assert.Empty(Received(run.Receiver));
    }

    [Fact]
    public async Task The_same_seed_duplicates_and_reorders_the_same_events_and_another_seed_differently()
    {
        var disorder = new WebhookDisorder { Seed = 20261202, DuplicateRate = 0.4, ReorderWindow = 3 };

        var first = await DisorderedRunAsync(disorder);
        var again = await DisorderedRunAsync(disorder);
        var other = await DisorderedRunAsync(new WebhookDisorder { Seed = 7, DuplicateRate = 0.4, ReorderWindow = 3 });

        var firstPosts = first.Where(p => p.Kind == WebhookDeliveryKind.First).Select(p => p.Revision).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(Enumerable.Range(2, 10), firstPosts.Order());
        Assert.NotEqual(Enumerable.Range(2, 10), firstPosts);
        Assert.Contains(first, p => p.Kind == WebhookDeliveryKind.Duplicate);
        Assert.All(first.Select((p, i) => (p, i)).Where(x => x.p.Kind == WebhookDeliveryKind.Duplicate), x =>
            Assert.Contains(first.Take(x.i), p => p.Kind == WebhookDeliveryKind.First && p.Revision == x.p.Revision));
        Assert.All(firstPosts.Select((revision, i) => (revision, i)), x => Assert.InRange(x.i - (x.revision - 2), -3, 3));
    }

    [Fact]
    public async Task Duplicates_carry_the_same_notification_and_payload_and_change_nothing()
    {
        await using var run = await Run.StartAsync(new WebhookDisorder { Seed = 1, DuplicateRate = 1 });
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var original = await run.AttemptAsync(1);
        var duplicate = await run.AttemptAsync(2);

        Assert.Equal((WebhookDeliveryKind.First, WebhookDeliveryKind.Duplicate), (original.Kind, duplicate.Kind));
        Assert.Equal((original.NotificationId, original.Payload), (duplicate.NotificationId, duplicate.Payload));
        var bodies = Received(run.Receiver);
        Assert.Equal([original.Payload, original.Payload], bodies);
    }

    [Fact]
    public async Task A_past_delivery_redelivered_hours_later_is_the_same_event_and_its_answer_changes_nothing()
    {
        await using var run = await Run.StartAsync(200, 200, 500);
        var item = run.Item;

        run.Organization.SetState(item.Id, "Active");
        var delivered = await run.AttemptAsync(1);
        run.Organization.SetState(item.Id, "Resolved");
        await run.AttemptAsync(1, revision: 3);
        run.Clock.Advance(TimeSpan.FromHours(6));
        var redelivery = await run.Emulator.RedeliverAsync(delivered, Timeout());
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => run.Emulator.RedeliverAsync(delivered with { NotificationId = 99 }, Timeout()));

        Assert.Equal((WebhookDeliveryKind.Redelivery, 2, 500), (redelivery.Kind, redelivery.Attempt, redelivery.StatusCode));
        Assert.Equal(delivered.AttemptedAt.AddHours(6), redelivery.AttemptedAt);
        Assert.Equal((delivered.NotificationId, delivered.Payload, (DateTimeOffset?)null), (redelivery.NotificationId, redelivery.Payload, redelivery.NextAttemptAt));
        var bodies = Received(run.Receiver);
        Assert.Equal([2, 3, 2], bodies.Select(Revision));
        Assert.Equal(bodies[0], bodies[2]);
        Assert.Equal("enabled", run.Organization.Subscriptions.Single().Status);
        Assert.Contains("99", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_scales_every_delay_and_refuses_what_Azure_DevOps_could_not_do()
    {
        var compressed = WebhookDeliverySchedule.AzureDevOps.ScaledBy(0.001);

        Assert.Equal(TimeSpan.FromMilliseconds(183), compressed.RetryDelays.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        Assert.Equal(129_600, compressed.ProbationRetryDelays.Aggregate(TimeSpan.Zero, (a, b) => a + b).TotalMilliseconds, precision: 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookDeliverySchedule.AzureDevOps.ScaledBy(-1));
        Assert.Throws<ArgumentException>(() => new WebhookDeliverySchedule([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookDisorder { DuplicateRate = 1.5 });
    }

    /// <summary>Ten changes queued during a hold, then a sentinel once every first post is out: the posts of the ten as (revision, kind).</summary>
    private static async Task<List<(int Revision, WebhookDeliveryKind Kind)>> DisorderedRunAsync(WebhookDisorder disorder)
    {
        await using var run = await Run.StartAsync(disorder);
        var item = run.Item;
        using (run.Emulator.HoldDeliveries())
        {
            for (var i = 0; i < 10; i++)
            {
                run.Organization.UpdateFields(item.Id, new Dictionary<string, object?> { ["System.Title"] = $"Title {i}" });
            }
        }

        for (var revision = 2; revision <= 11; revision++)
        {
            await run.Emulator.WaitForDeliveryAsync(d => d.Revision == revision && d.Kind == WebhookDeliveryKind.First, Timeout());
        }

        // The ten were drained as one batch before the first of them was posted: the sentinel comes after all of them.
        var sentinel = run.Organization.UpdateFields(item.Id, new Dictionary<string, object?> { ["System.Title"] = "Sentinel" });
        await run.Emulator.WaitForDeliveryAsync(d => d.Revision == sentinel.Revision, Timeout());
        return [.. run.Emulator.Deliveries.Where(d => d.Revision < sentinel.Revision).Select(d => (d.Revision, d.Kind))];
    }

    /// <summary>
    /// A receiver that answers <paramref name="script"/> in turn, then 200; every answer carries
    /// <c>X-Receiver: scripted</c> and <c>Retry-After: 120</c>, and a body.
    /// </summary>
    private static async Task<WebhookReceiver> Receiver(params int[] script)
    {
        var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerInTurn(script);
        receiver.BodyToAnswer = "{\"seen\":true}";
        receiver.HeadersToAnswer["X-Receiver"] = "scripted";
        receiver.HeadersToAnswer["Retry-After"] = "120";
        return receiver;
    }

    /// <summary>The bodies of the webhooks the receiver got since last asked, in order.</summary>
    private static List<string> Received(WebhookReceiver receiver)
    {
        var bodies = new List<string>();
        while (receiver.TryTake(out var webhook))
        {
            bodies.Add(webhook!.Body);
        }

        return bodies;
    }

    private static int Revision(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("resource").GetProperty("rev").GetInt32();
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    /// <summary>An emulator on a fake clock, the SDK pointed at it, one <c>workitem.updated</c> subscription to the receiver, and a bug.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly SdkHarness _harness;
        private readonly string _subscriptionId;

        private Run(SdkHarness harness, FakeTimeProvider clock, string subscriptionId, WebhookReceiver receiver)
        {
            _harness = harness;
            Receiver = receiver;
            Clock = clock;
            _subscriptionId = subscriptionId;
            Item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        }

        public FakeTimeProvider Clock { get; }

        public WebhookReceiver Receiver { get; }

        public VstsEmulator Emulator => _harness.Emulator;

        public EmulatedOrganization Organization => _harness.Organization;

        /// <summary>A bug at revision 1; its changes fire the subscription.</summary>
        public EmulatedWorkItem Item { get; }

        /// <summary>Starts a run whose receiver answers <paramref name="script"/> in turn, then 200.</summary>
        public static Task<Run> StartAsync(params int[] script) => StartAsync(disorder: null, script);

        /// <summary>Starts a run with <paramref name="disorder"/>, whose receiver answers <paramref name="script"/> in turn, then 200.</summary>
        public static async Task<Run> StartAsync(WebhookDisorder? disorder, params int[] script)
        {
            var receiver = await Receiver(script);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
            var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { TimeProvider = clock, DeliveryDisorder = disorder });
            var subscription = await harness.Client.Subscriptions.CreateAsync(
                new ServiceHookSubscriptionRequest
                {
                    EventType = "workitem.updated",
                    ConsumerInputs = new Dictionary<string, string> { ["url"] = receiver.Url.AbsoluteUri, ["httpHeaders"] = "Shared-Secret: s3cret" },
                },
                default);
            return new Run(harness, clock, subscription.Id, receiver);
        }

        /// <summary>The <paramref name="attempt"/>-th post of the event about <paramref name="revision"/> (2 by default).</summary>
        public Task<WebhookDelivery> AttemptAsync(int attempt, int revision = 2) =>
            Emulator.WaitForDeliveryAsync(d => d.Revision == revision && d.Attempt == attempt, Timeout());

        public Task DeleteSubscriptionAsync() => _harness.Client.Subscriptions.DeleteAsync(_subscriptionId, Timeout());

        public Task<ServiceHookSubscription> GetSubscriptionAsync() => _harness.Client.Subscriptions.GetAsync(_subscriptionId, Timeout());

        public async Task<JsonDocument> GetRawSubscriptionAsync()
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Emulator.OrganizationUrl, $"_apis/hooks/subscriptions/{_subscriptionId}?api-version=7.1"));
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(":" + Emulator.PersonalAccessToken)));
            using var response = await http.SendAsync(request, Timeout());
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout()));
        }

        public async ValueTask DisposeAsync()
        {
            await _harness.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
