using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Diagnostics;

/// <summary>Log events 5010/5011 show only the parts of a failure that exist: never "error code (null)".</summary>
public sealed class OperationFailedLogTests : IDisposable
{
    private const string ItemUrl = ClientTestHarness.OrganizationUrl + "_apis/wit/workitems/7";

    private readonly FakeLogCollector _logs = new();
    private readonly ClientTestHarness _harness;

    public OperationFailedLogTests()
    {
        _harness = new ClientTestHarness(
            configureOptions: o =>
            {
                o.Resilience.MaxRetries = 0;
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.Resilience.OverallTimeout = TimeSpan.FromSeconds(5);
            },
            configureServices: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new FakeLoggerProvider(_logs))));
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_401_without_error_code_or_activity_id_shows_only_the_status()
    {
        _harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.Unauthorized, "text/html", "<html></html>");

        await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.WorkItems.GetAsync(7));

        var line = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5010);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("OperationFailed", line.Id.Name);
        Assert.Equal("WorkItems.Get failed: Unauthorized (status 401)", line.Message);
        var state = line.StructuredState!.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("401", state["StatusCode"]);
        Assert.False(state.ContainsKey("ErrorCode"));
        Assert.False(state.ContainsKey("ActivityId"));
        Assert.Equal("{Operation} failed: {Kind} (status {StatusCode})", state["{OriginalFormat}"]);
    }

    [Fact]
    public async Task Every_part_that_exists_is_shown_in_the_text_and_the_properties()
    {
        _harness.Expect(HttpMethod.Get, ItemUrl).Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(VstsFixtures.WorkItemNotFoundError, System.Text.Encoding.UTF8, "application/json") };
            response.Headers.Add("ActivityId", "5b7c6b1e-0000-4000-8000-000000000001");
            return response;
        });

        await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.WorkItems.GetAsync(7));

        var line = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5010);
        Assert.Equal("WorkItems.Get failed: NotFound (status 404, error code TF401232, ActivityId 5b7c6b1e-0000-4000-8000-000000000001)", line.Message);
        var state = line.StructuredState!.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("TF401232", state["ErrorCode"]);
        Assert.Equal("5b7c6b1e-0000-4000-8000-000000000001", state["ActivityId"]);
        Assert.Equal("{Operation} failed: {Kind} (status {StatusCode}, error code {ErrorCode}, ActivityId {ActivityId})", state["{OriginalFormat}"]);
    }

    [Fact]
    public async Task A_timeout_has_no_status_and_no_parentheses()
    {
        _harness.ExpectNoAnswer(HttpMethod.Get, ItemUrl);

        var call = _harness.Client.WorkItems.GetAsync(7);
        await _harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<VstsApiException>(() => call);

        var line = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5010);
        Assert.Equal("WorkItems.Get failed: Timeout", line.Message);
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Message.Contains("(null)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_fault_is_5011_at_error_with_the_same_shape()
    {
        _harness.Expect(HttpMethod.Get, ItemUrl).Respond(HttpStatusCode.InternalServerError);

        await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.WorkItems.GetAsync(7));

        var line = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5011);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("OperationFailedUnexpectedly", line.Id.Name);
        Assert.Equal("WorkItems.Get failed: Server (status 500)", line.Message);
    }
}
