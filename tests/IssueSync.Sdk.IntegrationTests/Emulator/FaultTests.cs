using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>The emulator's fault rules, seen from a raw HTTP client: what matches, how often, and what each fault does to the answer and to the state.</summary>
public sealed class FaultTests : IDisposable
{
    private const string CreateBug = "Project%201/_apis/wit/workitems/$Bug?api-version=7.1";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task An_exact_path_matches_that_item_only_and_not_an_item_whose_number_starts_with_it()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Path = "_apis/wit/workitems/12", Fault = EmulatorFault.Status(503) });

        var longer = await GetStatusAsync(emulator, "_apis/wit/workitems/120?api-version=7.1");
        var exact = await GetStatusAsync(emulator, "_apis/wit/workitems/12?api-version=7.1&$expand=all");
        var withSlash = await GetStatusAsync(emulator, "_apis/wit/workitems/12/?api-version=7.1");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (longer, exact, withSlash));
        Assert.Equal([null, EmulatorFaultKind.Status, EmulatorFaultKind.Status], emulator.Requests.Select(r => r.Fault?.Kind));
    }

    [Fact]
    public async Task A_route_template_matches_one_segment_per_brace_ignoring_case_escapes_and_the_query()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        emulator.AddFault(new FaultRule { Path = "{project}/_apis/wit/workItems/{id}/comments", Fault = EmulatorFault.Status(418) });

        var list = await GetStatusAsync(emulator, $"Project%201/_apis/wit/workitems/{item.Id}/comments?api-version=7.1-preview.4&$top=5");
        var otherCase = await GetStatusAsync(emulator, $"project%202/_APIS/WIT/WORKITEMS/{item.Id}/Comments?api-version=7.1-preview.4");
        var oneComment = await GetStatusAsync(emulator, $"Project%201/_apis/wit/workitems/{item.Id}/comments/1?api-version=7.1-preview.4");
        var noProject = await GetStatusAsync(emulator, $"_apis/wit/workitems/{item.Id}?api-version=7.1");

        Assert.Equal((HttpStatusCode)418, list);
        Assert.Equal((HttpStatusCode)418, otherCase);
        Assert.Equal(HttpStatusCode.NotFound, oneComment); // no comment 1: the endpoint answered, not the rule
        Assert.Equal(HttpStatusCode.OK, noProject);
    }

    [Fact]
    public async Task A_template_captures_a_dollar_segment_and_a_literal_with_an_escape_matches_the_unescaped_path()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Path = "/Project%201/_apis/wit/workitems/${type}/", Fault = EmulatorFault.Status(409) });

        using var created = await SendAsync(CreateRequest(emulator, "Crash", CreateBug));
        using var otherProject = await SendAsync(CreateRequest(emulator, "Crash", "Project%202/_apis/wit/workitems/$Bug?api-version=7.1"));

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherProject.StatusCode);
    }

    [Fact]
    public async Task A_method_filter_leaves_other_methods_on_the_same_path_alone()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        emulator.AddFault(new FaultRule { Method = HttpMethod.Patch, Path = "_apis/wit/workitems/{id}", Fault = EmulatorFault.Status(500) });

        var read = await GetStatusAsync(emulator, $"_apis/wit/workitems/{item.Id}?api-version=7.1");
        using var update = await SendAsync(PatchTitle(emulator, item.Id, "Renamed"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.InternalServerError), (read, update.StatusCode));
        Assert.Equal("Crash", emulator.Organization.GetWorkItem(item.Id)!.Title);
    }

    [Fact]
    public async Task A_rule_with_Times_fails_that_many_matching_requests_and_then_leaves()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var rule = emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.Status(503), Times = 2 });
        var inForce = emulator.Faults;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await GetStatusAsync(emulator, "_apis/projects?api-version=7.1"));
        }

        Assert.Same(rule, Assert.Single(inForce));
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Empty(emulator.Faults);
    }

    [Fact]
    public async Task A_seeded_rate_fails_the_same_requests_in_two_emulators_and_another_seed_fails_others()
    {
        async Task<List<int>> RunAsync(int seed, int? times = null)
        {
            await using var emulator = await VstsEmulator.StartAsync();
            emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.Status(503), Rate = 0.5, Seed = seed, Times = times });
            for (var i = 0; i < 40; i++)
            {
                await GetStatusAsync(emulator, "_apis/projects?api-version=7.1");
            }

            return [.. emulator.Requests.Select(r => r.StatusCode)];
        }

        var first = await RunAsync(seed: 1234);
        var second = await RunAsync(seed: 1234);
        var otherSeed = await RunAsync(seed: 99);
        var limited = await RunAsync(seed: 1234, times: 3);

        Assert.Equal(first, second);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(3, limited.Count(s => s == 503));
        Assert.Equal(first.Take(first.IndexOf(503) + 1), limited.Take(first.IndexOf(503) + 1)); // same draws until the limit
    }

    [Fact]
    public async Task A_status_before_processing_sends_Retry_After_in_seconds_or_as_a_date_and_applies_nothing()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var date = new DateTimeOffset(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.Status(503, TimeSpan.FromSeconds(2.5)), Times = 1 });
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.Status(500, date), Times = 1 });

        using var inSeconds = await SendAsync(CreateRequest(emulator, "First", CreateBug));
        using var asDate = await SendAsync(CreateRequest(emulator, "Second", CreateBug));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, inSeconds.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), inSeconds.Headers.RetryAfter?.Delta);
        Assert.Contains("as a fault rule asked", await inSeconds.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, asDate.StatusCode);
        Assert.Equal(date, asDate.Headers.RetryAfter?.Date);
        Assert.Null(emulator.Organization.GetWorkItem(1));
        Assert.All(emulator.Requests, r => Assert.Null(r.ProcessedStatusCode));
    }

    [Fact]
    public async Task A_reset_before_arrival_fails_the_client_and_leaves_the_state_unchanged()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.ResetBeforeArrival(), Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(CreateRequest(emulator, "Crash", CreateBug)));

        Assert.Null(emulator.Organization.GetWorkItem(1));
        var logged = Assert.Single(emulator.Requests);
        Assert.Equal((0, (int?)null, false), (logged.StatusCode, logged.ProcessedStatusCode, logged.SucceededButAnswerLost));
    }

    [Fact]
    public async Task A_reset_after_apply_loses_the_answer_of_a_create_that_happened()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.ResetAfterApply(), Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(CreateRequest(emulator, "Crash", CreateBug)));

        Assert.Equal("Crash", emulator.Organization.GetWorkItem(1)?.Title);
        var logged = Assert.Single(emulator.Requests);
        Assert.Equal((0, (int?)200, true), (logged.StatusCode, logged.ProcessedStatusCode, logged.SucceededButAnswerLost));
    }

    [Fact]
    public async Task A_5xx_after_apply_hides_a_change_that_happened_and_one_that_failed_is_not_counted_as_lost()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        emulator.AddFault(new FaultRule { Method = HttpMethod.Patch, Path = "_apis/wit/workitems/{id}", Fault = EmulatorFault.StatusAfterApply(502) });

        using var applied = await SendAsync(PatchTitle(emulator, item.Id, "Renamed"));
        using var refused = await SendAsync(PatchTitle(emulator, 999, "Nowhere"));

        Assert.Equal((HttpStatusCode.BadGateway, HttpStatusCode.BadGateway), (applied.StatusCode, refused.StatusCode));
        Assert.Equal("Renamed", emulator.Organization.GetWorkItem(item.Id)!.Title);
        Assert.Equal([(200, true), (404, false)], emulator.Requests.Select(r => (r.ProcessedStatusCode ?? 0, r.SucceededButAnswerLost)));
        Assert.Equal(1, emulator.Requests.Count(r => r.SucceededButAnswerLost));
    }

    [Fact]
    public async Task An_answer_held_past_the_client_timeout_leaves_the_change_applied()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.HoldAnswerAfterApply(TimeSpan.FromMinutes(5)) });
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(150) };
        using var request = CreateRequest(emulator, "Crash", CreateBug);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.SendAsync(request));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(30));
        // The hold ends when the client disconnects; the request is logged after it was applied. Read the item only
        // then: on a loaded machine the client can give up before the emulator (cold) has got as far as the apply.
        var logged = await LoggedAsync(emulator);
        Assert.Equal("Crash", emulator.Organization.GetWorkItem(1)?.Title);
        Assert.Equal((EmulatorFaultKind.HoldAnswerAfterApply, 0, true), (logged.Fault?.Kind, logged.StatusCode, logged.SucceededButAnswerLost));
    }

    [Fact]
    public async Task A_late_commit_answers_nothing_and_applies_the_create_only_when_its_delay_has_passed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.LateCommit(TimeSpan.FromSeconds(30)), Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(CreateRequest(emulator, "Late", CreateBug)));
        var rightAfter = await GetStatusAsync(emulator, "_apis/wit/workitems/1?api-version=7.1");
        time.Advance(TimeSpan.FromSeconds(29));
        var beforeDue = emulator.Organization.GetWorkItem(1);
        var pendingEntry = emulator.Requests[0];
        time.Advance(TimeSpan.FromSeconds(1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await emulator.WaitForLateCommitsAsync(timeout.Token);
        var later = await GetStatusAsync(emulator, "_apis/wit/workitems/1?api-version=7.1");

        Assert.Equal(HttpStatusCode.NotFound, rightAfter);
        Assert.Null(beforeDue);
        Assert.Equal((0, (int?)null, false), (pendingEntry.StatusCode, pendingEntry.ProcessedStatusCode, pendingEntry.SucceededButAnswerLost));
        Assert.Equal(HttpStatusCode.OK, later);
        Assert.Equal("Late", emulator.Organization.GetWorkItem(1)?.Title);
        var committed = emulator.Requests[0];
        Assert.Equal((EmulatorFaultKind.LateCommit, 0, (int?)200, true), (committed.Fault?.Kind, committed.StatusCode, committed.ProcessedStatusCode, committed.SucceededButAnswerLost));
    }

    [Fact]
    public async Task A_request_that_arrives_after_a_late_commit_is_due_sees_it_applied_even_when_the_timer_has_not_run()
    {
        // A busy machine runs timers late; the emulator's order in time must not depend on them.
        var time = new StalledTimers(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.LateCommit(TimeSpan.FromSeconds(30)), Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(CreateRequest(emulator, "Late", CreateBug)));
        time.Now += TimeSpan.FromSeconds(29);
        var beforeDue = await GetStatusAsync(emulator, "_apis/wit/workitems/1?api-version=7.1");
        time.Now += TimeSpan.FromSeconds(1);
        var onceDue = await GetStatusAsync(emulator, "_apis/wit/workitems/1?api-version=7.1");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (beforeDue, onceDue));
        Assert.Equal("Late", emulator.Organization.GetWorkItem(1)?.Title);
        Assert.Equal((int?)200, emulator.Requests[0].ProcessedStatusCode);
    }

    /// <summary>A clock a test sets, whose timers never fire (the machine too busy to run them).</summary>
    private sealed class StalledTimers(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_late_commit_of_a_request_that_fails_applies_nothing_and_records_why()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        emulator.AddFault(new FaultRule { Method = HttpMethod.Patch, Path = "_apis/wit/workitems/{id}", Fault = EmulatorFault.LateCommit(TimeSpan.FromSeconds(5)) });
        using var stale = RawRequests.Authorized(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{item.Id}?api-version=7.1");
        stale.Content = JsonPatch("""[{"op":"test","path":"/rev","value":7},{"op":"add","path":"/fields/System.Title","value":"Renamed"}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.SendAsync(stale));
        time.Advance(TimeSpan.FromSeconds(5));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await emulator.WaitForLateCommitsAsync(timeout.Token);

        Assert.Equal("Crash", emulator.Organization.GetWorkItem(item.Id)!.Title);
        var logged = Assert.Single(emulator.Requests);
        Assert.Equal(((int?)412, false), (logged.ProcessedStatusCode, logged.SucceededButAnswerLost));
    }

    [Fact]
    public async Task Added_latency_holds_the_answer_until_the_emulator_clock_has_moved_that_far()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.Latency(TimeSpan.FromHours(1)), Times = 1 });
        using var request = RawRequests.Authorized(emulator, HttpMethod.Get, "_apis/projects?api-version=7.1");

        var sending = _http.SendAsync(request);
        var advanced = TimeSpan.Zero;
        while (!sending.IsCompleted && advanced < TimeSpan.FromHours(3))
        {
            await Task.Delay(10);
            time.Advance(TimeSpan.FromMinutes(5));
            advanced += TimeSpan.FromMinutes(5);
        }

        using var response = await sending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(advanced, TimeSpan.FromHours(1), TimeSpan.FromHours(3));
        Assert.Equal(EmulatorFaultKind.Latency, Assert.Single(emulator.Requests).Fault?.Kind);
    }

    [Fact]
    public async Task A_throttling_warning_is_a_success_with_Retry_After_and_the_rate_limit_headers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = time });
        emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.ThrottlingWarning(TimeSpan.FromSeconds(4)), Times = 1 });
        using var request = RawRequests.Authorized(emulator, HttpMethod.Get, "_apis/projects?api-version=7.1");

        using var response = await _http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(4), response.Headers.RetryAfter?.Delta);
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("200", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.True(response.Headers.Contains("X-RateLimit-Resource"));
    }

    [Fact]
    public async Task A_sign_in_page_fault_answers_203_html_even_to_valid_credentials_and_applies_nothing()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.SignInPage(), Times = 1 });
        using var request = CreateRequest(emulator, "Crash", CreateBug);
        request.Headers.Add("X-TFS-FedAuthRedirect", "Suppress");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sign In", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task A_malformed_body_is_a_200_no_json_reader_accepts_after_the_change_was_applied()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.MalformedBody(), Times = 1 });

        using var response = await SendAsync(CreateRequest(emulator, "Crash", CreateBug));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        Assert.Equal("Crash", emulator.Organization.GetWorkItem(1)?.Title);
        Assert.True(Assert.Single(emulator.Requests).SucceededButAnswerLost);
    }

    [Fact]
    public async Task A_rule_with_a_bad_path_or_limits_is_refused_and_a_removed_rule_stops_firing()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var fault = EmulatorFault.Status(503);

        Assert.Throws<ArgumentException>(() => emulator.AddFault(new FaultRule { Path = "{project/_apis/projects", Fault = fault }));
        Assert.Throws<ArgumentException>(() => emulator.AddFault(new FaultRule { Path = "_apis/projects?api-version=7.1", Fault = fault }));
        Assert.Throws<ArgumentException>(() => emulator.AddFault(new FaultRule { Path = " / ", Fault = fault }));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = fault, Times = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = fault, Rate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = fault, Rate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.StatusAfterApply(404));
        var rule = emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = fault });
        var failed = await GetStatusAsync(emulator, "_apis/projects?api-version=7.1");
        var removed = emulator.RemoveFault(rule);
        var passed = await GetStatusAsync(emulator, "_apis/projects?api-version=7.1");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, true, HttpStatusCode.OK), (failed, removed, passed));
        Assert.False(emulator.RemoveFault(rule));
    }

    private static HttpRequestMessage CreateRequest(VstsEmulator emulator, string title, string relative)
    {
        var request = RawRequests.Authorized(emulator, HttpMethod.Post, relative);
        request.Content = JsonPatch($$"""[{"op":"add","path":"/fields/System.Title","value":"{{title}}"}]""");
        return request;
    }

    private static HttpRequestMessage PatchTitle(VstsEmulator emulator, int id, string title)
    {
        var request = RawRequests.Authorized(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{id}?api-version=7.1");
        request.Content = JsonPatch($$"""[{"op":"add","path":"/fields/System.Title","value":"{{title}}"}]""");
        return request;
    }

    private static StringContent JsonPatch(string json) => new(json, Encoding.UTF8, "application/json-patch+json");

    private static async Task<EmulatedRequest> LoggedAsync(VstsEmulator emulator)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (emulator.Requests.Count == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        return Assert.Single(emulator.Requests);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await _http.SendAsync(request);
        }
    }

    private async Task<HttpStatusCode> GetStatusAsync(VstsEmulator emulator, string relative)
    {
        using var request = RawRequests.Authorized(emulator, HttpMethod.Get, relative);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
