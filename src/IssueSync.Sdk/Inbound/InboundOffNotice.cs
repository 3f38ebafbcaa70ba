using System.Collections.Concurrent;
using IssueSync.Sdk.Abstractions;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Every sync direction defaults to off. When a <c>workitem.updated</c> or <c>workitem.created</c> delivery
/// arrives for an installation that has a subscription for that event while the direction it would apply is
/// off, the host is told once per installation and direction (a Warning), not once per delivery: the
/// deliveries themselves are answered "Ignored" as before. A singleton, one per inbound handler.
/// </summary>
internal sealed class InboundOffNotice(ILogger logger)
{
    private const string Both = nameof(VstsSyncSettings.StatusInbound) + " and " + nameof(VstsSyncSettings.AssigneeInbound);

    private readonly ConcurrentDictionary<(string IntegrationId, string Settings), byte> _told = new();

    /// <summary>
    /// Tells the host (once) about the directions this delivery would apply that are off: both when both are
    /// off, otherwise the one whose field the delivery names.
    /// </summary>
    public void Check(VerifiedDelivery delivery, VstsSyncSettings settings)
    {
        string? off;
        if (!settings.StatusInbound && !settings.AssigneeInbound)
        {
            off = Both;
        }
        else if (!settings.StatusInbound && delivery.Envelope.Fields.State.IsPresent)
        {
            off = nameof(VstsSyncSettings.StatusInbound);
        }
        else if (!settings.AssigneeInbound && delivery.Envelope.Fields.AssignedTo.IsPresent)
        {
            off = nameof(VstsSyncSettings.AssigneeInbound);
        }
        else
        {
            return;
        }

        var installation = delivery.Installation;
        var eventType = delivery.EventType;
        if (!Subscribed(installation, eventType) || !_told.TryAdd((installation.IntegrationId, off), 0))
        {
            return;
        }

        InboundLog.InboundOff(logger, installation.IntegrationId, eventType, off);
    }

    private static bool Subscribed(VstsInstallation installation, string eventType)
    {
        foreach (var subscription in installation.Subscriptions)
        {
            if (string.Equals(subscription.EventType, eventType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
