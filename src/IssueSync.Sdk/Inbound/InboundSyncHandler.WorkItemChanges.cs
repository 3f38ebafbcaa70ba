using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Inbound.Triage;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Inbound;

/// <summary><c>workitem.updated</c> and <c>workitem.created</c>: assignee and status changes applied to the linked groups.</summary>
internal sealed partial class InboundSyncHandler
{
    private enum AssigneeChange
    {
        None,
        Assign,
        Deassign,
        Unparseable,
    }

    private async Task<VstsWebhookResult> HandleWorkItemChangeAsync(Delivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        var installation = delivery.Installation!;
        var settings = installation.SyncSettings;
        if (!settings.AssigneeInbound && !settings.StatusInbound)
        {
            return Ignored(delivery, "inbound sync is off for this installation.");
        }

        if (ReadChange(delivery, settings) is not { } change)
        {
            return Ignored(delivery, "the event names no work item.");
        }

        var workItemId = change.WorkItemId;
        var revision = change.Revision;
        var assignee = change.Assignee;
        var newState = change.NewState;
        if (assignee == AssigneeChange.None && newState is null)
        {
            return Ignored(delivery, "no field the sync follows changed.");
        }

        var changed = new List<string>();
        var store = nameof(IDeliveryStore);
        DeliveryClaim? claim = null;
        var committed = false;
        WorkItemGate.Lease lease = default;
        try
        {
            // Both inside the try: a failing delivery store is a 503, and a request cancelled while it waits
            // for the work item gives its claim back (its redelivery is no duplicate).
            claim = await ClaimAsync(delivery, options, cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                committed = true;
                InboundLog.Duplicate(_logger, delivery.EventType, workItemId);
                return Answer(200, VstsWebhookOutcome.Duplicate, "This delivery was handled before.");
            }

            lease = await _gate.EnterAsync(delivery.OrganizationId, workItemId, cancellationToken).ConfigureAwait(false);
            if (revision is { } rev
                && await _deliveries.GetRevisionWatermarkAsync(delivery.OrganizationId, workItemId, cancellationToken).ConfigureAwait(false) is { } watermark
                && rev <= watermark)
            {
                committed = true;
                InboundLog.Stale(_logger, workItemId, rev, watermark);
                return Answer(200, VstsWebhookOutcome.Stale, "A newer revision of the work item was applied already.");
            }

            // The echo guard: the SDK's own revision (the write ledger), or any change by a dedicated app identity.
            var everythingOwn = IsDedicatedIdentity(installation, delivery.RevisedById);
            if (!everythingOwn)
            {
                await WaitForOwnWritesAsync(delivery, workItemId, cancellationToken).ConfigureAwait(false);
            }

            var ownFields = everythingOwn || revision is not { } written
                ? null
                : (await _deliveries.FindOwnWriteAsync(delivery.OrganizationId, workItemId, written, cancellationToken).ConfigureAwait(false))?.Fields;
            if (everythingOwn || ownFields is not null)
            {
                // Only the fields the SDK wrote are its own: a rule or a person may change others in the same revision.
                if (everythingOwn || ownFields!.Contains(WorkItemFields.AssignedTo))
                {
                    assignee = AssigneeChange.None;
                }

                if (everythingOwn || ownFields!.Contains(WorkItemFields.State))
                {
                    newState = null;
                }

                if (assignee == AssigneeChange.None && newState is null)
                {
                    await AdvanceAsync(delivery, cancellationToken).ConfigureAwait(false);
                    committed = true;
                    InboundLog.Echo(_logger, workItemId, revision);
                    return Answer(200, VstsWebhookOutcome.Echo, "The change is the SDK's own write.");
                }
            }

            store = nameof(IGroupStore);
            var groups = await _groups.FindLinkedGroupsAsync(installation.IntegrationId, workItemId, cancellationToken).ConfigureAwait(false);
            if (groups.Count > 0)
            {
                var source = ChangeSource.FromIntegration(installation.IntegrationId);
                if (assignee != AssigneeChange.None)
                {
                    store = nameof(IAssigneeStore);
                    await ApplyAssigneeAsync(delivery, groups, assignee, change.Email, source, changed, cancellationToken).ConfigureAwait(false);
                }

                if (newState is not null)
                {
                    store = nameof(IGroupStore);
                    await ApplyStatusAsync(delivery, groups, change, source, changed, cancellationToken).ConfigureAwait(false);
                }
            }

            store = nameof(IDeliveryStore);
            await AdvanceAsync(delivery, cancellationToken).ConfigureAwait(false);
            committed = true;
            InboundLog.Applied(_logger, delivery.EventType, workItemId, revision, changed.Count);
            return Answer(200, VstsWebhookOutcome.Applied, changed.Count == 0 ? "Applied; no group needed a change." : "Applied.", changed: changed);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            // The watermark did not move: the redelivery applies what is still missing (groups that
            // changed already are in their target state and are left alone then).
            return StoreFailed(store, installation.IntegrationId, ex, options, changed);
        }
        finally
        {
            if (!committed)
            {
                await ReleaseAsync(claim).ConfigureAwait(false);
            }

            lease.Dispose();
        }
    }

