using System.Diagnostics;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Diagnostics;
using IssueSync.Sdk.Inbound.Models;
using IssueSync.Sdk.Inbound.Triage;
using IssueSync.Sdk.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// The default <see cref="IInboundSyncHandler"/>: size limit, triage, installation, shared secret,
/// event type, dedupe, watermark, echo guard, then the host's stores, in that order (see "Data flow,
/// inbound" in the architecture). Every answer follows Azure DevOps' delivery rules: 2xx for handled
/// and deliberately ignored deliveries, 401 when the sender is not verified, 400 only for a body that
/// is no webhook at all, 413 for an oversized body, 503 when a host store failed. A singleton.
/// </summary>
internal sealed partial class InboundSyncHandler : IInboundSyncHandler
{
    public const string LoggerName = "IssueSync.Sdk.Inbound";
    private const string OperationName = "Inbound.HandleWebhook";

    private readonly IIntegrationStore _integrations;
    private readonly IGroupStore _groups;
    private readonly IAssigneeStore? _assignees;
    private readonly IDeliveryStore _deliveries;
    private readonly IIssueIntegrationFactory _issues;
    private readonly IWorkItemDeletionStore? _deletions;
    private readonly ICommentStore? _comments;
    private readonly IOptionsMonitor<VstsWebhookOptions> _options;
    private readonly ILogger _logger;
    private readonly WorkItemGate _gate = new();
    private readonly IssueSyncServices _sync;
    private readonly TimeProvider _time;

    /// <summary>
    /// How long a delivery waits for an outbound write of the same item, still in flight in this
    /// process, to reach the write ledger before the echo check (well inside Azure DevOps' patience).
    /// </summary>
    internal static readonly TimeSpan OwnWriteWait = TimeSpan.FromSeconds(10);

