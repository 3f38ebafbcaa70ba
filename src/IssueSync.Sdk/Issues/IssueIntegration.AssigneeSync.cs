using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>Assignee outbound: the host assigned or unassigned a group; set <c>System.AssignedTo</c> of the linked work item.</summary>
internal sealed partial class IssueIntegration
{
    public Task<OutboundSyncResult> SyncAssigneeOutboundAsync(LinkedWorkItem issue, HostUser? assignee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Traced("Issues.SyncAssigneeOutbound", IdOf(issue.Key), () => SyncAssigneeOutboundCoreAsync(issue, assignee, cancellationToken));
    }

    private async Task<OutboundSyncResult> SyncAssigneeOutboundCoreAsync(LinkedWorkItem issue, HostUser? assignee, CancellationToken cancellationToken)
    {
        var id = ParseKey(issue.Key);
        if (!_installation.SyncSettings.AssigneeOutbound)
        {
            return Disabled(id, nameof(VstsSyncSettings.AssigneeOutbound));
        }

        DirectoryUser? user = null;
        if (assignee is not null)
        {
            // Matched through the organization's cached user list: no paging through every user per call.
            user = await _services.FindUserAsync(_client, assignee.Emails ?? [], cancellationToken).ConfigureAwait(false);
            if (user is null)
            {
                IssueSyncLog.AssigneeNotFound(_services.Logger, assignee.UserId, assignee.Emails?.Count ?? 0, id);
                return Skipped(OutboundSyncOutcome.TargetNotFound, id, $"No Azure DevOps user has an email address of host user '{assignee.UserId}'.");
            }
        }

        var change = new AssigneeChange(id, user);
        if (!_services.Outbound.ReadBeforeAssign)
        {
            // One unguarded write: setting one field to the host's value does not depend on what the item holds.
            var patch = WorkItemPatch.ForUpdate(AssigneeFields(user));
            var written = await WriteOwnAsync(id, change.Written, expectedRevision: null, patch, cancellationToken).ConfigureAwait(false);
            return change.Result(written);
        }

        return await ReadDecideWriteAsync(id, change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One assignee sync: the Azure DevOps user to assign (<see langword="null"/>: unassign).</summary>
    private sealed class AssigneeChange(int id, DirectoryUser? user) : IOutboundChange
    {
        private readonly OutboundPlan _write = OutboundPlan.Write(AssigneeFields(user), WorkItemFields.AssignedTo, user?.AssignValue);

        public IReadOnlyDictionary<string, string?> Written => _write.Written;

        public ValueTask<OutboundPlan> DecideAsync(WorkItem item, CancellationToken cancellationToken)
        {
            var current = item.AssignedTo;
            if (user is null ? current is null : user.Is(current))
            {
                return ValueTask.FromResult(OutboundPlan.Done(new OutboundSyncResult
                {
                    Outcome = OutboundSyncOutcome.AlreadyInTarget,
                    WorkItemId = id,
                    Revision = item.Revision,
                    AssignedTo = user is null ? null : current?.UniqueName ?? current?.Email ?? user.AssignValue,
                    Reason = user is null ? "The work item is already unassigned." : "The work item is already assigned to that user.",
                }));
            }

            return ValueTask.FromResult(_write);
        }

        public OutboundSyncResult Result(WorkItem written) =>
            new() { Outcome = OutboundSyncOutcome.Updated, WorkItemId = id, Revision = written.Revision, AssignedTo = user?.AssignValue };

        public bool LearnFrom(VstsApiException rejection) => false;
    }

    /// <summary>Assigns the user, or removes <c>System.AssignedTo</c> (unassigns) when there is none.</summary>
    private static WorkItemUpdateFields AssigneeFields(DirectoryUser? user) =>
        user is null
            ? new WorkItemUpdateFields { RemoveFields = [WorkItemFields.AssignedTo] }
            : new WorkItemUpdateFields { AssignedTo = user.AssignValue };
}
