using System.Diagnostics;
using IssueSync.Sdk.Diagnostics;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Inbound.Triage;

namespace IssueSync.Sdk.Inbound;

/// <summary>The delivery span's tags, the outcome counter and the duration histogram, with their fixed tag values.</summary>
internal static class InboundTelemetry
{
    public const string OperationName = "Inbound.HandleWebhook";

    public static void Record(WebhookEventKind kind, VstsWebhookResult result, Activity? activity, long started)
    {
        var eventType = EventTypeTag(kind);
        var outcome = OutcomeTag(result.Outcome);
        if (VstsTelemetry.WebhookOutcomes.Enabled)
        {
            VstsTelemetry.WebhookOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("event.type", eventType));
        }

        if (VstsTelemetry.OperationDuration.Enabled)
        {
            VstsTelemetry.OperationDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", OperationName),
                new KeyValuePair<string, object?>("status", result.StatusCode),
                new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("issuesync.webhook.event_type", eventType);
        activity.SetTag("issuesync.webhook.outcome", outcome);
        activity.SetTag("http.response.status_code", result.StatusCode);
        if (result.WorkItemId is { } workItemId)
        {
            activity.SetTag("issuesync.work_item.id", workItemId);
        }

        if (result.Revision is { } revision)
        {
            activity.SetTag("issuesync.work_item.rev", revision);
        }

        if (result.ChangedGroupIds.Count > 0)
        {
            activity.SetTag("issuesync.webhook.changed_groups", result.ChangedGroupIds.Count);
        }

        activity.SetStatus(result.StatusCode < 400 ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.StatusCode < 400 ? null : outcome);
    }

    public static string EventTypeTag(WebhookEventKind kind) => kind switch
    {
        WebhookEventKind.WorkItemUpdated => VstsWebhookEventType.WorkItemUpdated.Value,
        WebhookEventKind.WorkItemCreated => VstsWebhookEventType.WorkItemCreated.Value,
        WebhookEventKind.WorkItemDeleted => VstsWebhookEventType.WorkItemDeleted.Value,
        WebhookEventKind.WorkItemCommented => VstsWebhookEventType.WorkItemCommented.Value,
        _ => "other",
    };

    private static string OutcomeTag(VstsWebhookOutcome outcome) => outcome switch
    {
        VstsWebhookOutcome.Applied => "applied",
        VstsWebhookOutcome.Ignored => "ignored",
        VstsWebhookOutcome.Duplicate => "duplicate",
        VstsWebhookOutcome.Stale => "stale",
        VstsWebhookOutcome.Echo => "echo",
        VstsWebhookOutcome.InvalidPayload => "invalid_payload",
        VstsWebhookOutcome.UnknownOrganization => "unknown_organization",
        VstsWebhookOutcome.Unauthorized => "unauthorized",
        VstsWebhookOutcome.PayloadTooLarge => "payload_too_large",
        _ => "store_unavailable",
    };
}
