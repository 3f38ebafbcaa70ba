using System.Runtime.ExceptionServices;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Reconciliation;

/// <summary>
/// Reads the reporting revisions feed batch by batch and applies the assignee and state changes of linked work
/// items through <see cref="WorkItemChangeApplier"/> (the webhook handler's rules), under the same
/// <see cref="WorkItemGate"/>. Per work item and field, only the newest change of a batch reaches the host; an
/// older one is only recorded when it was the SDK's own write, so the newer one's decision starts from it. With a shared
/// lease store the gate holds the work item lease (the webhook options' lease time and wait); a lease another instance
/// holds past the wait, or one lost before a watermark write, stops the run before its watermark moves past that batch
/// (<see cref="VstsReconcileResult.ReachedEnd"/> <see langword="false"/>), so the next run does the batch again. With a
/// registered <see cref="IWorkItemDeletionStore"/>, a linked item the feed shows deleted is confirmed in its project's
/// recycle bin (one read per project per batch) and told through <see cref="WorkItemDeletions"/>, once across this and
/// the <c>workitem.deleted</c> webhook; an item not in the recycle bin (restored, or destroyed) is not told. A singleton.
/// </summary>
internal sealed class VstsReconciler(
    InstallationConnector connector,
    IReconciliationStateStore state,
    IGroupStore groups,
    WorkItemChangeApplier applier,
    FieldWatermarks watermarks,
    IWorkItemDeletionStore? deletionStore,
    WorkItemGate gate,
    Func<(TimeSpan LeaseTime, TimeSpan LeaseWait)> workItemLease,
    IOptionsMonitor<VstsReconciliationOptions> options,
    TimeProvider time,
    ILogger logger) : IVstsReconciler
{
    /// <summary>The fields each revision is read with: what the rules need, and the deletion marker.</summary>
    private static readonly string[] Fields =
    [
        WorkItemFields.State, WorkItemFields.AssignedTo, WorkItemFields.TeamProject, WorkItemFields.WorkItemType,
        WorkItemFields.ChangedDate, WorkItemFields.ChangedBy, IsDeletedField,
    ];

    private const string IsDeletedField = WorkItemDeletions.Field;

    private readonly WorkItemDeletions _deletions = new(watermarks);

    public async Task<VstsReconcileResult> ReconcileAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var run = new Run(installation);
        try
        {
            var result = await RunAsync(run, cancellationToken).ConfigureAwait(false);
            ReconciliationTelemetry.Runs.Add(1, new KeyValuePair<string, object?>("outcome", result.ReachedEnd ? "completed" : "stopped"));
            ReconciliationLog.Completed(logger, installation.IntegrationId, result.Pages, result.RevisionsRead, result.Applied, result.Superseded, result.AlreadyApplied, result.OwnWrites);
            return result;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            ReconciliationTelemetry.Runs.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            ReconciliationTelemetry.Failures.Add(1);
            if (ex is HostStoreException failure)
            {
                // The host's own exception, as its store threw it.
                ReconciliationLog.StoreFailed(logger, failure.Store, installation.IntegrationId, failure.InnerException!);
                ExceptionDispatchInfo.Throw(failure.InnerException!);
            }

            throw;
        }
    }

    private async Task<VstsReconcileResult> RunAsync(Run run, CancellationToken cancellationToken)
    {
        var installation = run.Installation;
        var settings = installation.SyncSettings;
        if (!settings.AssigneeInbound && !settings.StatusInbound)
        {
            return run.Result(reachedEnd: true, token: null);
        }

        var current = options.CurrentValue;
        var stored = await StoreCall(nameof(IReconciliationStateStore), ct => state.GetAsync(installation.OrganizationId, installation.IntegrationId, ct), cancellationToken).ConfigureAwait(false);
        var query = new ReportingRevisionsQuery
        {
            ContinuationToken = stored?.ContinuationToken,
            StartDateTime = stored is null ? time.GetUtcNow() - current.Lookback : null,
            Fields = Fields,
            IncludeDeleted = true,
            MaxPageSize = current.PageSize,
        };
        var (version, token, changedDate) = (stored?.Version ?? 0, stored?.ContinuationToken, stored?.ChangedDate);
        var connected = await connector.ConnectAsync(installation, cancellationToken).ConfigureAwait(false);
        await foreach (var page in connected.Client.Reporting.ReadRevisionsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            run.Pages++;
            run.RevisionsRead += page.Revisions.Count;
            try
            {
                await ApplyPageAsync(run, connected.Client, page, cancellationToken).ConfigureAwait(false);
            }
            catch (ContendedException contended)
            {
                // Another instance holds (or took over) a work item's lease, or saved one of its fields first: stop
                // here, the watermark stays before this batch, and the next run applies it again (what was applied
                // is found at its watermark then, and not applied twice).
                ReconciliationLog.ItemContended(logger, installation.IntegrationId, contended.Message);
                return run.Result(reachedEnd: false, token);
            }

            changedDate = Newest(page, changedDate);

            // Only after the whole batch was applied: a failure above leaves the watermark where it was.
            if (page.ContinuationToken is { } next && !string.Equals(next, token, StringComparison.Ordinal))
            {
                var saved = await StoreCall(nameof(IReconciliationStateStore), ct => state.TrySaveAsync(installation.OrganizationId, installation.IntegrationId, version, next, changedDate, ct), cancellationToken).ConfigureAwait(false);
                if (saved is null)
                {
                    ReconciliationLog.WatermarkContended(logger, installation.IntegrationId);
                    return run.Result(reachedEnd: false, token);
                }

                (version, token) = (saved.Version, next);
            }
        }

        return run.Result(reachedEnd: true, token);
    }

    /// <summary>Applies one batch: one batch lookup of linked groups, then each linked item's changes under its gate.</summary>
    private async Task ApplyPageAsync(Run run, IVstsClient client, ReportingRevisionsPage page, CancellationToken cancellationToken)
    {
        var byItem = new Dictionary<int, List<WorkItem>>();
        var deleted = new Dictionary<int, (int Revision, string Project)>();
        foreach (var revision in page.Revisions)
        {
            if (revision.Id <= 0 || revision.Revision <= 0)
            {
                continue;
            }

            if (IsDeleted(revision))
            {
                // A deletion is not a state or assignee change; it is confirmed in the recycle bin below.
                if (deletionStore is not null && revision.TeamProject is { Length: > 0 } project)
                {
                    deleted[revision.Id] = (revision.Revision, project);
                }

                continue;
            }

            if (!byItem.TryGetValue(revision.Id, out var list))
            {
                byItem[revision.Id] = list = [];
            }

            list.Add(revision);
        }

        if (byItem.Count == 0 && deleted.Count == 0)
        {
            return;
        }

        var installation = run.Installation;
        var linked = await StoreCall(nameof(IGroupStore), ct => groups.FindLinkedGroupsAsync(installation.IntegrationId, [.. byItem.Keys.Union(deleted.Keys)], ct), cancellationToken).ConfigureAwait(false);
        foreach (var (workItemId, revisions) in byItem)
        {
            if (!linked.TryGetValue(workItemId, out var found) || found.Count == 0)
            {
                continue;
            }

            var (leaseTime, leaseWait) = workItemLease();
            var entry = await gate.EnterAsync(installation.OrganizationId, workItemId, leaseTime, leaseWait, cancellationToken).ConfigureAwait(false);
            try
            {
                await ApplyItemAsync(run, workItemId, entry, revisions, found, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await entry.DisposeAsync().ConfigureAwait(false);
            }
        }

        await TellDeletionsAsync(run, client, deleted, linked, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The linked items of a batch the feed showed deleted: one recycle bin read per project for all of them, then each
    /// confirmed one told once under its gate. One not in the recycle bin (restored since, or destroyed) is not told.
    /// </summary>
    private async Task TellDeletionsAsync(Run run, IVstsClient client, Dictionary<int, (int Revision, string Project)> deleted, IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>> linked, CancellationToken cancellationToken)
    {
        if (deletionStore is null || deleted.Count == 0)
        {
            return;
        }

        var installation = run.Installation;
        var source = ChangeSource.FromIntegration(installation.IntegrationId);
        foreach (var project in deleted.Where(d => linked.TryGetValue(d.Key, out var g) && g.Count > 0).GroupBy(d => d.Value.Project, StringComparer.OrdinalIgnoreCase))
        {
            var ids = project.Select(d => d.Key).ToArray();
            IReadOnlyList<DeletedWorkItem> confirmed;
            try
            {
                confirmed = await client.WorkItems.GetDeletedAsync(project.Key, ids, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.NotFound)
            {
                confirmed = []; // the project or the items are gone: nothing is confirmed
            }

            foreach (var workItemId in confirmed.Select(d => d.Id).Intersect(ids))
            {
                var found = linked[workItemId];
                var (leaseTime, leaseWait) = workItemLease();
                var entry = await gate.EnterAsync(installation.OrganizationId, workItemId, leaseTime, leaseWait, cancellationToken).ConfigureAwait(false);
                try
                {
                    var told = await _deletions.TellOnceAsync(installation.OrganizationId, workItemId, deleted[workItemId].Revision, async ct =>
                    {
                        foreach (var group in found)
                        {
                            await StoreCall(nameof(IWorkItemDeletionStore), async c => { await deletionStore.WorkItemDeletedAsync(group, workItemId, source, c).ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);
                        }
                    }, cancellationToken).ConfigureAwait(false);
                    if (told)
                    {
                        run.Deleted++;
                    }
                }
                finally
                {
                    await entry.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ApplyItemAsync(Run run, int workItemId, WorkItemGate.Entry entry, List<WorkItem> revisions, IReadOnlyList<LinkedGroup> found, CancellationToken cancellationToken)
    {
        var installation = run.Installation;
        var changes = await ReadChangesAsync(run, workItemId, revisions, found, cancellationToken).ConfigureAwait(false);
        if (changes.Count == 0)
        {
            return;
        }

        var newest = new Dictionary<OwnFields, int>();
        foreach (var (change, _) in changes)
        {
            newest[change.Listed] = Math.Max(newest.GetValueOrDefault(change.Listed), change.Item.Revision!.Value);
        }

        var groupsOfItem = new LinkedGroupsOnce(groups, installation.IntegrationId, workItemId, found);
        foreach (var (change, changedAt) in changes)
        {
            var isNewest = newest[change.Listed] == change.Item.Revision;
            var applied = await applier.ApplyAsync(installation, change, entry, groupsOfItem, run.ChangedGroups, applyOthers: isNewest, cancellationToken).ConfigureAwait(false);
            switch (applied.Outcome)
            {
                case ChangeOutcome.Applied:
                    run.Applied++;
                    ReconciliationTelemetry.Repaired.Add(1);
                    if (changedAt is { } at)
                    {
                        ReconciliationTelemetry.Lag.Record(Math.Max(0, (time.GetUtcNow() - at).TotalSeconds));
                    }

                    break;
                case ChangeOutcome.Echo:
                    run.OwnWrites++;
                    break;
                case ChangeOutcome.Superseded:
                    run.Superseded++;
                    break;
                default:
                    run.AlreadyApplied++;
                    break;
            }
        }
    }

    /// <summary>
    /// The followed fields each revision changed, one change per field, oldest first. A field is changed when its value
    /// differs from the item's previous revision in this run; for the first revision seen, from the field's watermark
    /// when that is older (the watermark at this very revision: it changed the field; a newer one: a later value was
    /// applied, nothing to tell), else from what the groups hold (a state is always told, as a created item's is; an
    /// assignee when set, or cleared while a group has one).
    /// </summary>
    private async Task<List<(WorkItemChange Change, DateTimeOffset? ChangedAt)>> ReadChangesAsync(Run run, int workItemId, List<WorkItem> revisions, IReadOnlyList<LinkedGroup> found, CancellationToken cancellationToken)
    {
        var installation = run.Installation;
        var settings = installation.SyncSettings;
        var changes = new List<(WorkItemChange, DateTimeOffset?)>();
        if (!run.LastSeen.TryGetValue(workItemId, out var previous))
        {
            var marks = await StoreCall(nameof(ISyncWatermarkStore), ct => watermarks.ReadAsync(installation.OrganizationId, workItemId, ct), cancellationToken).ConfigureAwait(false);
            var first = revisions[0].Revision;
            previous = new Seen(
                Before(FieldWatermarks.Find(marks, WorkItemFields.State), first),
                Before(FieldWatermarks.Find(marks, WorkItemFields.AssignedTo), first));
        }

        foreach (var revision in revisions.OrderBy(r => r.Revision))
        {
            var newState = revision.GetString(WorkItemFields.State) is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : null;
            var identity = revision.AssignedTo;
            var email = identity?.Email is { Length: > 0 } e ? e : null;
            var uniqueName = identity?.UniqueName is { Length: > 0 } u ? u : null;
            var assigneeValue = email ?? uniqueName;
            var item = new WorkItemRevision(workItemId, revision.Revision, revision.ChangedBy?.Id);
            var changedAt = revision.GetString(WorkItemFields.ChangedDate) is { } date && DateTimeOffset.TryParse(date, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;

            if (settings.StatusInbound && newState is not null && previous.State.Differs(newState, told: true))
            {
                changes.Add((new WorkItemChange
                {
                    Item = item,
                    Listed = OwnFields.State,
                    OldState = previous.State.Before,
                    NewState = newState,
                    Project = revision.TeamProject,
                    WorkItemType = revision.WorkItemType?.Value,
                }, changedAt));
            }

            var assigneeTold = assigneeValue is not null || found.Any(g => g.AssigneeUserId is not null);
            if (settings.AssigneeInbound && previous.Assignee.Differs(assigneeValue, assigneeTold))
            {
                changes.Add((new WorkItemChange
                {
                    Item = item,
                    Listed = OwnFields.AssignedTo,
                    Assignee = assigneeValue is null ? AssigneeChangeKind.Deassign : email is null ? AssigneeChangeKind.Unparseable : AssigneeChangeKind.Assign,
                    AssigneeEmail = email,
                    AssigneeUniqueName = uniqueName,
                }, changedAt));
            }

            previous = new Seen(newState is null ? previous.State : Known.Value(newState), Known.Value(assigneeValue));
        }

        run.LastSeen[workItemId] = previous;
        return changes;
    }

    /// <summary>What a field's watermark tells of its value before <paramref name="revision"/>.</summary>
    private static Known Before(SyncWatermark? mark, int revision) => mark switch
    {
        null => Known.Unknown,
        _ when mark.Revision < revision => Known.Value(mark.Value),
        _ when mark.Revision == revision => Known.ChangedHere,
        _ => Known.Newer,
    };

    private static bool IsDeleted(WorkItem revision) =>
        revision.TryGetField(IsDeletedField, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;

    private static DateTimeOffset? Newest(ReportingRevisionsPage page, DateTimeOffset? before)
    {
        var newest = before;
        foreach (var revision in page.Revisions)
        {
            if (revision.GetString(WorkItemFields.ChangedDate) is { } text
                && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
                && (newest is null || date > newest))
            {
                newest = date;
            }
        }

        return newest;
    }

    /// <summary>A host or state store call; its failure (not this run's cancellation) becomes a <see cref="HostStoreException"/> naming it.</summary>
    private static async Task<T> StoreCall<T>(string store, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(store, ex);
        }
    }

    /// <summary>What is known of a field's value before a revision.</summary>
    private readonly record struct Known(KnownKind Kind, string? Text)
    {
        public static readonly Known Unknown = new(KnownKind.Unknown, null);

        /// <summary>A newer value was applied already: an older revision tells nothing about the field.</summary>
        public static readonly Known Newer = new(KnownKind.Newer, null);

        /// <summary>The field's watermark is this very revision: it changed the field (its old value is not known).</summary>
        public static readonly Known ChangedHere = new(KnownKind.ChangedHere, null);

        public static Known Value(string? text) => new(KnownKind.Value, text);

        /// <summary>The value before the revision, when known (the state's old value for the decision).</summary>
        public string? Before => Kind == KnownKind.Value ? Text : null;

        /// <summary>Whether a revision with <paramref name="value"/> changed the field (unknown before: when <paramref name="told"/>).</summary>
        public bool Differs(string? value, bool told) => Kind switch
        {
            KnownKind.Value => !string.Equals(Text, value, StringComparison.OrdinalIgnoreCase),
            KnownKind.ChangedHere => true,
            KnownKind.Newer => false,
            _ => told,
        };
    }

    private enum KnownKind : byte
    {
        Unknown,
        Newer,
        ChangedHere,
        Value,
    }

    /// <summary>The state and assignee before the next revision of an item.</summary>
    private readonly record struct Seen(Known State, Known Assignee);

    /// <summary>One run's counts and what it saw of each item.</summary>
    private sealed class Run(VstsInstallation installation)
    {
        public VstsInstallation Installation { get; } = installation;

        public Dictionary<int, Seen> LastSeen { get; } = [];

        public List<string> ChangedGroups { get; } = [];

        public int Pages { get; set; }

        public int RevisionsRead { get; set; }

        public int Applied { get; set; }

        public int Superseded { get; set; }

        public int AlreadyApplied { get; set; }

        public int OwnWrites { get; set; }

        public int Deleted { get; set; }

        public VstsReconcileResult Result(bool reachedEnd, string? token) => new()
        {
            IntegrationId = Installation.IntegrationId,
            Pages = Pages,
            RevisionsRead = RevisionsRead,
            Applied = Applied,
            Superseded = Superseded,
            AlreadyApplied = AlreadyApplied,
            OwnWrites = OwnWrites,
            Deleted = Deleted,
            ChangedGroupIds = [.. ChangedGroups.Distinct(StringComparer.Ordinal)],
            ContinuationToken = token,
            ReachedEnd = reachedEnd,
        };
    }
}
