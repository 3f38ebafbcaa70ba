using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound.Models;
using IssueSync.Sdk.Inbound.Triage;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// A delivery whose sender was verified: the body, what the triage found in it, and the installation
/// it is for. Immutable; the event handlers read the values they need from it.
/// </summary>
internal sealed class VerifiedDelivery
{
    private readonly WebhookEnvelope _envelope;

    public VerifiedDelivery(ReadOnlyMemory<byte> body, in WebhookEnvelope envelope, VstsInstallation installation)
    {
        Body = body;
        _envelope = envelope;
        Installation = installation;
        Item = ReadWorkItem(body.Span, envelope);
    }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>What the triage found.</summary>
    public ref readonly WebhookEnvelope Envelope => ref _envelope;

    public VstsInstallation Installation { get; }

    /// <summary>
    /// The organization id as the host stored it (the store finds it case-insensitively): every key uses
    /// it, as the outbound side records its writes under it.
    /// </summary>
    public string OrganizationId => Installation.OrganizationId;

    /// <summary>The event type as tagged and logged (a constant, not the payload's text).</summary>
    public string EventType => InboundTelemetry.EventTypeTag(_envelope.Kind);

    /// <summary>The work item, revision and reviser the event names, or <see langword="null"/> when it names no work item.</summary>
    public WorkItemRevision? Item { get; }

    /// <summary>
    /// The dedupe keys, scoped to the organization: subscription + notification id (a retry of the same
    /// notification), and the event id (the same event sent again in another notification).
    /// </summary>
    public (string? NotificationKey, string? EventKey) DeliveryKeys()
    {
        var body = Body.Span;
        var subscriptionId = _envelope.SubscriptionId.GetString(body);
        var notificationId = _envelope.NotificationId.GetInt32(body);
        var eventId = _envelope.EventId.GetString(body);
        return (
            subscriptionId is { Length: > 0 } && notificationId is { } notification ? $"{OrganizationId}:notification:{subscriptionId}:{notification}" : null,
            eventId is { Length: > 0 } ? $"{OrganizationId}:event:{eventId}" : null);
    }

    /// <summary>
    /// In an update <c>resource.id</c> is the update number and the item is <c>resource.workItemId</c>
    /// (else <c>resource.revision.id</c>); in the other events the resource is the item (<c>resource.id</c>,
    /// else <c>workItemId</c>). Revisions start at 1: a zero or negative one is no revision.
    /// </summary>
    private static WorkItemRevision? ReadWorkItem(ReadOnlySpan<byte> body, in WebhookEnvelope envelope)
    {
        var workItemId = envelope.Kind == WebhookEventKind.WorkItemUpdated
            ? Positive(envelope.ResourceWorkItemId.GetInt32(body)) ?? Positive(envelope.RevisionId.GetInt32(body))
            : Positive(envelope.ResourceId.GetInt32(body)) ?? Positive(envelope.ResourceWorkItemId.GetInt32(body));
        if (workItemId is not { } id)
        {
            return null;
        }

        var revision = Positive(envelope.ResourceRev.GetInt32(body) ?? envelope.Fields.Rev.Current.GetInt32(body) ?? envelope.RevisionRev.GetInt32(body));
        return new WorkItemRevision(id, revision, envelope.RevisedById.GetString(body));
    }

    private static int? Positive(int? value) => value > 0 ? value : null;
}
