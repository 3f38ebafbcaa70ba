using System.Runtime.ExceptionServices;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>Status outbound: the host resolved or unresolved a group; move the linked work item to the mapped state.</summary>
internal sealed partial class IssueIntegration
{
    /// <summary>The categories a fallback for "unresolved" is taken from: open work, not done and not removed.</summary>
    private static readonly WorkItemStateCategory[] OpenCategories = [new("Proposed"), new("InProgress")];

    private const string UnsupportedValueText = "not in the list of supported values";

    public Task<OutboundSyncResult> SyncStatusOutboundAsync(LinkedWorkItem issue, bool isResolved, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Traced("Issues.SyncStatusOutbound", IdOf(issue.Key), () => SyncStatusOutboundCoreAsync(issue, isResolved, cancellationToken));
    }

    private async Task<OutboundSyncResult> SyncStatusOutboundCoreAsync(LinkedWorkItem issue, bool isResolved, CancellationToken cancellationToken)
    {
        var id = ParseKey(issue.Key);
        if (!_installation.SyncSettings.StatusOutbound)
        {
            return Disabled(id, nameof(VstsSyncSettings.StatusOutbound));
        }

        if (_projectStore is null)
        {
            return NotConfigured(id, "No IExternalProjectStore is registered, so no state is mapped for any project.");
        }

        return await ReadDecideWriteAsync(id, new StatusChange(this, _projectStore, id, NonBlank(issue.ProjectId), isResolved), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The state to write: the mapped one when the item's type has it, else the first state of the
    /// type in the matching category (done for resolved; Proposed or InProgress for unresolved).
    /// When the type's states cannot be read, the mapped state is written unchecked.
    /// </summary>
    private async Task<(string? Target, string? FallbackFrom)> ChooseStateAsync(WorkItem item, string project, string configured, bool isResolved, string? rejectedState, CancellationToken cancellationToken)
    {
        if (item.WorkItemType is not { } type)
        {
            return (configured, null);
        }

        IReadOnlyList<WorkItemTypeState> states;
        try
        {
            states = await _decision.States.GetStatesAsync(_client, project, type.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex)
        {
            IssueSyncLog.StatusStatesUnavailable(_services.Logger, type.Value, project, ex.Kind.ToString(), ex.ErrorCode, configured, item.Id);
            return rejectedState is null ? (configured, null) : (null, null);
        }

        var wanted = new WorkItemState(configured);
        var rejected = rejectedState is null ? (WorkItemState?)null : new WorkItemState(rejectedState);
        foreach (var state in states)
        {
            if (state.Name == wanted && state.Name != rejected)
            {
                return (state.Name.Value, null); // as the process spells it
            }
        }

        var done = _decision.DoneCategories;
        foreach (var state in states)
        {
            var matches = isResolved ? done.Contains(state.Category) : Array.IndexOf(OpenCategories, state.Category) >= 0;
            if (matches && state.Name != rejected)
            {
                IssueSyncLog.StatusFallbackState(_services.Logger, item.Id, type.Value, configured, state.Name.Value);
                return (state.Name.Value, configured);
            }
        }

        return (null, null);
    }

    private static bool IsUnsupportedStateError(VstsApiException ex)
    {
        var text = ex.ServiceMessage ?? ex.Message;
        return ex.Kind is VstsErrorKind.Validation
            && text.Contains(UnsupportedValueText, StringComparison.OrdinalIgnoreCase)
            && text.Contains("State", StringComparison.Ordinal);
    }

    private OutboundSyncResult NotConfigured(int id, string reason)
    {
        IssueSyncLog.StatusNotConfigured(_services.Logger, id, reason);
        return Skipped(OutboundSyncOutcome.NotConfigured, id, reason);
    }

    /// <summary>
    /// One status sync. Looked up once and kept across conflict retries: the item's project id and the
    /// host's mapping (neither changes with the item's revision); learned from a rejection: the state
    /// Azure DevOps refused, so the next decision falls back once.
    /// </summary>
    private sealed class StatusChange(IssueIntegration owner, IExternalProjectStore projects, int id, string? projectId, bool isResolved) : IOutboundChange
    {
        private string? _projectId = projectId;
        private VstsProjectStatusMapping? _mapping;
        private bool _mappingRead;
        private string? _rejectedState;
        private VstsApiException? _rejection;

        // What the last decision chose, for the result and for learning from a rejection of it.
        private OutboundSyncResult? _decided;
        private string? _statesProject;
        private WorkItem? _item;

        public async ValueTask<OutboundPlan> DecideAsync(WorkItem item, CancellationToken cancellationToken)
        {
            _item = item;
            if (_projectId is null)
            {
                var name = item.TeamProject;
                _projectId = name is null ? null : await owner._services.FindProjectIdAsync(owner._client, name, cancellationToken).ConfigureAwait(false);
                if (_projectId is null)
                {
                    IssueSyncLog.ProjectNotFound(owner._services.Logger, name ?? "(none)", id);
                    return OutboundPlan.Done(Skipped(OutboundSyncOutcome.TargetNotFound, id,
                        $"The work item's project '{name}' is not among the organization's projects.", item.Revision));
                }
            }

            if (!_mappingRead)
            {
                _mapping = await projects.GetStatusMappingAsync(owner._integrationId, _projectId, cancellationToken).ConfigureAwait(false);
                _mappingRead = true;
            }

            var configured = NonBlank(isResolved ? _mapping?.ResolvedState : _mapping?.UnresolvedState);
            if (configured is null)
            {
                return NotConfigured(item, $"No {(isResolved ? "resolved" : "unresolved")} state is mapped for project {_projectId}.");
            }

            // Keyed by the project id, as inbound decisions are; the name the item carries is taught to the
            // cache, so states read under either (by reconciliation, by a webhook) are one entry.
            _statesProject = _projectId;
            if (NonBlank(item.TeamProject) is { } projectName)
            {
                owner._decision.States.LearnProjectId(owner._client.Target.OrganizationUrl.AbsoluteUri, projectName, _projectId);
            }

            var (target, fallbackFrom) = await owner.ChooseStateAsync(item, _statesProject, configured, isResolved, _rejectedState, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                if (_rejection is not null)
                {
                    ExceptionDispatchInfo.Throw(_rejection); // rejected, and nothing left to fall back to
                }

                return NotConfigured(item,
                    $"Work item type '{item.WorkItemType}' has no state '{configured}' and no state in a {(isResolved ? "done" : "Proposed or InProgress")} category to fall back to.");
            }

            _decided = new OutboundSyncResult
            {
                Outcome = OutboundSyncOutcome.AlreadyInTarget,
                WorkItemId = id,
                Revision = item.Revision,
                State = target,
                FallbackFromState = fallbackFrom,
            };
            if (item.State == new WorkItemState(target))
            {
                return OutboundPlan.Done(_decided with { Reason = $"The work item is already in state '{item.State}'." });
            }

            return OutboundPlan.Write(new WorkItemUpdateFields { State = target }, WorkItemFields.State, target);
        }

        public OutboundSyncResult Result(WorkItem written) =>
            _decided! with { Outcome = OutboundSyncOutcome.Updated, Revision = written.Revision };

        public bool LearnFrom(VstsApiException rejection)
        {
            if (_rejectedState is not null || !IsUnsupportedStateError(rejection) || _item?.WorkItemType is not { } type || _decided?.State is not { } target)
            {
                return false;
            }

            // The cached states said the state exists (or were unavailable): read them again and fall back once.
            IssueSyncLog.StatusStateRejected(owner._services.Logger, target, id, type.Value);
            owner._decision.States.Invalidate(owner._client, _statesProject!, type.Value);
            _rejectedState = target;
            _rejection = rejection;
            return true;
        }

        private OutboundPlan NotConfigured(WorkItem read, string reason)
        {
            IssueSyncLog.StatusNotConfigured(owner._services.Logger, id, reason);
            return OutboundPlan.Done(Skipped(OutboundSyncOutcome.NotConfigured, id, reason, read.Revision));
        }
    }
}