    /// <summary>
    /// Reads what the sync needs from the verified body, before any store is called: the work item and
    /// revision (<see cref="ReadWorkItem"/>), and the assignee and state changes the installation's settings follow.
    /// </summary>
    /// <returns>The change, or <see langword="null"/> when the event names no work item.</returns>
    private static WorkItemChange? ReadChange(Delivery delivery, VstsSyncSettings settings)
    {
        if (ReadWorkItem(delivery) is not { } item)
        {
            return null;
        }

        var body = delivery.Body.Span;
        ref readonly var envelope = ref delivery.Envelope;
        var created = envelope.Kind == WebhookEventKind.WorkItemCreated;
        var (assignee, email) = settings.AssigneeInbound ? ReadAssigneeChange(body, envelope.Fields.AssignedTo, created) : (AssigneeChange.None, null);
        var (oldState, newState) = settings.StatusInbound ? ReadStateChange(body, envelope.Fields.State, created) : (null, null);
        string? project = null, workItemType = null;
        if (newState is not null)
        {
            // The decision needs the item's own type; the changed fields rarely carry it, the revision does.
            project = envelope.ProjectId.GetString(body) is { Length: > 0 } projectId
                ? projectId
                : envelope.RevisionFields.TeamProject.Current.GetString(body) ?? envelope.Fields.TeamProject.Current.GetString(body);
            workItemType = envelope.RevisionFields.WorkItemType.Current.GetString(body) ?? envelope.Fields.WorkItemType.Current.GetString(body);
        }

        return new WorkItemChange(item, delivery.Revision, assignee, email, oldState, newState, project, workItemType);
    }

