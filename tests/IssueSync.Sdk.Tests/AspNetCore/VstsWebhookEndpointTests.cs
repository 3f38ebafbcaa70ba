using System.Net;
using System.Text;
using IssueSync.Sdk.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Tests.AspNetCore;

public sealed class VstsWebhookEndpointTests
{
    private const string Payload = """{"eventType":"workitem.updated","resource":{"workItemId":5}}""";

    public static TheoryData<int, VstsWebhookOutcome, int?, string> Statuses => new()
    {
        { 200, VstsWebhookOutcome.Applied, null, """{"detail":"the reason","outcome":"Applied"}""" },
        { 200, VstsWebhookOutcome.Ignored, null, """{"detail":"the reason","outcome":"Ignored"}""" },
        { 400, VstsWebhookOutcome.InvalidPayload, null, """{"type":"about:blank","title":"Bad Request","status":400,"detail":"the reason","outcome":"InvalidPayload"}""" },
        { 401, VstsWebhookOutcome.Unauthorized, null, """{"type":"about:blank","title":"Unauthorized","status":401,"detail":"the reason","outcome":"Unauthorized"}""" },
        { 401, VstsWebhookOutcome.UnknownOrganization, null, """{"type":"about:blank","title":"Unauthorized","status":401,"detail":"the reason","outcome":"UnknownOrganization"}""" },
        { 413, VstsWebhookOutcome.PayloadTooLarge, null, """{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"the reason","outcome":"PayloadTooLarge"}""" },
        { 503, VstsWebhookOutcome.StoreUnavailable, 60, """{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the reason","outcome":"StoreUnavailable"}""" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task The_handlers_status_is_answered_with_a_small_json_body_and_Retry_After_when_given(int status, VstsWebhookOutcome outcome, int? retryAfterSeconds, string body)
    {
        await using var host = await WebhookTestHost.StartAsync();
        host.Handler.Result = new VstsWebhookResult
        {
            StatusCode = status,
            Outcome = outcome,
            Reason = "the reason",
            RetryAfter = retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };

        using var response = await host.PostAsync(WebhookTestHost.Json(Payload));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status >= 400 ? "application/problem+json" : "application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(retryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal(Encoding.UTF8.GetBytes(Payload), request.Body.ToArray());
        Assert.Equal("s3cr3t", request.GetHeader("shared-secret"));
        Assert.Equal("application/json", request.GetHeader("Content-Type"));
    }

    [Fact]
    public async Task No_log_line_carries_the_shared_secret_header_or_the_body()
    {
        await using var host = await WebhookTestHost.StartAsync();
        host.Handler.Result = new VstsWebhookResult { StatusCode = 401, Outcome = VstsWebhookOutcome.Unauthorized, Reason = "The shared secret is wrong." };

        using var response = await host.PostAsync(WebhookTestHost.Json(Payload));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var answered = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 8050);
        Assert.Equal("Webhook answered 401 (Unauthorized): The shared secret is wrong.", answered.Message);
        foreach (var record in host.Logs.GetSnapshot())
        {
            SecretAssert.DoesNotLeak(record.Message + string.Join(";", record.StructuredState ?? []), "s3cr3t", "workItemId");
        }
    }

    [Fact]
    public async Task A_sub_second_Retry_After_is_rounded_up_to_one_second()
    {
        await using var host = await WebhookTestHost.StartAsync();
        host.Handler.Result = new VstsWebhookResult { StatusCode = 503, Outcome = VstsWebhookOutcome.StoreUnavailable, Reason = "r", RetryAfter = TimeSpan.FromMilliseconds(200) };

        using var response = await host.PostAsync(WebhookTestHost.Json(Payload));

        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_body_at_the_limit_reaches_the_handler()
    {
        await using var host = await WebhookTestHost.StartAsync();
        var bytes = new byte[WebhookTestHost.MaxBodyBytes];
        bytes.AsSpan().Fill((byte)'x');

        using var response = await host.PostAsync(new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, Assert.Single(host.Handler.Requests).Body.ToArray());
    }

    [Fact]
    public async Task A_declared_Content_Length_over_the_limit_is_answered_413_without_reading_the_body()
    {
        await using var host = await WebhookTestHost.StartAsync();
        // The body never ends: only an answer given before reading it can complete.
        using var content = new StalledContent([(byte)'{'], WebhookTestHost.MaxBodyBytes + 1);
        using var cancel = new CancellationTokenSource();

        using var response = await host.PostAsync(content, cancellationToken: cancel.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            """{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"The body is larger than 1024 bytes.","outcome":"PayloadTooLarge"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Handler.Requests);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 8051);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_answered_413_and_never_reaches_the_handler()
    {
        await using var host = await WebhookTestHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(new string('x', (int)WebhookTestHost.MaxBodyBytes + 1));

        using var response = await host.PostAsync(new ChunkedContent(bytes));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_reaches_the_handler_whole()
    {
        await using var host = await WebhookTestHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(new string('y', 950));

        using var response = await host.PostAsync(new ChunkedContent(bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, Assert.Single(host.Handler.Requests).Body.ToArray());
    }

    [Fact]
    public async Task A_chunked_body_longer_than_the_first_read_buffer_reaches_the_handler_whole_and_one_byte_more_than_the_limit_is_413()
    {
        // 40,000 bytes: the endpoint's first buffer (16 KB) grows twice, the last time to the limit.
        const int Limit = 40_000;
        await using var host = await WebhookTestHost.StartAsync(maxBodyBytes: Limit);
        var atLimit = new byte[Limit];
        for (var i = 0; i < atLimit.Length; i++)
        {
            atLimit[i] = (byte)('a' + (i % 26));
        }

        using var whole = await host.PostAsync(new ChunkedContent(atLimit));
        using var over = await host.PostAsync(new ChunkedContent([.. atLimit, (byte)'z']));

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(atLimit, Assert.Single(host.Handler.Requests).Body.ToArray());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(
            """{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"The body is larger than 40000 bytes.","outcome":"PayloadTooLarge"}""",
            await over.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_with_Content_Length_longer_than_the_first_read_buffer_reaches_the_handler_whole()
    {
        await using var host = await WebhookTestHost.StartAsync(maxBodyBytes: 100_000);
        var bytes = new byte[70_000];
        bytes.AsSpan().Fill((byte)'q');

        using var response = await host.PostAsync(new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, Assert.Single(host.Handler.Requests).Body.ToArray());
    }

    [Fact]
    public async Task Every_answer_carries_its_own_status_and_reason_when_the_same_outcome_comes_again()
    {
        // The endpoint keeps the last encoded body of each outcome: a new reason or status must not get the old body.
        await using var host = await WebhookTestHost.StartAsync();
        (int Status, string Reason, string ContentType, string Body)[] answers =
        [
            (200, "first reason", "application/json", """{"detail":"first reason","outcome":"Ignored"}"""),
            (200, "first reason", "application/json", """{"detail":"first reason","outcome":"Ignored"}"""),
            (200, "second reason", "application/json", """{"detail":"second reason","outcome":"Ignored"}"""),
            (422, "second reason", "application/problem+json", """{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"second reason","outcome":"Ignored"}"""),
            (200, "first \"reason\" <again>", "application/json", """{"detail":"first \u0022reason\u0022 \u003Cagain\u003E","outcome":"Ignored"}"""),
        ];

        foreach (var (status, reason, contentType, body) in answers)
        {
            host.Handler.Result = new VstsWebhookResult { StatusCode = status, Outcome = VstsWebhookOutcome.Ignored, Reason = reason };

            using var response = await host.PostAsync(WebhookTestHost.Json(Payload));

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
            Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task A_handler_that_throws_is_answered_503_with_Retry_After_and_no_exception_text()
    {
        await using var host = await WebhookTestHost.StartAsync();
        host.Handler.Throw = new InvalidOperationException("internal detail s3cr3t");

        using var response = await host.PostAsync(WebhookTestHost.Json(Payload));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"The webhook could not be processed; deliver it again later.","outcome":"StoreUnavailable"}""", text);
        SecretAssert.DoesNotLeak(text, "internal detail", "s3cr3t", "InvalidOperationException", "   at ");
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 8053 && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task A_client_that_stalls_mid_body_and_goes_away_is_not_an_error()
    {
        await using var host = await WebhookTestHost.StartAsync();
        using var content = new StalledContent(Encoding.UTF8.GetBytes("{\"eventType\":"), declaredLength: null);
        using var cancel = new CancellationTokenSource();

        var sending = host.PostAsync(content, cancellationToken: cancel.Token);
        await content.Sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        await WaitForLogAsync(host, 8052);
        Assert.Empty(host.Handler.Requests);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_client_that_goes_away_while_the_handler_works_cancels_it_and_is_not_an_error()
    {
        await using var host = await WebhookTestHost.StartAsync();
        host.Handler.WaitForCancellation = true;
        using var cancel = new CancellationTokenSource();

        var sending = host.PostAsync(WebhookTestHost.Json(Payload), cancellationToken: cancel.Token);
        await host.Handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        await WaitForLogAsync(host, 8052);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Only_POST_is_mapped()
    {
        await using var host = await WebhookTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/extensions/vsts/issue-updated", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task The_path_is_configurable_and_the_convention_builder_is_returned()
    {
        await using var host = await WebhookTestHost.StartAsync(mapPath: "/hooks/ado");

        using var custom = await host.PostAsync(WebhookTestHost.Json(Payload), "/hooks/ado");
        using var standard = await host.PostAsync(WebhookTestHost.Json(Payload));

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, standard.StatusCode);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Mapping_without_the_inbound_handler_registered_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapVstsWebhook());

        Assert.Contains("AddVstsIssueSync", ex.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForLogAsync(WebhookTestHost host, int eventId)
    {
        // The server sees the abort on its own schedule; wait for its log line (bounded, never a fixed sleep).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!host.Logs.GetSnapshot().Any(r => r.Id.Id == eventId))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
