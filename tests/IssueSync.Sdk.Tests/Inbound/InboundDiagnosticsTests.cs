using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Tests.Diagnostics;
using IssueSync.Sdk.Tests.Resilience;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>The handler's log lines, its outcome counter and its span. The meter and activity source are process-wide.</summary>
[Collection(nameof(SharedTelemetry))]
public sealed class InboundDiagnosticsTests : IDisposable
{
    private const string OperationName = "Inbound.HandleWebhook";
    private const string Pat = "s3cr3t-pat-inbound-0123456789abcdef";
    private const string PreviousSecret = "previous-webhook-secret-abcdef";
    private const string PresentedWrongSecret = "presented-wrong-secret-987654";

    private readonly MeterListener _meters = new();
    private readonly List<(string Outcome, string EventType)> _outcomes = [];
    private readonly SpanRecorder _spans = new("IssueSync.Sdk");

    public InboundDiagnosticsTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "IssueSync.Sdk" && instrument.Name == "issuesync.sdk.webhook.outcomes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal(1, value);
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            lock (_outcomes)
            {
                _outcomes.Add(((string)tagged["outcome"]!, (string)tagged["event.type"]!));
            }
        });
        _meters.Start();
    }

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }

    [Fact]
    public async Task No_secret_reaches_any_log_line_at_trace_level()
    {
        using var kit = new InboundTestKit(
            configureOptions: o =>
            {
                o.PersonalAccessToken = Pat;
                o.Webhook.AcceptBasicAuthentication = true;
                o.Webhook.MaxBodyBytes = 8 * 1024;
            },
            optionalPorts: true);
        kit.UpdateInstallation(i => i with { WebhookSecrets = new VstsWebhookSecrets(InboundTestKit.Secret, PreviousSecret) });
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("azure-devops:" + InboundTestKit.Secret));
        // The first states read fails, the first resolve too: every step of the handler logs something.
        kit.Client.Expect(HttpMethod.Get, InboundTestKit.BugStatesUrl).Respond(HttpStatusCode.Unauthorized);
        kit.Client.Mock.When(HttpMethod.Get, InboundTestKit.BugStatesUrl).Respond("application/json", InboundTestKit.BugStatesJson);
        kit.Probe.Fail("IGroupStore.ResolveAsync");

        await kit.DeliverAsync(Load(Benchmark), PresentedWrongSecret);
        await kit.DeliverAsync(Load(Benchmark), secret: null);
        await kit.DeliverAsync(Load("updated-state-active-resolved.json"), PreviousSecret);
        await kit.DeliverWithHeadersAsync(Load(Benchmark), [new("Authorization", basic)]);
        await kit.DeliverAsync(Load(Benchmark));
        await kit.DeliverAsync(Load(Benchmark));
        await kit.DeliverAsync(Edit("deleted.json").WithCollectionId("00000000-0000-0000-0000-000000000009"));
        await kit.DeliverAsync(Edit("commented.json").WithEventType("git.push"));
        await kit.DeliverAsync("commented.json");
        await kit.DeliverAsync("deleted.json");
        await kit.DeliverTextAsync("not json");
        await kit.DeliverAsync(new byte[9 * 1024]);

        var records = kit.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Level <= LogLevel.Debug);
        Assert.Contains(records, r => r.Exception is not null);
        Assert.All(new[] { 6001, 7001, 7002, 7003, 7004, 7005, 7006, 7009, 7015 }, id => Assert.Contains(records, r => r.Id.Id == id));
        var secrets = new[]
        {
            InboundTestKit.Secret, PreviousSecret, PresentedWrongSecret, Pat, basic[6..],
            Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat)),
        };
        foreach (var record in records)
        {
            var text = record.Category + ": " + record.Message + " "
                + string.Join(" ", record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []) + " " + record.Exception;
            SecretAssert.DoesNotLeak(text, secrets);
        }
    }

    [Fact]
    public async Task Outcomes_are_counted_by_outcome_and_event_type()
    {
        using var kit = new InboundTestKit(optionalPorts: true, configureOptions: o => o.Webhook.MaxBodyBytes = 8 * 1024);
        kit.Link("g1", assignee: "u1");

        await kit.DeliverAsync("updated-unassigned.json");
        await kit.DeliverAsync("updated-unassigned.json");
        await kit.DeliverAsync(Edit("updated-assigned-string.json").WithRev(4));
        await kit.DeliverAsync(Edit(Benchmark).WithEventType("git.push"));
        await kit.DeliverAsync(Load(Benchmark), "wrong-secret");
        await kit.DeliverAsync(Edit(Benchmark).WithCollectionId("00000000-0000-0000-0000-000000000009"));
        await kit.DeliverTextAsync("not json");
        await kit.DeliverAsync(new byte[9 * 1024]);
        kit.Probe.Fail("IWorkItemDeletionStore.WorkItemDeletedAsync");
        await kit.DeliverAsync("deleted.json");
        await kit.DeliverAsync("deleted.json");

        Assert.Equal(
            [
                ("applied", "workitem.updated"), ("duplicate", "workitem.updated"), ("stale", "workitem.updated"), ("ignored", "other"),
                ("unauthorized", "workitem.updated"), ("unknown_organization", "workitem.updated"), ("invalid_payload", "other"),
                ("payload_too_large", "other"), ("store_unavailable", "workitem.deleted"), ("applied", "workitem.deleted"),
            ],
            _outcomes);
    }

    [Fact]
    public async Task Each_delivery_is_one_span_with_its_outcome_status_and_work_item()
    {
        using var kit = new InboundTestKit();
        kit.Link("g1");
        kit.ExpectBugStates();

        await kit.DeliverAsync("updated-state-active-resolved.json");
        await kit.DeliverAsync(Load("updated-state-active-resolved.json"), "wrong-secret");

        var spans = _spans.Stopped.Where(a => a.OperationName == OperationName).ToList();
        Assert.Equal(2, spans.Count);
        var (applied, unauthorized) = (spans[0], spans[1]);
        Assert.Equal(ActivityStatusCode.Ok, applied.Status);
        Assert.Equal(OperationName, applied.GetTagItem("issuesync.operation"));
        Assert.Equal("applied", applied.GetTagItem("issuesync.webhook.outcome"));
        Assert.Equal("workitem.updated", applied.GetTagItem("issuesync.webhook.event_type"));
        Assert.Equal(200, applied.GetTagItem("http.response.status_code"));
        Assert.Equal(WorkItemId, applied.GetTagItem("issuesync.work_item.id"));
        Assert.Equal(9, applied.GetTagItem("issuesync.work_item.rev"));
        Assert.Equal(1, applied.GetTagItem("issuesync.webhook.changed_groups"));
        // The states read of the (cold) resolve decision it made is its child.
        var states = Assert.Single(_spans.Stopped, a => a.OperationName == "WorkItemTypes.GetStates");
        Assert.Equal(applied.SpanId, states.ParentSpanId);

        Assert.Equal(ActivityStatusCode.Error, unauthorized.Status);
        Assert.Equal("unauthorized", unauthorized.GetTagItem("issuesync.webhook.outcome"));
        Assert.Equal(401, unauthorized.GetTagItem("http.response.status_code"));
        // Not verified: the work item is not read.
        Assert.Null(unauthorized.GetTagItem("issuesync.work_item.id"));
    }
}
