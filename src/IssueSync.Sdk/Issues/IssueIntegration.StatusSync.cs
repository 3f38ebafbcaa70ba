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

        // Read once per call, kept across conflict retries: the project and its mapping do not change with the item's revision.
        var projectId = NonBlank(issue.ProjectId);
        VstsProjectStatusMapping? mapping = null;
        string? rejectedState = null;
        VstsApiException? rejection = null;
        return await ReadDecideWriteAsync(id, DecideAsync, cancellationToken).ConfigureAwait(false);

        async ValueTask<OutboundPlan> DecideAsync(WorkItem item, CancellationToken ct)
        {
            if (projectId is null)
            {
                var name = item.TeamProject;
                projectId = name is null ? null : await _services.FindProjectIdAsync(_client, name, ct).ConfigureAwait(false);
                if (projectId is null)
                {
                    IssueSyncLog.ProjectNotFound(_services.Logger, name ?? "(none)", id);
                    return OutboundPlan.Done(Skipped(OutboundSyncOutcome.TargetNotFound, id,
                        $"The work item's project '{name}' is not among the organization's projects.", item.Revision));
                }
            }

            mapping ??= await _projectStore.GetStatusMappingAsync(_integrationId, projectId, ct).ConfigureAwait(false);
            var configured = NonBlank(isResolved ? mapping?.ResolvedState : mapping?.UnresolvedState);
            if (configured is null)
            {
                return NotConfiguredPlan(item, $"No {(isResolved ? "resolved" : "unresolved")} state is mapped for project {projectId}.");
            }

            var statesProject = StatesProject(item, projectId);
            var (target, fallbackFrom) = await ChooseStateAsync(item, statesProject, configured, isResolved, rejectedState, ct).ConfigureAwait(false);
            if (target is null)
            {
                if (rejection is not null)
                {
                    ExceptionDispatchInfo.Throw(rejection); // rejected, and nothing left to fall back to
                }

                return NotConfiguredPlan(item,
                    $"Work item type '{item.WorkItemType}' has no state '{configured}' and no state in a {(isResolved ? "done" : "Proposed or InProgress")} category to fall back to.");
            }

            var result = new OutboundSyncResult
            {
                Outcome = OutboundSyncOutcome.AlreadyInTarget,
                WorkItemId = id,
                Revision = item.Revision,
                State = target,
                FallbackFromState = fallbackFrom,
            };
            if (item.State == new WorkItemState(target))
            {
                return OutboundPlan.Done(result with { Reason = $"The work item is already in state '{item.State}'." });
            }

            return new OutboundPlan
            {
                Fields = new WorkItemUpdateFields { State = target },
                ChangedFields = [WorkItemFields.State],
                Written = written => result with { Outcome = OutboundSyncOutcome.Updated, Revision = written.Revision },
                RetryAfterRejection = ex =>
                {
                    if (rejectedState is not null || !IsUnsupportedStateError(ex) || item.WorkItemType is not { } type)
                    {
                        return false;
                    }

                    // The cached states said the state exists (or were unavailable): read them again and fall back once.
                    IssueSyncLog.StatusStateRejected(_services.Logger, target, id, type.Value);
                    _services.States.Invalidate(_client, statesProject, type.Value);
                    rejectedState = target;
                    rejection = ex;
                    return true;
                },
            };

            OutboundPlan NotConfiguredPlan(WorkItem read, string reason)
            {
                IssueSyncLog.StatusNotConfigured(_services.Logger, id, reason);
                return OutboundPlan.Done(Skipped(OutboundSyncOutcome.NotConfigured, id, reason, read.Revision));
            }
        }
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
            states = await _services.States.GetStatesAsync(_client, project, type.Value, cancellationToken).ConfigureAwait(false);
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

        foreach (var state in states)
        {
            var matches = isResolved ? _services.DoneCategories.Contains(state.Category) : Array.IndexOf(OpenCategories, state.Category) >= 0;
            if (matches && state.Name != rejected)
            {
                IssueSyncLog.StatusFallbackState(_services.Logger, item.Id, type.Value, configured, state.Name.Value);
                return (state.Name.Value, configured);
            }
        }

        return (null, null);
    }

    /// <summary>The project the states lookup is keyed by: the name the item carries (as inbound decisions use it), else the id.</summary>
    private static string StatesProject(WorkItem item, string projectId) => NonBlank(item.TeamProject) ?? projectId;

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
}