    public InboundSyncHandler(
        IIntegrationStore integrations,
        IGroupStore groups,
        IAssigneeStore? assignees,
        IDeliveryStore deliveries,
        IIssueIntegrationFactory issues,
        IssueSyncServices sync,
        IOptionsMonitor<VstsWebhookOptions> options,
        ILoggerFactory? loggerFactory = null,
        IWorkItemDeletionStore? deletions = null,
        ICommentStore? comments = null,
        TimeProvider? timeProvider = null)
    {
        _integrations = integrations;
        _groups = groups;
        _assignees = assignees;
        _deliveries = deliveries;
        _issues = issues;
        _options = options;
        _deletions = deletions;
        _comments = comments;
        _sync = sync;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerName);
    }

    public async Task<VstsWebhookResult> HandleAsync(VstsWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        using var activity = VstsTelemetry.ActivitySource.StartActivity(OperationName, ActivityKind.Internal);
        activity?.SetTag("issuesync.operation", OperationName);
        var delivery = new Delivery(request.Body);
        VstsWebhookResult result;
        try
        {
            result = await HandleCoreAsync(request, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }

        Record(delivery, result, activity, started);
        return result with
        {
            EventType = delivery.Envelope.Kind == WebhookEventKind.Other
                ? delivery.Envelope.EventType.GetString(delivery.Body.Span)
                : delivery.EventType,
            WorkItemId = delivery.WorkItemId,
            Revision = delivery.Revision,
        };
    }

    private async Task<VstsWebhookResult> HandleCoreAsync(VstsWebhookRequest request, Delivery delivery, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (request.Body.Length > options.MaxBodyBytes)
        {
            InboundLog.TooLarge(_logger, request.Body.Length, options.MaxBodyBytes);
            return Answer(413, VstsWebhookOutcome.PayloadTooLarge, "The body is larger than the webhook size limit.");
        }

        var failure = WebhookTriage.Read(request.Body.Span, out delivery.Envelope);
        if (failure != WebhookTriage.Failure.None)
        {
            var problem = failure switch
            {
                WebhookTriage.Failure.NotJson => "the body is not JSON",
                WebhookTriage.Failure.NotAnObject => "the body is not a JSON object",
                WebhookTriage.Failure.NoEventType => "no eventType",
                _ => "no resourceContainers.collection.id",
            };
            return Invalid(problem);
        }

        if (delivery.Envelope.CollectionId.GetString(request.Body.Span) is not { } organizationId || string.IsNullOrWhiteSpace(organizationId))
        {
            // Blank, or an escape that is no text: no installation can be keyed by it.
            return Invalid("no resourceContainers.collection.id");
        }

        delivery.OrganizationId = organizationId;
        VstsInstallation? installation;
        try
        {
            installation = await _integrations.FindByOrganizationIdAsync(delivery.OrganizationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return StoreFailed(nameof(IIntegrationStore), null, ex, options);
        }

        if (installation is null)
        {
            InboundLog.UnknownOrganization(_logger, delivery.OrganizationId);
            return Answer(401, VstsWebhookOutcome.UnknownOrganization, "No installation is linked to the organization of this event.");
        }

        delivery.Installation = installation;
        // The store found it case-insensitively; every later key uses the id as the host stored it,
        // the one the outbound side records its writes under.
        delivery.OrganizationId = installation.OrganizationId;
        var verdict = WebhookSecretVerifier.Verify(request, installation.WebhookSecrets, options);
        if (verdict != WebhookSecretVerifier.Verdict.Valid)
        {
            var problem = verdict switch
            {
                WebhookSecretVerifier.Verdict.NotConfigured => "the installation has no webhook secret",
                WebhookSecretVerifier.Verdict.Missing => "no shared secret",
                _ => "wrong shared secret",
            };
            InboundLog.Unauthorized(_logger, installation.IntegrationId, problem);
            return Answer(401, VstsWebhookOutcome.Unauthorized, "The delivery could not be verified.");
        }

        return delivery.Envelope.Kind switch
        {
            WebhookEventKind.WorkItemUpdated or WebhookEventKind.WorkItemCreated => await HandleWorkItemChangeAsync(delivery, options, cancellationToken).ConfigureAwait(false),
            WebhookEventKind.WorkItemDeleted when _deletions is not null => await HandleDeletedAsync(delivery, _deletions, options, cancellationToken).ConfigureAwait(false),
            WebhookEventKind.WorkItemCommented when _comments is not null => await HandleCommentedAsync(delivery, _comments, options, cancellationToken).ConfigureAwait(false),
            _ => Ignored(delivery, "the event type is not one this host handles."),
        };
    }

    /// <summary>
    /// Records the delivery ids once (subscription + notification id, and the event id): the first
    /// delivery claims them, a redelivery of the same notification or event finds them taken.
    /// </summary>
    /// <returns>The claim, or <see langword="null"/> for a duplicate.</returns>
    private async Task<DeliveryClaim?> ClaimAsync(Delivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        var claim = DeliveryClaim.Of(delivery);
        if (claim.NotificationKey is not null && !await _deliveries.TryRecordDeliveryAsync(claim.NotificationKey, options.DeliveryRetention, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (claim.EventKey is null)
        {
            return claim;
        }

        bool first;
        try
        {
            first = await _deliveries.TryRecordDeliveryAsync(claim.EventKey, options.DeliveryRetention, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The caller never sees this claim: give back the notification just recorded, or its redelivery is a "duplicate".
            await ReleaseAsync(claim with { EventKey = null }).ConfigureAwait(false);
            throw;
        }

        // Another notification of the same event was handled: this one is done too (its own key stays).
        return first ? claim : null;
    }

    /// <summary>Gives a failed delivery's ids back, so Azure DevOps' redelivery is processed. Best effort.</summary>
    private async Task ReleaseAsync(DeliveryClaim? claim)
    {
        if (claim is null)
        {
            return;
        }

        try
        {
            if (claim.NotificationKey is not null)
            {
                await _deliveries.ForgetDeliveryAsync(claim.NotificationKey, CancellationToken.None).ConfigureAwait(false);
            }

            if (claim.EventKey is not null)
            {
                await _deliveries.ForgetDeliveryAsync(claim.EventKey, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            InboundLog.DeliveryNotForgotten(_logger, ex);
        }
    }

    /// <summary>
    /// Reads the work item, revision and reviser of a delivery into it. In an update <c>resource.id</c>
    /// is the update number and the item is <c>resource.workItemId</c> (else <c>resource.revision.id</c>);
    /// in the other events the resource is the item (<c>resource.id</c>, else <c>workItemId</c>).
    /// Revisions start at 1: a zero or negative one is no revision (no watermark can be set to it).
    /// </summary>
    /// <returns>The work item, or <see langword="null"/> when the event names none.</returns>
    private static int? ReadWorkItem(Delivery delivery)
    {
        var body = delivery.Body.Span;
        ref readonly var envelope = ref delivery.Envelope;
        var workItemId = envelope.Kind == WebhookEventKind.WorkItemUpdated
            ? Positive(envelope.ResourceWorkItemId.GetInt32(body)) ?? Positive(envelope.RevisionId.GetInt32(body))
            : Positive(envelope.ResourceId.GetInt32(body)) ?? Positive(envelope.ResourceWorkItemId.GetInt32(body));
        if (workItemId is null)
        {
            return null;
        }

        delivery.WorkItemId = workItemId;
        delivery.Revision = Positive(envelope.ResourceRev.GetInt32(body) ?? envelope.Fields.Rev.Current.GetInt32(body) ?? envelope.RevisionRev.GetInt32(body));
        delivery.RevisedById = envelope.RevisedById.GetString(body);
        return workItemId;
    }

    private static int? Positive(int? value) => value > 0 ? value : null;

    /// <summary>
    /// Waits (bounded) until no outbound write of this process to the item is in flight: its webhook
    /// may arrive before the write's answer, and so before the ledger says the revision is the SDK's.
    /// </summary>
    private async Task WaitForOwnWritesAsync(Delivery delivery, int workItemId, CancellationToken cancellationToken)
    {
        var idle = _sync.InFlightWrites.WhenIdle(delivery.OrganizationId, workItemId);
        if (idle.IsCompleted)
        {
            return;
        }

        try
        {
            await idle.WaitAsync(OwnWriteWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            InboundLog.OwnWriteStillInFlight(_logger, workItemId, OwnWriteWait.TotalSeconds);
        }
    }

    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private VstsWebhookResult StoreFailed(string store, string? integrationId, Exception exception, VstsWebhookOptions options, IReadOnlyList<string>? changed = null)
    {
        InboundLog.StoreFailed(_logger, store, integrationId, exception);
        return Answer(503, VstsWebhookOutcome.StoreUnavailable, "A host store failed; deliver the event again later.", options.StoreFailureRetryAfter, changed);
    }

    private VstsWebhookResult Invalid(string problem)
    {
        InboundLog.Invalid(_logger, problem);
        return Answer(400, VstsWebhookOutcome.InvalidPayload, $"Not an Azure DevOps service-hook event: {problem}.");
    }

    private VstsWebhookResult Ignored(Delivery delivery, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Verified deliveries only reach here; the payload's own event type names what was ignored.
            var eventType = delivery.Envelope.EventType.GetString(delivery.Body.Span) ?? delivery.EventType;
            InboundLog.Ignored(_logger, eventType, delivery.Installation?.IntegrationId ?? string.Empty, reason);
        }

        return Answer(200, VstsWebhookOutcome.Ignored, "Ignored: " + reason);
    }

    private static VstsWebhookResult Answer(int status, VstsWebhookOutcome outcome, string reason, TimeSpan? retryAfter = null, IReadOnlyList<string>? changed = null) => new()
    {
        StatusCode = status,
        Outcome = outcome,
        Reason = reason,
        RetryAfter = retryAfter,
        ChangedGroupIds = changed ?? [],
    };

    private static void Record(Delivery delivery, VstsWebhookResult result, Activity? activity, long started)
    {
        var eventType = EventTypeTag(delivery.Envelope.Kind);
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
        if (delivery.WorkItemId is { } workItemId)
        {
            activity.SetTag("issuesync.work_item.id", workItemId);
        }

        if (delivery.Revision is { } revision)
        {
            activity.SetTag("issuesync.work_item.rev", revision);
        }

        if (result.ChangedGroupIds.Count > 0)
        {
            activity.SetTag("issuesync.webhook.changed_groups", result.ChangedGroupIds.Count);
        }

        activity.SetStatus(result.StatusCode < 400 ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.StatusCode < 400 ? null : outcome);
    }

    private static string EventTypeTag(WebhookEventKind kind) => kind switch
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

    /// <summary>One delivery as it moves through the steps.</summary>
    private sealed class Delivery(ReadOnlyMemory<byte> body)
    {
        public readonly ReadOnlyMemory<byte> Body = body;
        public WebhookEnvelope Envelope;
        public string OrganizationId = string.Empty;
        public VstsInstallation? Installation;
        public int? WorkItemId;
        public int? Revision;
        public string? RevisedById;

        /// <summary>The event type as tagged and logged (a constant, not the payload's text).</summary>
        public string EventType => EventTypeTag(Envelope.Kind);
    }

    /// <summary>The delivery ids of one delivery, scoped to its organization.</summary>
    private sealed record DeliveryClaim(string? NotificationKey, string? EventKey)
    {
        public static DeliveryClaim Of(Delivery delivery)
        {
            var body = delivery.Body.Span;
            ref readonly var envelope = ref delivery.Envelope;
            var subscriptionId = envelope.SubscriptionId.GetString(body);
            var notificationId = envelope.NotificationId.GetInt32(body);
            var eventId = envelope.EventId.GetString(body);
            return new DeliveryClaim(
                subscriptionId is { Length: > 0 } && notificationId is { } notification ? $"{delivery.OrganizationId}:notification:{subscriptionId}:{notification}" : null,
                eventId is { Length: > 0 } ? $"{delivery.OrganizationId}:event:{eventId}" : null);
        }
    }
}
