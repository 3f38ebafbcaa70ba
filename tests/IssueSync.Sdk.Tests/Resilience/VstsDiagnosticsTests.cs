using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Resilience;

/// <summary>The meter and activity source are process-wide, so these tests never run beside others.</summary>
[CollectionDefinition(nameof(SharedTelemetry), DisableParallelization = true)]
public sealed class SharedTelemetry;

/// <summary>Metrics, spans and log lines of the pipeline.</summary>
[Collection(nameof(SharedTelemetry))]
public sealed class VstsDiagnosticsTests : IDisposable
{
    private const string Org = "https://dev.azure.com/telemetry/";
    private const string ItemUrl = Org + "_apis/wit/workitems/7";
    private const string SecretPat = "s3cr3t-pat-0123456789abcdef";

    private readonly MeterListener _meters = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly SpanRecorder _spans = new("IssueSync.Sdk");

    public VstsDiagnosticsTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "IssueSync.Sdk")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();
    }

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }

    [Fact]
    public async Task Requests_retries_and_durations_are_measured()
    {
        using var harness = new ClientTestHarness(Org);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.ServiceUnavailable);
        harness.ExpectJson(HttpMethod.Get, ItemUrl, VstsFixtures.WorkItem(7));

        await harness.Client.WorkItems.GetAsync(7);

        Assert.Single(Measured("issuesync.sdk.requests", ("operation", "WorkItems.Get"), ("status", 503)));
        Assert.Single(Measured("issuesync.sdk.requests", ("operation", "WorkItems.Get"), ("status", 200)));
        Assert.Single(Measured("issuesync.sdk.retries", ("operation", "WorkItems.Get")));
        var duration = Assert.Single(Measured("issuesync.sdk.operation.duration", ("operation", "WorkItems.Get"), ("status", 200)));
        Assert.Null(duration.Tags["error.kind"]);
    }

    [Fact]
    public async Task Throttled_answers_and_rate_limit_headers_are_measured()
    {
        using var harness = new ClientTestHarness(Org);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond((HttpStatusCode)429);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ => Task.FromResult(ClientTestHarness.JsonResponse(
            VstsFixtures.WorkItem(7), ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "42"))));

        await harness.Client.WorkItems.GetAsync(7);

        Assert.Single(Measured("issuesync.sdk.throttled", ("operation", "WorkItems.Get"), ("status", 429)));
        Assert.Equal(42, Assert.Single(Measured("issuesync.sdk.ratelimit.remaining", ("organization", Org))).Value);
        Assert.Equal(200, Assert.Single(Measured("issuesync.sdk.ratelimit.limit", ("organization", Org))).Value);
    }

    [Fact]
    public async Task One_span_per_operation_with_its_outcome()
    {
        using var harness = new ClientTestHarness(Org);
        harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.NotFound, "application/json", VstsFixtures.WorkItemNotFoundError);

        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.GetAsync(7));

        var span = Assert.Single(Stopped(), a => a.OperationName == "WorkItems.Get");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("WorkItems.Get", span.GetTagItem("issuesync.operation"));
        Assert.Equal(Org, span.GetTagItem("issuesync.organization"));
        Assert.Equal("dev.azure.com", span.GetTagItem("server.address"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal("NotFound", span.GetTagItem("error.type"));
        Assert.Equal("TF401232", span.GetTagItem("issuesync.error_code"));
    }

    [Fact]
    public async Task No_secret_reaches_any_log_line_at_trace_level()
    {
        var collector = new FakeLogCollector();
        using var harness = new ClientTestHarness(
            Org,
            VstsCredential.PersonalAccessToken(SecretPat),
            configureServices: services => services.AddLogging(b => b
                .SetMinimumLevel(LogLevel.Trace)
                .AddProvider(new FakeLoggerProvider(collector))));
        harness.Expect(HttpMethod.Get, ItemUrl + "?fields=System.Title").Respond(HttpStatusCode.ServiceUnavailable);
        harness.ExpectJson(HttpMethod.Get, ItemUrl + "?fields=System.Title", VstsFixtures.WorkItem(7));
        harness.Expect(HttpMethod.Post, Org + "Fabrikam/_apis/wit/workitems/$Bug").Respond(HttpStatusCode.BadRequest, "application/json", VstsFixtures.WorkItemNotFoundError);

        await harness.Client.WorkItems.GetAsync(7, new GetWorkItemOptions { Fields = ["System.Title"] });
        await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" })));

        var records = collector.GetSnapshot();
        var authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + SecretPat));
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = record.Category + ": " + record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []) + " " + record.Exception;
            Assert.DoesNotContain(SecretPat, text, StringComparison.Ordinal);
            Assert.False(text.Contains(authorization, StringComparison.Ordinal), text[Math.Max(0, text.IndexOf("Authorization=", StringComparison.Ordinal) - 200)..]);
        }

        // The SDK's own request lines: one per attempt, without the query string.
        var requestLines = records.Where(r => r.Id.Id == 5001).ToList();
        Assert.Equal(3, requestLines.Count);
        Assert.All(requestLines, r => Assert.DoesNotContain("?", r.Message, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 5101 && r.Level == LogLevel.Information);
        var failure = Assert.Single(records, r => r.Id.Id == 5010);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Contains("TF401232", failure.Message, StringComparison.Ordinal);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument, params (string Key, object Value)[] tags)
    {
        lock (_measurements)
        {
            return _measurements
                .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
                .ToList();
        }
    }

    private IReadOnlyList<Activity> Stopped() => _spans.Stopped;
}
