using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Patch;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// The baseline of <see cref="WebhookHandlingBenchmarks"/>: the inbound steps of the SDK's handler for
/// a <c>workitem.updated</c>, in the same order and with the same store calls, written the common way
/// over Newtonsoft.Json: the body decoded to a string, parsed into a <see cref="JObject"/> (default
/// settings), values read by indexer and cast. The shared secret is checked the canonical constant-time
/// way (SHA-256 of the presented and of each stored secret, <see cref="CryptographicOperations.FixedTimeEquals"/>).
/// The rest is the SDK's own pieces: the email parse (<see cref="VstsIdentity.Parse(string)"/>), the
/// resolve decision (<see cref="ResolveDecision.TryDecideFromCache"/>, else through the connector's client), the
/// dedupe keys' text, the per-field watermarks (<see cref="FieldWatermarks"/>), one lock per delivery, the
/// result type. Only the paths the benchmark takes are complete (no Basic authentication, no 503
/// handling, no late deliveries older than every applied one, no pending ledger entries, no
/// <c>workitem.created</c>, <c>deleted</c> or <c>commented</c>).
/// </summary>
internal sealed class NewtonsoftWebhookHandler(
    IIntegrationStore integrations,
    IGroupStore groups,
    IAssigneeStore assignees,
    IDeliveryDedupeStore dedupe,
    FieldWatermarks watermarks,
    IOwnWriteLedger ledger,
    InstallationConnector connector,
    ResolveDecision decision,
    VstsWebhookOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<VstsWebhookResult> HandleAsync(VstsWebhookRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Body.Length > options.MaxBodyBytes)
        {
            return Answer(413, VstsWebhookOutcome.PayloadTooLarge, "The body is larger than the webhook size limit.");
        }

        JObject root;
        try
        {
            root = JObject.Parse(Encoding.UTF8.GetString(request.Body.Span));
        }
        catch (JsonReaderException)
        {
            return Answer(400, VstsWebhookOutcome.InvalidPayload, "Not an Azure DevOps service-hook event: the body is not JSON.");
        }

        var eventType = (string?)root["eventType"];
        var organizationId = (string?)root["resourceContainers"]?["collection"]?["id"];
        if (eventType is null || string.IsNullOrEmpty(organizationId))
        {
            return Answer(400, VstsWebhookOutcome.InvalidPayload, "Not an Azure DevOps service-hook event.");
        }

        var installation = await integrations.FindByOrganizationIdAsync(organizationId, cancellationToken).ConfigureAwait(false);
        if (installation is null)
        {
            return Answer(401, VstsWebhookOutcome.UnknownOrganization, "No installation is linked to the organization of this event.");
        }

        var presented = request.GetHeader(options.SecretHeaderName)?.Trim();
        if (string.IsNullOrEmpty(presented) || installation.WebhookSecrets is not { Current.Length: > 0 } secrets
            || !(SecretEquals(presented, secrets.Current) | SecretEquals(presented, secrets.Previous)))
        {
            return Answer(401, VstsWebhookOutcome.Unauthorized, "The delivery could not be verified.");
        }

        var settings = installation.SyncSettings;
        if (eventType != "workitem.updated" || (!settings.AssigneeInbound && !settings.StatusInbound))
        {
            return Answer(200, VstsWebhookOutcome.Ignored, "Ignored.");
        }

        // In an update resource.id is the update number; the item is resource.workItemId.
        var resource = root["resource"] as JObject;
        var fields = resource?["fields"] as JObject;
        var revisionFields = resource?["revision"]?["fields"] as JObject;
        var workItemId = (int?)resource?["workItemId"] ?? (int?)resource?["revision"]?["id"];
        if (workItemId is not { } item || item <= 0)
        {
            return Answer(200, VstsWebhookOutcome.Ignored, "Ignored: the event names no work item.");
        }

        var revision = (int?)resource!["rev"] ?? (int?)fields?["System.Rev"]?["newValue"] ?? (int?)resource["revision"]?["rev"];
        var revisedById = (string?)resource["revisedBy"]?["id"];
        var (assign, deassign, email) = settings.AssigneeInbound ? ReadAssignee(fields?["System.AssignedTo"]) : (false, false, null);
        var state = settings.StatusInbound ? fields?["System.State"] : null;
        var newState = state is JObject ? (string?)state["newValue"] : null;
        var oldState = state is JObject ? (string?)state["oldValue"] : null;
        if (string.IsNullOrWhiteSpace(newState))
        {
            newState = null;
        }

        string? project = null, workItemType = null;
        if (newState is not null)
        {
            project = (string?)root["resourceContainers"]?["project"]?["id"] ?? (string?)revisionFields?["System.TeamProject"];
            workItemType = (string?)revisionFields?["System.WorkItemType"];
        }

        if (!assign && !deassign && newState is null)
        {
            return Answer(200, VstsWebhookOutcome.Ignored, "Ignored: no field the sync follows changed.");
        }

        // Dedupe: subscription + notification id, then the event id.
        var subscriptionId = (string?)root["subscriptionId"];
        var notificationId = (int?)root["notificationId"];
        var eventId = (string?)root["id"];
        if ((subscriptionId is { Length: > 0 } && notificationId is { } notification
                && !await dedupe.TryClaimAsync($"{organizationId}:notification:{subscriptionId}:{notification}", options.DeliveryRetention, cancellationToken).ConfigureAwait(false))
            || (eventId is { Length: > 0 }
                && !await dedupe.TryClaimAsync($"{organizationId}:event:{eventId}", options.DeliveryRetention, cancellationToken).ConfigureAwait(false)))
        {
            return Answer(200, VstsWebhookOutcome.Duplicate, "This delivery was handled before.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Per field: a change is due only when newer than what was applied to that field.
            var marks = revision is null ? [] : await watermarks.ReadAsync(organizationId, item, cancellationToken).ConfigureAwait(false);
            var assigneeMark = FieldWatermarks.Find(marks, WorkItemFields.AssignedTo);
            var stateMark = FieldWatermarks.Find(marks, WorkItemFields.State);
            var assigneeDue = (assign || deassign) && (revision is null || revision > (assigneeMark?.Revision ?? 0));
            var stateDue = newState is not null && (revision is null || revision > (stateMark?.Revision ?? 0));
            if (!assigneeDue && !stateDue)
            {
                return Answer(200, VstsWebhookOutcome.Stale, "A newer revision of every changed field was applied already.");
            }

            var dedicated = installation.SdkIdentityIsDedicated && string.Equals(installation.SdkIdentityId, revisedById, StringComparison.OrdinalIgnoreCase);
            var own = dedicated || revision is not { } written
                ? []
                : await ledger.FindAsync(organizationId, item, written, cancellationToken).ConfigureAwait(false);
            var applyAssignee = assigneeDue && !dedicated && !own.Any(w => w.IsConfirmed && w.Fields.ContainsKey(WorkItemFields.AssignedTo));
            var applyState = stateDue && !dedicated && !own.Any(w => w.IsConfirmed && w.Fields.ContainsKey(WorkItemFields.State));

            // As the SDK: the assignee is recorded after it is applied; a state action is recorded as pending first, confirmed after.
            var changed = new List<string>();
            IReadOnlyList<LinkedGroup> linked = [];
            if (applyAssignee || applyState)
            {
                linked = await groups.FindLinkedGroupsAsync(installation.IntegrationId, item, cancellationToken).ConfigureAwait(false);
            }

            var source = ChangeSource.FromIntegration(installation.IntegrationId);
            if (assigneeDue)
            {
                if (applyAssignee)
                {
                    foreach (var group in linked)
                    {
                        if (deassign)
                        {
                            await assignees.DeassignAsync(group, source, cancellationToken).ConfigureAwait(false);
                            changed.Add(group.GroupId);
                        }
                        else if (assign && await assignees.FindUserByEmailAsync(group.HostProjectId, email!, cancellationToken).ConfigureAwait(false) is { } user
                            && group.AssigneeUserId != user.UserId)
                        {
                            await assignees.AssignAsync(group, user, source, cancellationToken).ConfigureAwait(false);
                            changed.Add(group.GroupId);
                        }
                    }
                }

                await RecordAsync(assigneeMark, WorkItemFields.AssignedTo, email, null, null).ConfigureAwait(false);
            }

            if (stateDue && project is { Length: > 0 } && workItemType is { Length: > 0 })
            {
                var action = ResolveSyncAction.None;
                if (applyState)
                {
                    // The SDK's own decision, the same way its handler makes it: from the state last applied, from the cache when warm.
                    var from = stateMark?.Value ?? oldState;
                    if (!decision.TryDecideFromCache(installation.OrganizationUrl, project, workItemType, from, newState, out action))
                    {
                        var connected = await connector.ConnectAsync(installation, cancellationToken).ConfigureAwait(false);
                        action = await decision.TryDecideAsync(connected.Client, from, newState, project, workItemType, cancellationToken).ConfigureAwait(false) ?? ResolveSyncAction.None;
                    }
                }

                var pendingAction = action switch
                {
                    ResolveSyncAction.Resolve => FieldWatermarks.Resolve,
                    ResolveSyncAction.Unresolve => FieldWatermarks.Unresolve,
                    _ => null,
                };
                var pending = await RecordAsync(stateMark, WorkItemFields.State, newState, oldState, pendingAction).ConfigureAwait(false);
                if (pendingAction is not null)
                {
                    foreach (var group in linked)
                    {
                        if (action == ResolveSyncAction.Resolve && !group.IsResolved)
                        {
                            await groups.ResolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                        }
                        else if (action == ResolveSyncAction.Unresolve && group.IsResolved)
                        {
                            await groups.UnresolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            continue;
                        }

                        if (!changed.Contains(group.GroupId))
                        {
                            changed.Add(group.GroupId);
                        }
                    }

                    await ConfirmAsync(pending).ConfigureAwait(false);
                }
            }

            return Answer(200, VstsWebhookOutcome.Applied, "Applied.", changed) with { EventType = eventType, WorkItemId = item, Revision = revision };

            async Task<SyncWatermark?> RecordAsync(SyncWatermark? read, string field, string? value, string? prior, string? pendingAction) =>
                revision is { } applied
                    ? await watermarks.TryRecordAsync(organizationId, item, read, field, applied, value, prior, pendingAction, cancellationToken).ConfigureAwait(false)
                    : null;

            async Task ConfirmAsync(SyncWatermark? pending)
            {
                if (pending is not null)
                {
                    await watermarks.TryConfirmAsync(organizationId, item, pending, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The new <c>System.AssignedTo</c> of an update: cleared (absent, null, empty) deassigns, a value
    /// with an email assigns; an identity object's email is its <c>uniqueName</c>.
    /// </summary>
    private static (bool Assign, bool Deassign, string? Email) ReadAssignee(JToken? field)
    {
        if (field is null)
        {
            return (false, false, null);
        }

        var value = field is JObject pair && (pair.ContainsKey("newValue") || pair.ContainsKey("oldValue")) ? pair["newValue"] : field;
        if (value is null || value.Type == JTokenType.Null || (value.Type == JTokenType.String && ((string?)value)!.Length == 0))
        {
            return (false, true, null);
        }

        var email = value is JObject identity
            ? (string?)identity["uniqueName"] is { } unique && unique.Contains('@', StringComparison.Ordinal) ? unique : VstsIdentity.Parse((string?)identity["name"])?.Email
            : value.Type == JTokenType.String ? VstsIdentity.Parse((string?)value)?.Email : null;
        return email is { Length: > 0 } ? (true, false, email) : (false, false, null);
    }

    /// <summary>Compares SHA-256 digests in constant time, so neither content nor length shows in the timing.</summary>
    private static bool SecretEquals(string presented, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static VstsWebhookResult Answer(int status, VstsWebhookOutcome outcome, string reason, IReadOnlyList<string>? changed = null) => new()
    {
        StatusCode = status,
        Outcome = outcome,
        Reason = reason,
        ChangedGroupIds = changed ?? [],
    };
}
