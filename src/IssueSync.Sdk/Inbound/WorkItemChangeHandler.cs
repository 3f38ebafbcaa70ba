using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// <c>workitem.updated</c> and <c>workitem.created</c>: the assignee and state changes of a delivery
/// applied to the linked groups, field by field. A field is applied only when the delivery's
/// revision is newer than what was applied to that field (its watermark), so deliveries of one item
/// that arrive late, twice or out of order cannot move the host back, and an older revision that
/// changed another field than a newer one is still applied. The state decision compares the state
/// last applied (not the delivery's own old value) with the new one; a delivery older than every
/// applied state change still counts when it tells the group started from another state. A singleton.
/// </summary>
internal sealed class WorkItemChangeHandler(
    IGroupStore groups,
    IAssigneeStore? assignees,
    DeliveryClaims claims,
    FieldWatermarks watermarks,
    OwnWriteTracker ownWrites,
    ResolveDecision decision,
    InstallationConnector connector,
    WorkItemGate gate,
    ILogger logger)
{
    public async ValueTask<VstsWebhookResult> HandleAsync(VerifiedDelivery delivery, VstsWebhookOptions options, CancellationToken cancellationToken)
    {
        var settings = delivery.Installation.SyncSettings;
        if (!settings.AssigneeInbound && !settings.StatusInbound)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "inbound sync is off for this installation.");
        }

        if (WorkItemChange.Read(delivery, settings) is not { } change)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "the event names no work item.");
        }

        if (change.Listed == OwnFields.None)
        {
            return InboundSyncHandler.Ignored(logger, delivery, "no field the sync follows changed.");
        }

        var changed = new List<string>();
        try
        {
            var claim = await claims.ClaimAsync(delivery, options.DeliveryRetention, cancellationToken).ConfigureAwait(false);
            await using var claimScope = claim.ConfigureAwait(false);
            if (claim.IsDuplicate)
            {
                InboundLog.Duplicate(logger, delivery.EventType, change.Item.WorkItemId);
                return InboundAnswers.Duplicate(change.Item);
            }

            // Check, apply and record of one item's revisions never interleave: within this process, and across
            // instances when a shared lease store is registered (each watermark write then checks the fence first).
            var entry = await gate.EnterAsync(delivery.OrganizationId, change.Item.WorkItemId, options, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await ApplyAsync(delivery, change, entry, changed, cancellationToken).ConfigureAwait(false);
                claim.Commit();
                return result;
            }
            finally
            {
                // Not a using: the entry is a struct, and the hot path boxes nothing.
                await entry.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (HostStoreException failure)
        {
            // The claim was given back and only applied fields' watermarks moved: the redelivery applies what is missing.
            InboundLog.StoreFailed(logger, failure.Store, delivery.Installation.IntegrationId, failure.InnerException!);
            return InboundAnswers.StoreFailed(change.Item, options, changed);
        }
        catch (ContendedException)
        {
            // Another delivery of the item came first (another instance saved the field, held or took over the
            // item's lease): this one is delivered again later.
            return InboundAnswers.StoreFailed(change.Item, options, changed);
        }
    }

    private async ValueTask<VstsWebhookResult> ApplyAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, List<string> changed, CancellationToken cancellationToken)
    {
        var item = change.Item;
        var linked = new LinkedGroupsOnce(groups, delivery, item.WorkItemId);
        var marks = item.Revision is null ? [] : await ReadWatermarksAsync(delivery, item.WorkItemId, cancellationToken).ConfigureAwait(false);
        var finished = await FinishPendingAsync(delivery, change, entry, marks, linked, changed, cancellationToken).ConfigureAwait(false);
        var assignee = Plan(change, OwnFields.AssignedTo, WorkItemFields.AssignedTo, finished);
        var state = Plan(change, OwnFields.State, WorkItemFields.State, finished);
        if (!assignee.Due && !state.Due && !ReferenceEquals(finished, marks))
        {
            // A redelivery (or a later delivery) finished what a failure left pending: that is applying it.
            InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
            return InboundAnswers.Applied(item, changed, "Applied what an earlier delivery of the work item left pending.");
        }

        if (!assignee.Due && !state.Due)
        {
            var applied = Math.Max(assignee.Watermark?.Revision ?? 0, state.Watermark?.Revision ?? 0);
            InboundLog.Stale(logger, item.WorkItemId, item.Revision ?? 0, applied);
            return InboundAnswers.Answer(200, VstsWebhookOutcome.Stale, "A newer revision of every changed field was applied already.", item, changed: changed);
        }

        // The echo guard: fields the SDK wrote itself are recorded, not applied.
        var own = await FindOwnFieldsAsync(delivery, change, cancellationToken).ConfigureAwait(false);
        var applyAssignee = assignee.Due && (own & OwnFields.AssignedTo) == 0;
        var applyState = state.Due && (own & OwnFields.State) == 0;
        if (!applyAssignee && !applyState)
        {
            await RecordAsync(delivery, change, entry, assignee, change.AssigneeValue, null, null, cancellationToken).ConfigureAwait(false);
            await RecordAsync(delivery, change, entry, state, change.NewState, change.OldState, null, cancellationToken).ConfigureAwait(false);
            InboundLog.Echo(logger, item.WorkItemId, item.Revision);
            return InboundAnswers.Echo(item, "The change is the SDK's own write.");
        }

        if (assignee.Due)
        {
            var action = applyAssignee ? AssigneeAction(delivery, change) : Unchanged;
            if (action != Unhandled)
            {
                await ApplyFieldAsync(delivery, change, entry, assignee, change.AssigneeValue, null, action, linked, changed, cancellationToken).ConfigureAwait(false);
            }
        }

        if (state.Due)
        {
            var action = applyState ? await StateActionAsync(delivery, change, state, cancellationToken).ConfigureAwait(false) : Unchanged;
            if (action != Unhandled)
            {
                await ApplyFieldAsync(delivery, change, entry, state, change.NewState, change.OldState, action, linked, changed, cancellationToken).ConfigureAwait(false);
            }
        }

        InboundLog.Applied(logger, delivery.EventType, item.WorkItemId, item.Revision, changed.Count);
        return InboundAnswers.Applied(item, changed, "Applied; no group needed a change.");
    }

    /// <summary>No host action: the field is recorded as it is.</summary>
    private const string? Unchanged = null;

    /// <summary>The change cannot be handled now (no assignee store, no decision): nothing is recorded, so a later look can.</summary>
    private const string Unhandled = "unhandled";

    /// <summary>
    /// Whether a listed field is still due: the assignee only when newer than its watermark (the newest
    /// value wins); the state also when older than every applied state change (see <see cref="StateActionAsync"/>).
    /// Without a revision nothing can be compared, so a listed field is due.
    /// </summary>
    private static FieldPlan Plan(WorkItemChange change, OwnFields field, string name, IReadOnlyList<SyncWatermark> watermarks)
    {
        if ((change.Listed & field) == 0)
        {
            return new FieldPlan(name, false, FieldPlacement.Within, null);
        }

        if (change.Item.Revision is not { } revision)
        {
            return new FieldPlan(name, true, FieldPlacement.First, null);
        }

        var watermark = FieldWatermarks.Find(watermarks, name);
        var placement = FieldWatermarks.Place(watermark, revision);
        var due = placement is FieldPlacement.First or FieldPlacement.Newer
            || (placement is FieldPlacement.Older && field == OwnFields.State);
        return new FieldPlan(name, due, placement, watermark);
    }

    private async ValueTask<OwnFields> FindOwnFieldsAsync(VerifiedDelivery delivery, WorkItemChange change, CancellationToken cancellationToken)
    {
        var installation = delivery.Installation;
        var byOwnIdentity = installation.SdkIdentityId is { Length: > 0 } sdk && string.Equals(sdk, change.Item.RevisedById, StringComparison.OrdinalIgnoreCase);
        if (byOwnIdentity && installation.SdkIdentityIsDedicated)
        {
            // Only a dedicated app identity makes every change its own: a person's edits under the SDK's identity are theirs.
            return OwnFields.All;
        }

        if (change.Item.Revision is not { } revision)
        {
            return OwnFields.None;
        }

        try
        {
            return await ownWrites.FindOwnFieldsAsync(
                new DeliveredRevision(delivery.OrganizationId, change.Item.WorkItemId, revision, byOwnIdentity, change.Listed, change.NewState, change.AssigneeEmail, change.AssigneeUniqueName),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(IOwnWriteLedger), ex);
        }
    }

    private async ValueTask<IReadOnlyList<SyncWatermark>> ReadWatermarksAsync(VerifiedDelivery delivery, int workItemId, CancellationToken cancellationToken)
    {
        try
        {
            return await watermarks.ReadAsync(delivery.OrganizationId, workItemId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }
    }

    /// <summary>
    /// Applies a due field's host action and records the field. The state is recorded first, with its action
    /// pending, and confirmed once the stores answered: its decision starts from the state last applied, so a
    /// failure between the host's change and the record must not leave the record behind (the next delivery of
    /// the item finishes it, see <see cref="FinishPendingAsync"/>). The assignee is recorded after: the newest
    /// value wins whatever was applied before, and a failed delivery is delivered again. Without a revision
    /// nothing can be recorded: the action is applied alone.
    /// </summary>
    private async ValueTask ApplyFieldAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? action, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        var workItemId = change.Item.WorkItemId;
        if (action is null)
        {
            await RecordAsync(delivery, change, entry, plan, value, priorValue, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (change.Item.Revision is null || plan.Field != WorkItemFields.State)
        {
            await ApplyActionAsync(delivery, workItemId, action, value, linked, changed, cancellationToken).ConfigureAwait(false);
            await RecordAsync(delivery, change, entry, plan, value, priorValue, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = await RecordAsync(delivery, change, entry, plan, value, priorValue, action, cancellationToken).ConfigureAwait(false);
        await ApplyActionAsync(delivery, workItemId, action, value, linked, changed, cancellationToken).ConfigureAwait(false);
        await ConfirmAsync(delivery, workItemId, entry, pending!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a due field (as applied, as the SDK's own, or with its action pending). Under a work item lease
    /// the fence is checked first: a lease that lapsed records nothing (see <see cref="WorkItemGate.Entry.CheckFenceAsync"/>).
    /// </summary>
    private ValueTask<SyncWatermark?> RecordAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? pendingAction, CancellationToken cancellationToken)
    {
        if (!plan.Due || change.Item.Revision is not { } revision)
        {
            return ValueTask.FromResult(plan.Watermark);
        }

        if (entry.IsFenced)
        {
            return FencedAsync(delivery, change, entry, plan, value, priorValue, pendingAction, cancellationToken);
        }

        ValueTask<SyncWatermark?> saving;
        try
        {
            saving = watermarks.TryRecordAsync(delivery.OrganizationId, change.Item.WorkItemId, plan.Watermark, plan.Field, revision, value, priorValue, pendingAction, cancellationToken);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        return Saved(saving, change.Item.WorkItemId, plan.Field, revision, cancellationToken);
    }

    private async ValueTask<SyncWatermark?> FencedAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? pendingAction, CancellationToken cancellationToken)
    {
        await entry.CheckFenceAsync(change.Item.WorkItemId, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(delivery, change, default, plan, value, priorValue, pendingAction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Confirms a pending record once its host action was applied; fenced like <see cref="RecordAsync"/>.</summary>
    private ValueTask<SyncWatermark?> ConfirmAsync(VerifiedDelivery delivery, int workItemId, WorkItemGate.Entry entry, SyncWatermark pending, CancellationToken cancellationToken)
    {
        if (entry.IsFenced)
        {
            return FencedConfirmAsync(delivery, workItemId, entry, pending, cancellationToken);
        }

        ValueTask<SyncWatermark?> saving;
        try
        {
            saving = watermarks.TryConfirmAsync(delivery.OrganizationId, workItemId, pending, cancellationToken);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        return Saved(saving, workItemId, pending.Field, pending.Revision, cancellationToken);
    }

    private async ValueTask<SyncWatermark?> FencedConfirmAsync(VerifiedDelivery delivery, int workItemId, WorkItemGate.Entry entry, SyncWatermark pending, CancellationToken cancellationToken)
    {
        await entry.CheckFenceAsync(workItemId, cancellationToken).ConfigureAwait(false);
        return await ConfirmAsync(delivery, workItemId, default, pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A watermark save's outcome: the saved record (never <see langword="null"/>), a <see cref="HostStoreException"/> when the store failed,
    /// <see cref="ContendedException"/> when another save of the field came first. Without a state machine
    /// when the store answered at once (every recorded field of every delivery comes through here).
    /// </summary>
    private ValueTask<SyncWatermark?> Saved(ValueTask<SyncWatermark?> saving, int workItemId, string field, int revision, CancellationToken cancellationToken)
    {
        return saving.IsCompletedSuccessfully
            ? ValueTask.FromResult<SyncWatermark?>(saving.Result ?? throw Contended(workItemId, field, revision))
            : AwaitAsync(saving, workItemId, field, revision, cancellationToken);

        async ValueTask<SyncWatermark?> AwaitAsync(ValueTask<SyncWatermark?> saving, int workItemId, string field, int revision, CancellationToken cancellationToken)
        {
            SyncWatermark? saved;
            try
            {
                saved = await saving.ConfigureAwait(false);
            }
            catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
            {
                throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
            }

            return saved ?? throw Contended(workItemId, field, revision);
        }
    }

    /// <summary>
    /// Finishes what an earlier delivery of the item recorded as pending but could not confirm (a store failed
    /// between the record and the confirmation): its action is applied again, level-checked, and confirmed,
    /// so the state last applied is what the host holds before anything else touches the field.
    /// </summary>
    private async ValueTask<IReadOnlyList<SyncWatermark>> FinishPendingAsync(VerifiedDelivery delivery, WorkItemChange change, WorkItemGate.Entry entry, IReadOnlyList<SyncWatermark> marks, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        List<SyncWatermark>? finished = null;
        foreach (var mark in marks)
        {
            if (mark.PendingAction is not { } action)
            {
                continue;
            }

            await ApplyActionAsync(delivery, change.Item.WorkItemId, action, mark.Value, linked, changed, cancellationToken).ConfigureAwait(false);
            var confirmed = await ConfirmAsync(delivery, change.Item.WorkItemId, entry, mark, cancellationToken).ConfigureAwait(false);
            finished ??= [.. marks];
            finished[finished.IndexOf(mark)] = confirmed!; // a save answers the record or throws
        }

        return finished ?? marks;
    }

    /// <summary>The assignee action of a delivery: assign, deassign, nothing (unparseable), or not now (no assignee store).</summary>
    private string? AssigneeAction(VerifiedDelivery delivery, WorkItemChange change)
    {
        if (change.Assignee == AssigneeChangeKind.Unparseable)
        {
            // The newest assignee cannot be mapped; recording it keeps an older one from being applied later.
            InboundLog.AssigneeUnparseable(logger, change.Item.WorkItemId);
            return Unchanged;
        }

        if (assignees is null)
        {
            InboundLog.AssigneeStoreMissing(logger, delivery.Installation.IntegrationId, change.Item.WorkItemId);
            return Unhandled;
        }

        return change.Assignee == AssigneeChangeKind.Deassign ? FieldWatermarks.Deassign : FieldWatermarks.Assign;
    }

    /// <summary>
    /// The state action. A newer change is decided from the state last applied (else the delivery's old state)
    /// to the new one. A change older than every applied one moves where the field's history starts: the groups
    /// follow the decision from its old state to the newest applied state when that differs from the decision
    /// already made from the previous start.
    /// </summary>
    private async ValueTask<string?> StateActionAsync(VerifiedDelivery delivery, WorkItemChange change, FieldPlan plan, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(change.Project) || string.IsNullOrWhiteSpace(change.WorkItemType))
        {
            InboundLog.StatusContextMissing(logger, change.Item.WorkItemId);
            return Unhandled;
        }

        ResolveSyncAction action;
        if (plan.Placement == FieldPlacement.Older)
        {
            var mark = plan.Watermark!;
            if (await DecideAsync(delivery, change, change.OldState, mark.Value, cancellationToken).ConfigureAwait(false) is not { } fromEarlier
                || await DecideAsync(delivery, change, mark.PriorValue, mark.Value, cancellationToken).ConfigureAwait(false) is not { } made)
            {
                return Unhandled;
            }

            action = fromEarlier == made ? ResolveSyncAction.None : fromEarlier;
        }
        else if (await DecideAsync(delivery, change, plan.Watermark?.Value ?? change.OldState, change.NewState, cancellationToken).ConfigureAwait(false) is { } decided)
        {
            action = decided;
        }
        else
        {
            return Unhandled;
        }

        return action switch
        {
            ResolveSyncAction.Resolve => FieldWatermarks.Resolve,
            ResolveSyncAction.Unresolve => FieldWatermarks.Unresolve,
            _ => Unchanged,
        };
    }

    /// <summary>
    /// Applies a host action to every linked group, level-checked: a group already resolved is not resolved
    /// again, one already assigned to the user is not assigned again (the user is looked up once per host
    /// project). A deassign always reaches the store: a host that does not fill
    /// <see cref="LinkedGroup.AssigneeUserId"/> still hears of it (deassigning is idempotent for the host).
    /// </summary>
    private async ValueTask ApplyActionAsync(VerifiedDelivery delivery, int workItemId, string action, string? value, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        var found = await linked.GetAsync(cancellationToken).ConfigureAwait(false);
        var source = ChangeSource.FromIntegration(delivery.Installation.IntegrationId);
        var store = action is FieldWatermarks.Resolve or FieldWatermarks.Unresolve ? nameof(IGroupStore) : nameof(IAssigneeStore);
        try
        {
            var users = new UsersByProject();
            for (var i = 0; i < found.Count; i++)
            {
                var group = found[i];
                switch (action)
                {
                    case FieldWatermarks.Resolve when !group.IsResolved:
                        await groups.ResolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                        linked.Changed(i, group with { IsResolved = true });
                        AddOnce(changed, group.GroupId);
                        break;
                    case FieldWatermarks.Unresolve when group.IsResolved:
                        await groups.UnresolveAsync(group, source, cancellationToken).ConfigureAwait(false);
                        linked.Changed(i, group with { IsResolved = false });
                        AddOnce(changed, group.GroupId);
                        break;
                    case FieldWatermarks.Deassign when assignees is not null:
                        await assignees.DeassignAsync(group, source, cancellationToken).ConfigureAwait(false);
                        linked.Changed(i, group with { AssigneeUserId = null });
                        if (group.AssigneeUserId is not null)
                        {
                            AddOnce(changed, group.GroupId);
                        }

                        break;
                    case FieldWatermarks.Assign when assignees is not null && value is not null:
                        if (!users.TryGet(group.HostProjectId, out var user))
                        {
                            user = await assignees.FindUserByEmailAsync(group.HostProjectId, value, cancellationToken).ConfigureAwait(false);
                            users.Add(group.HostProjectId, user);
                        }

                        if (user is null)
                        {
                            InboundLog.AssigneeNotFound(logger, group.HostProjectId, workItemId, group.GroupId);
                        }
                        else if (!string.Equals(group.AssigneeUserId, user.UserId, StringComparison.Ordinal))
                        {
                            await assignees.AssignAsync(group, user, source, cancellationToken).ConfigureAwait(false);
                            linked.Changed(i, group with { AssigneeUserId = user.UserId });
                            AddOnce(changed, group.GroupId);
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(store, ex);
        }
    }

    private ContendedException Contended(int workItemId, string field, int revision)
    {
        SyncLog.WatermarkContended(logger, workItemId, field, revision);
        return new ContendedException();
    }

    /// <summary>
    /// The resolve decision, from the states cache when warm; else through a client of the installation
    /// (the connector repairs a legacy organization URL first). A decision that cannot be made is
    /// logged and answered <see langword="null"/>: never guessed, never blamed on a host store.
    /// </summary>
    private async ValueTask<ResolveSyncAction?> DecideAsync(VerifiedDelivery delivery, WorkItemChange change, string? oldState, string? newState, CancellationToken cancellationToken)
    {
        var installation = delivery.Installation;
        if (decision.TryDecideFromCache(installation.OrganizationUrl, change.Project!, change.WorkItemType!, oldState, newState, out var cached))
        {
            return cached;
        }

        try
        {
            var connected = await connector.ConnectAsync(installation, cancellationToken).ConfigureAwait(false);
            return await decision.TryDecideAsync(connected.Client, oldState, newState, change.Project!, change.WorkItemType!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            InboundLog.StatusDecisionFailed(logger, change.Item.WorkItemId, ex);
            return null;
        }
    }

    private static void AddOnce(List<string> changed, string groupId)
    {
        if (!changed.Contains(groupId))
        {
            changed.Add(groupId);
        }
    }

    /// <summary>What one followed field of a delivery asks for.</summary>
    /// <param name="Field">The field's reference name.</param>
    /// <param name="Due">Whether the delivery still moves the field.</param>
    /// <param name="Placement">Where the delivery's revision stands against the field's watermark.</param>
    /// <param name="Watermark">The field's watermark as read.</param>
    private readonly record struct FieldPlan(string Field, bool Due, FieldPlacement Placement, SyncWatermark? Watermark);

    /// <summary>
    /// The host user looked up per host project within one action: the first project's in place (the usual
    /// case, one linked group), a dictionary only once a second project is seen.
    /// </summary>
    private struct UsersByProject
    {
        private string? _firstProject;
        private HostUser? _firstUser;
        private Dictionary<string, HostUser?>? _others;

        public readonly bool TryGet(string hostProjectId, out HostUser? user)
        {
            if (_firstProject is not null && string.Equals(_firstProject, hostProjectId, StringComparison.Ordinal))
            {
                user = _firstUser;
                return true;
            }

            user = null;
            return _others?.TryGetValue(hostProjectId, out user) == true;
        }

        public void Add(string hostProjectId, HostUser? user)
        {
            if (_firstProject is null)
            {
                _firstProject = hostProjectId;
                _firstUser = user;
                return;
            }

            (_others ??= new Dictionary<string, HostUser?>(StringComparer.Ordinal))[hostProjectId] = user;
        }
    }
}