    private Task AdvanceAsync(Delivery delivery, CancellationToken cancellationToken) =>
        delivery.Revision is { } revision
            ? _deliveries.TryAdvanceRevisionWatermarkAsync(delivery.OrganizationId, delivery.WorkItemId!.Value, revision, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Only a dedicated app identity makes every change its own: when the SDK authenticates as a person,
    /// that person's edits in Azure DevOps are theirs and are applied (the ledger alone spots the SDK's).
    /// </summary>
    private static bool IsDedicatedIdentity(VstsInstallation installation, string? revisedById) =>
        installation.SdkIdentityIsDedicated
        && installation.SdkIdentityId is { Length: > 0 } sdk
        && string.Equals(sdk, revisedById, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The assignee change: a new value with an email assigns, a cleared value (absent, null or empty)
    /// deassigns, a value without an email is unparseable. A created item without an assignee changes nothing.
    /// </summary>
    private static (AssigneeChange Change, string? Email) ReadAssigneeChange(ReadOnlySpan<byte> body, in FieldValue field, bool created)
    {
        if (!field.IsPresent)
        {
            return (AssigneeChange.None, null);
        }

        var value = field.Current;
        var cleared = !value.HasValue || (value.Type == JsonTokenType.String && value.Length == 0);
        if (cleared)
        {
            return (created ? AssigneeChange.None : AssigneeChange.Deassign, null);
        }

        return value.GetIdentity(body)?.Email is { Length: > 0 } email
            ? (AssigneeChange.Assign, email)
            : (AssigneeChange.Unparseable, null);
    }

    /// <summary>The state change: old (none for a first value or a created item) and new.</summary>
    private static (string? Old, string? New) ReadStateChange(ReadOnlySpan<byte> body, in FieldValue field, bool created)
    {
        if (!field.IsPresent)
        {
            return (null, null);
        }

        var newState = field.Current.GetString(body);
        if (string.IsNullOrWhiteSpace(newState))
        {
            return (null, null);
        }

        return (created || !field.IsChange ? null : field.Old.GetString(body), newState);
    }

    private async Task ApplyAssigneeAsync(Delivery delivery, IReadOnlyList<LinkedGroup> groups, AssigneeChange change, string? email, ChangeSource source, List<string> changed, CancellationToken cancellationToken)
    {
        var workItemId = delivery.WorkItemId!.Value;
        if (change == AssigneeChange.Unparseable)
        {
            InboundLog.AssigneeUnparseable(_logger, workItemId);
            return;
        }

        if (_assignees is null)
        {
            InboundLog.AssigneeStoreMissing(_logger, delivery.Installation!.IntegrationId, workItemId);
            return;
        }

        // One lookup per host project, however many of its groups link the item.
        Dictionary<string, HostUser?>? users = null;
        foreach (var group in groups)
        {
            if (change == AssigneeChange.Deassign)
            {
                if (group.AssigneeUserId is not null)
                {
                    await _assignees.DeassignAsync(group, source, cancellationToken).ConfigureAwait(false);
                    AddOnce(changed, group.GroupId);
                }

                continue;
            }

            users ??= new Dictionary<string, HostUser?>(StringComparer.Ordinal);
            if (!users.TryGetValue(group.HostProjectId, out var user))
            {
                user = await _assignees.FindUserByEmailAsync(group.HostProjectId, email!, cancellationToken).ConfigureAwait(false);
                users[group.HostProjectId] = user;
            }

            if (user is null)
            {
                InboundLog.AssigneeNotFound(_logger, group.HostProjectId, workItemId, group.GroupId);
                continue;
            }

            if (!string.Equals(group.AssigneeUserId, user.UserId, StringComparison.Ordinal))
            {
                await _assignees.AssignAsync(group, user, source, cancellationToken).ConfigureAwait(false);
                AddOnce(changed, group.GroupId);
            }
        }
    }

    private async Task ApplyStatusAsync(Delivery delivery, IReadOnlyList<LinkedGroup> groups, WorkItemChange change, ChangeSource source, List<string> changed, CancellationToken cancellationToken)
    {
        var workItemId = change.WorkItemId;
        if (string.IsNullOrWhiteSpace(change.Project) || string.IsNullOrWhiteSpace(change.WorkItemType))
        {
            InboundLog.StatusContextMissing(_logger, workItemId);
            return;
        }

        ResolveSyncAction action;
        try
        {
            // Warm (the usual case): the type's states are cached, so no client is built for the decision.
            if (!_sync.TryDecideFromCache(delivery.Installation!.OrganizationUrl, change.Project, change.WorkItemType, change.OldState, change.NewState, out action))
            {
                action = await DecideThroughIntegrationAsync(delivery.Installation!, change, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is VstsApiException or InvalidOperationException or ArgumentException)
        {
            // Unknown is not "not done": guessing would re-open (or close) every linked group.
            InboundLog.StatusDecisionFailed(_logger, workItemId, ex);
            return;
        }

        if (action == ResolveSyncAction.None)
        {
            return;
        }

        foreach (var group in groups)
        {
            if (action == ResolveSyncAction.Resolve && !group.IsResolved)
            {
                await _groups.ResolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                AddOnce(changed, group.GroupId);
            }
            else if (action == ResolveSyncAction.Unresolve && group.IsResolved)
            {
                await _groups.UnresolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                AddOnce(changed, group.GroupId);
            }
        }
    }

    /// <summary>What one delivery asks of the host, read from its body.</summary>
    private sealed record WorkItemChange(
        int WorkItemId,
        int? Revision,
        AssigneeChange Assignee,
        string? Email,
        string? OldState,
        string? NewState,
        string? Project,
        string? WorkItemType);

    /// <summary>Cold: the integration reads (and caches) the states, with its span, log and failure rules.</summary>
    private async Task<ResolveSyncAction> DecideThroughIntegrationAsync(VstsInstallation installation, WorkItemChange change, CancellationToken cancellationToken)
    {
        var issues = await _issues.CreateAsync(installation, cancellationToken).ConfigureAwait(false);
        return await issues.GetResolveSyncActionAsync(change.OldState, change.NewState, change.Project!, change.WorkItemType!, cancellationToken).ConfigureAwait(false);
    }

    private static void AddOnce(List<string> changed, string groupId)
    {
        if (!changed.Contains(groupId))
        {
            changed.Add(groupId);
        }
    }
}
