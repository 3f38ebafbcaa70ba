using System.Diagnostics;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Diagnostics;
using IssueSync.Sdk.Inbound.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// The default <see cref="IInboundSyncHandler"/>, the front door: size limit, triage, installation,
/// shared secret, then one handler per event type (updated and created, deleted, commented), which
/// dedupes, guards order and echoes, and calls the host's stores (see "Data flow, inbound" in the
/// architecture). Every answer follows Azure DevOps' delivery rules: 2xx for handled and deliberately
/// ignored deliveries, 401 when the sender is not verified, 400 only for a body that is no webhook at
/// all, 413 for an oversized body, 503 when a store failed. A singleton.
/// </summary>
internal sealed class InboundSyncHandler : IInboundSyncHandler
{
    public const string LoggerName = "IssueSync.Sdk.Inbound";

    private readonly IIntegrationStore _integrations;
    private readonly IOptionsMonitor<VstsWebhookOptions> _options;
    private readonly ILogger _logger;
    private readonly WorkItemChangeHandler _changes;
    private readonly WorkItemDeletedHandler? _deletions;
    private readonly WorkItemCommentedHandler? _comments;

    public InboundSyncHandler(
        IIntegrationStore integrations,
        IOptionsMonitor<VstsWebhookOptions> options,
        ILogger logger,
        WorkItemChangeHandler changes,
        WorkItemDeletedHandler? deletions,
        WorkItemCommentedHandler? comments)
    {
        _integrations = integrations;
        _options = options;
        _logger = logger;
        _changes = changes;
        _deletions = deletions;
        _comments = comments;
    }

    public async Task<VstsWebhookResult> HandleAsync(VstsWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        using var activity = VstsTelemetry.ActivitySource.StartActivity(InboundTelemetry.OperationName, ActivityKind.Internal);
        activity?.SetTag("issuesync.operation", InboundTelemetry.OperationName);
        var envelope = default(WebhookEnvelope);
        VstsWebhookResult result;
        try
        {
            result = await HandleCoreAsync(request, options: _options.CurrentValue, ref envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }

        InboundTelemetry.Record(envelope.Kind, result, activity, started);
        return result with
        {
            EventType = envelope.Kind == WebhookEventKind.Other
                ? envelope.EventType.GetString(request.Body.Span)
                : InboundTelemetry.EventTypeTag(envelope.Kind),
        };
    }

    private ValueTask<VstsWebhookResult> HandleCoreAsync(VstsWebhookRequest request, VstsWebhookOptions options, ref WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        if (request.Body.Length > options.MaxBodyBytes)
        {
            InboundLog.TooLarge(_logger, request.Body.Length, options.MaxBodyBytes);
            return ValueTask.FromResult(InboundAnswers.Answer(413, VstsWebhookOutcome.PayloadTooLarge, "The body is larger than the webhook size limit."));
        }

        var failure = WebhookTriage.Read(request.Body.Span, out envelope);
        if (failure != WebhookTriage.Failure.None)
        {
            var problem = failure switch
            {
                WebhookTriage.Failure.NotJson => "the body is not JSON",
                WebhookTriage.Failure.NotAnObject => "the body is not a JSON object",
                WebhookTriage.Failure.NoEventType => "no eventType",
                _ => "no resourceContainers.collection.id",
            };
            return ValueTask.FromResult(Invalid(problem));
        }

        if (envelope.CollectionId.GetString(request.Body.Span) is not { } organizationId || string.IsNullOrWhiteSpace(organizationId))
        {
            // Blank, or an escape that is no text: no installation can be keyed by it.
            return ValueTask.FromResult(Invalid("no resourceContainers.collection.id"));
        }

        return VerifyAndDispatchAsync(request, envelope, organizationId, options, cancellationToken);
    }

    private async ValueTask<VstsWebhookResult> VerifyAndDispatchAsync(VstsWebhookRequest request, WebhookEnvelope envelope, string organizationId, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        VstsInstallation? installation;
        try
        {
            installation = await _integrations.FindByOrganizationIdAsync(organizationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            InboundLog.StoreFailed(_logger, nameof(IIntegrationStore), null, ex);
            return InboundAnswers.StoreFailed(null, options);
        }

        if (installation is null)
        {
            InboundLog.UnknownOrganization(_logger, organizationId);
            return InboundAnswers.Answer(401, VstsWebhookOutcome.UnknownOrganization, "No installation is linked to the organization of this event.");
        }

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
            return InboundAnswers.Answer(401, VstsWebhookOutcome.Unauthorized, "The delivery could not be verified.");
        }

        var delivery = new VerifiedDelivery(request.Body, envelope, installation);
        var result = envelope.Kind switch
        {
            WebhookEventKind.WorkItemUpdated or WebhookEventKind.WorkItemCreated => await _changes.HandleAsync(delivery, options, cancellationToken).ConfigureAwait(false),
            WebhookEventKind.WorkItemDeleted when _deletions is not null => await _deletions.HandleAsync(delivery, options, cancellationToken).ConfigureAwait(false),
            WebhookEventKind.WorkItemCommented when _comments is not null => await _comments.HandleAsync(delivery, options, cancellationToken).ConfigureAwait(false),
            _ => Ignored(_logger, delivery, "the event type is not one this host handles."),
        };

        // An answer the event handler did not tie to the item (an early "ignored") still says which item it was.
        return result.WorkItemId is null && delivery.Item is { } item
            ? result with { WorkItemId = item.WorkItemId, Revision = item.Revision }
            : result;
    }

    /// <summary>A verified delivery deliberately left alone: 200, no store touched.</summary>
    internal static VstsWebhookResult Ignored(ILogger logger, VerifiedDelivery delivery, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            // The payload's own event type names what was ignored.
            var eventType = delivery.Envelope.EventType.GetString(delivery.Body.Span) ?? delivery.EventType;
            InboundLog.Ignored(logger, eventType, delivery.Installation.IntegrationId, reason);
        }

        return InboundAnswers.Answer(200, VstsWebhookOutcome.Ignored, "Ignored: " + reason);
    }

    private VstsWebhookResult Invalid(string problem)
    {
        InboundLog.Invalid(_logger, problem);
        return InboundAnswers.Answer(400, VstsWebhookOutcome.InvalidPayload, $"Not an Azure DevOps service-hook event: {problem}.");
    }
}
