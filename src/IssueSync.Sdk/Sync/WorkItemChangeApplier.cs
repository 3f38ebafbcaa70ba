using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Patch;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The inbound sync rules for one revision's change of the followed fields (assignee, state), shared by the webhook
/// handler and reconciliation so a change seen both ways is applied once. A field is applied only when the revision
/// is newer than what was applied to that field (its watermark), so changes of one item that arrive late, twice or
/// out of order cannot move the host back, and an older revision that changed another field than a newer one is
/// still applied. The state decision compares the state last applied (not the revision's own old value) with the
/// new one; a revision older than every applied state change still counts when it tells the group started from
/// another state. The SDK's own writes (the ledger, a dedicated identity) are recorded, not applied. A singleton.
/// </summary>
internal sealed class WorkItemChangeApplier(
    IGroupStore groups,
    IAssigneeStore? assignees,
    FieldWatermarks watermarks,
    OwnWriteTracker ownWrites,
    ResolveDecision decision,
    InstallationConnector connector,
    ILogger logger)
{
    /// <summary>
    /// Applies one revision's change of the followed fields: finishes what an earlier change of the item left
    /// pending, plans each listed field against its watermark, recognises the SDK's own writes, then decides and
    /// applies each due field to the linked groups and records it. The caller holds the item's
    /// <see cref="WorkItemGate"/> entry; with a distributed lease its fence is checked before every watermark write.
    /// </summary>
    /// <param name="installation">The installation the change is for.</param>
    /// <param name="change">The change.</param>
    /// <param name="entry">The caller's entry of the work item's gate (the default entry fences nothing).</param>
    /// <param name="linked">The item's linked groups, as earlier changes of this caller left them.</param>
    /// <param name="changed">Receives the id of every group a host store changed.</param>
    /// <param name="applyOthers">
    /// <see langword="false"/> for a change a newer revision supersedes (reconciliation): only the SDK's own write is
    /// recorded (so the decision of the newer one starts from it); anything else is left to the newer revision.
    /// </param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>What became of the change.</returns>
    /// <exception cref="HostStoreException">A host or state store failed; only confirmed fields stay recorded.</exception>
    /// <exception cref="ContendedException">Another save of a field of the item came first, or the work item's lease was lost.</exception>
    public async ValueTask<AppliedChange> ApplyAsync(VstsInstallation installation, WorkItemChange change, WorkItemGate.Entry entry, LinkedGroupsOnce linked, List<string> changed, bool applyOthers, CancellationToken cancellationToken)
    {
        var item = change.Item;
        var marks = item.Revision is null ? [] : await ReadWatermarksAsync(installation, item.WorkItemId, cancellationToken).ConfigureAwait(false);
        var finished = await FinishPendingAsync(installation, change, entry, marks, linked, changed, cancellationToken).ConfigureAwait(false);
        var assignee = Plan(change, OwnFields.AssignedTo, WorkItemFields.AssignedTo, finished);
        var state = Plan(change, OwnFields.State, WorkItemFields.State, finished);
        var due = (assignee.Due ? OwnFields.AssignedTo : OwnFields.None) | (state.Due ? OwnFields.State : OwnFields.None);
        if (due == OwnFields.None)
        {
            // A redelivery (or a later delivery) that finished what a failure left pending has applied it.
            var newest = Math.Max(assignee.Watermark?.Revision ?? 0, state.Watermark?.Revision ?? 0);
            return new AppliedChange(ReferenceEquals(finished, marks) ? ChangeOutcome.Stale : ChangeOutcome.FinishedPending, due, OwnFields.None, newest);
        }

        // The echo guard: fields the SDK wrote itself are recorded, not applied.
        var own = await FindOwnFieldsAsync(installation, change, cancellationToken).ConfigureAwait(false) & due;
        if (own == due || !applyOthers)
        {
            if (own == OwnFields.None)
            {
                return new AppliedChange(ChangeOutcome.Superseded, due, own, 0);
            }

            await RecordAsync(installation, change, entry, (own & OwnFields.AssignedTo) != 0 ? assignee : assignee with { Due = false }, change.AssigneeValue, null, null, cancellationToken).ConfigureAwait(false);
            await RecordAsync(installation, change, entry, (own & OwnFields.State) != 0 ? state : state with { Due = false }, change.NewState, change.OldState, null, cancellationToken).ConfigureAwait(false);
            return new AppliedChange(ChangeOutcome.Echo, due, own, 0);
        }

        var applyAssignee = (own & OwnFields.AssignedTo) == 0;
        var applyState = (own & OwnFields.State) == 0;
        if (assignee.Due)
        {
            var action = applyAssignee ? AssigneeAction(installation, change) : Unchanged;
            if (action != Unhandled)
            {
                await ApplyFieldAsync(installation, change, entry, assignee, change.AssigneeValue, null, action, linked, changed, cancellationToken).ConfigureAwait(false);
            }
        }

        if (state.Due)
        {
            var action = applyState ? await StateActionAsync(installation, change, state, cancellationToken).ConfigureAwait(false) : Unchanged;
            if (action != Unhandled)
            {
                await ApplyFieldAsync(installation, change, entry, state, change.NewState, change.OldState, action, linked, changed, cancellationToken).ConfigureAwait(false);
            }
        }

        return new AppliedChange(ChangeOutcome.Applied, due, own, 0);
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

    private async ValueTask<OwnFields> FindOwnFieldsAsync(VstsInstallation installation, WorkItemChange change, CancellationToken cancellationToken)
    {
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
                new DeliveredRevision(installation.OrganizationId, change.Item.WorkItemId, revision, byOwnIdentity, change.Listed, change.NewState, change.AssigneeEmail, change.AssigneeUniqueName),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(IOwnWriteLedger), ex);
        }
    }

    private async ValueTask<IReadOnlyList<SyncWatermark>> ReadWatermarksAsync(VstsInstallation installation, int workItemId, CancellationToken cancellationToken)
    {
        try
        {
            return await watermarks.ReadAsync(installation.OrganizationId, workItemId, cancellationToken).ConfigureAwait(false);
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
    private async ValueTask ApplyFieldAsync(VstsInstallation installation, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? action, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        var workItemId = change.Item.WorkItemId;
        if (action is null)
        {
            await RecordAsync(installation, change, entry, plan, value, priorValue, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (change.Item.Revision is null || plan.Field != WorkItemFields.State)
        {
            await ApplyActionAsync(installation, workItemId, action, value, linked, changed, cancellationToken).ConfigureAwait(false);
            await RecordAsync(installation, change, entry, plan, value, priorValue, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = await RecordAsync(installation, change, entry, plan, value, priorValue, action, cancellationToken).ConfigureAwait(false);
        await ApplyActionAsync(installation, workItemId, action, value, linked, changed, cancellationToken).ConfigureAwait(false);
        await ConfirmAsync(installation, workItemId, entry, pending!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a due field (as applied, as the SDK's own, or with its action pending). Under a work item lease
    /// the fence is checked first: a lease that lapsed records nothing (see <see cref="WorkItemGate.Entry.CheckFenceAsync"/>).
    /// </summary>
    private ValueTask<SyncWatermark?> RecordAsync(VstsInstallation installation, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? pendingAction, CancellationToken cancellationToken)
    {
        if (!plan.Due || change.Item.Revision is not { } revision)
        {
            return ValueTask.FromResult(plan.Watermark);
        }

        if (entry.IsFenced)
        {
            return FencedAsync(installation, change, entry, plan, value, priorValue, pendingAction, cancellationToken);
        }

        ValueTask<SyncWatermark?> saving;
        try
        {
            saving = watermarks.TryRecordAsync(installation.OrganizationId, change.Item.WorkItemId, plan.Watermark, plan.Field, revision, value, priorValue, pendingAction, cancellationToken);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        return Saved(saving, change.Item.WorkItemId, plan.Field, revision, cancellationToken);
    }

    private async ValueTask<SyncWatermark?> FencedAsync(VstsInstallation installation, WorkItemChange change, WorkItemGate.Entry entry, FieldPlan plan, string? value, string? priorValue, string? pendingAction, CancellationToken cancellationToken)
    {
        await entry.CheckFenceAsync(change.Item.WorkItemId, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(installation, change, default, plan, value, priorValue, pendingAction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Confirms a pending record once its host action was applied; fenced like <see cref="RecordAsync"/>.</summary>
    private ValueTask<SyncWatermark?> ConfirmAsync(VstsInstallation installation, int workItemId, WorkItemGate.Entry entry, SyncWatermark pending, CancellationToken cancellationToken)
    {
        if (entry.IsFenced)
        {
            return FencedConfirmAsync(installation, workItemId, entry, pending, cancellationToken);
        }

        ValueTask<SyncWatermark?> saving;
        try
        {
            saving = watermarks.TryConfirmAsync(installation.OrganizationId, workItemId, pending, cancellationToken);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        return Saved(saving, workItemId, pending.Field, pending.Revision, cancellationToken);
    }

    private async ValueTask<SyncWatermark?> FencedConfirmAsync(VstsInstallation installation, int workItemId, WorkItemGate.Entry entry, SyncWatermark pending, CancellationToken cancellationToken)
    {
        await entry.CheckFenceAsync(workItemId, cancellationToken).ConfigureAwait(false);
        return await ConfirmAsync(installation, workItemId, default, pending, cancellationToken).ConfigureAwait(false);
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
    private async ValueTask<IReadOnlyList<SyncWatermark>> FinishPendingAsync(VstsInstallation installation, WorkItemChange change, WorkItemGate.Entry entry, IReadOnlyList<SyncWatermark> marks, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        List<SyncWatermark>? finished = null;
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];

            // A deletion left pending is finished by the next sighting of the deletion (WorkItemDeletions), not here.
            if (mark.PendingAction is not { } action || string.Equals(mark.Field, WorkItemDeletions.Field, StringComparison.Ordinal))
            {
                continue;
            }

            await ApplyActionAsync(installation, change.Item.WorkItemId, action, mark.Value, linked, changed, cancellationToken).ConfigureAwait(false);
            var confirmed = await ConfirmAsync(installation, change.Item.WorkItemId, entry, mark, cancellationToken).ConfigureAwait(false);
            finished ??= [.. marks];
            finished[finished.IndexOf(mark)] = confirmed!; // a save answers the record or throws
        }

        return finished ?? marks;
    }

    /// <summary>The assignee action of a delivery: assign, deassign, nothing (unparseable), or not now (no assignee store).</summary>
    private string? AssigneeAction(VstsInstallation installation, WorkItemChange change)
    {
        if (change.Assignee == AssigneeChangeKind.Unparseable)
        {
            // The newest assignee cannot be mapped; recording it keeps an older one from being applied later.
            SyncLog.AssigneeUnparseable(logger, change.Item.WorkItemId);
            return Unchanged;
        }

        if (assignees is null)
        {
            SyncLog.AssigneeStoreMissing(logger, installation.IntegrationId, change.Item.WorkItemId);
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
    private async ValueTask<string?> StateActionAsync(VstsInstallation installation, WorkItemChange change, FieldPlan plan, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(change.Project) || string.IsNullOrWhiteSpace(change.WorkItemType))
        {
            SyncLog.StatusContextMissing(logger, change.Item.WorkItemId);
            return Unhandled;
        }

        ResolveSyncAction action;
        if (plan.Placement == FieldPlacement.Older)
        {
            var mark = plan.Watermark!;
            if (await DecideAsync(installation, change, change.OldState, mark.Value, cancellationToken).ConfigureAwait(false) is not { } fromEarlier
                || await DecideAsync(installation, change, mark.PriorValue, mark.Value, cancellationToken).ConfigureAwait(false) is not { } made)
            {
                return Unhandled;
            }

            action = fromEarlier == made ? ResolveSyncAction.None : fromEarlier;
        }
        else if (await DecideAsync(installation, change, plan.Watermark?.Value ?? change.OldState, change.NewState, cancellationToken).ConfigureAwait(false) is { } decided)
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
    private async ValueTask ApplyActionAsync(VstsInstallation installation, int workItemId, string action, string? value, LinkedGroupsOnce linked, List<string> changed, CancellationToken cancellationToken)
    {
        var found = await linked.GetAsync(cancellationToken).ConfigureAwait(false);
        var source = ChangeSource.FromIntegration(installation.IntegrationId);
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
                            SyncLog.AssigneeNotFound(logger, group.HostProjectId, workItemId, group.GroupId);
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
    private async ValueTask<ResolveSyncAction?> DecideAsync(VstsInstallation installation, WorkItemChange change, string? oldState, string? newState, CancellationToken cancellationToken)
    {
        if (decision.TryDecideFromCache(installation.OrganizationUrl, change.Project!, change.WorkItemType!, oldState, newState, out var cached))
        {
            return cached;
        }

        // Missed by the project id: the states may be held under the project's name (read by a status
        // outbound or a reconcile); once the cache knows the name is this id, both find one entry.
        if (change.ProjectName is { Length: > 0 } name
            && decision.States.LearnProjectId(installation.OrganizationUrl, name, change.Project!)
            && decision.TryDecideFromCache(installation.OrganizationUrl, change.Project!, change.WorkItemType!, oldState, newState, out cached))
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
            SyncLog.StatusDecisionFailed(logger, change.Item.WorkItemId, ex);
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

/// <summary>What became of one change (see <see cref="WorkItemChangeApplier.ApplyAsync"/>).</summary>
internal enum ChangeOutcome
{
    /// <summary>At least one listed field was due and not the SDK's own: decided, applied and recorded.</summary>
    Applied,

    /// <summary>No listed field was due, but what an earlier change left pending was finished.</summary>
    FinishedPending,

    /// <summary>A newer revision of every listed field was applied already.</summary>
    Stale,

    /// <summary>Every due field is the SDK's own write: recorded, not applied.</summary>
    Echo,

    /// <summary>Asked not to apply others' changes (a newer revision supersedes it) and none was the SDK's own: left as it was.</summary>
    Superseded,
}

/// <summary>The outcome of one change, with the fields it concerned.</summary>
/// <param name="Outcome">What became of it.</param>
/// <param name="Due">The listed fields newer than their watermark.</param>
/// <param name="Own">The due fields that were the SDK's own writes.</param>
/// <param name="NewestApplied">With <see cref="ChangeOutcome.Stale"/>: the newest revision applied to a listed field.</param>
internal readonly record struct AppliedChange(ChangeOutcome Outcome, OwnFields Due, OwnFields Own, int NewestApplied);
