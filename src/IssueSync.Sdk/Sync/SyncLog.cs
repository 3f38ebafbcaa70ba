using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Log lines of the sync rules shared by both directions. Event ids are stable: never change or reuse
/// one. 6001 kept its id when the resolve decision moved here from the outbound side, 7010-7014 theirs when the
/// inbound rules moved here from the webhook handler (reconciliation applies them too), 7018-7019 theirs with the work item gate; new ones are 9xxx.
/// </summary>
internal static partial class SyncLog
{
    /// <summary>The logger category of the sync rules.</summary>
    public const string Category = "IssueSync.Sdk.Sync";

    [LoggerMessage(EventId = 6001, EventName = "DoneStatesUnavailable", Level = LogLevel.Warning,
        Message = "Could not read the states of work item type {WorkItemType} in project {Project} ({Kind}, error code {ErrorCode}); the state change {OldState} -> {NewState} is not synced")]
    public static partial void DoneStatesUnavailable(ILogger logger, string workItemType, string project, string kind, string? errorCode, string? oldState, string? newState);

    [LoggerMessage(EventId = 9001, EventName = "OwnWriteStillPending", Level = LogLevel.Warning,
        Message = "Work item {WorkItemId} revision {Revision}: an outbound write of the SDK was still pending after {Seconds} s; the delivery is applied as nobody's echo")]
    public static partial void OwnWriteStillPending(ILogger logger, int workItemId, int revision, double seconds);

    [LoggerMessage(EventId = 9002, EventName = "OwnWriteNotRemoved", Level = LogLevel.Warning,
        Message = "The pending ledger entry of a failed write to work item {WorkItemId} could not be removed; deliveries of that item may wait for it until it is stale")]
    public static partial void OwnWriteNotRemoved(ILogger logger, int workItemId, Exception exception);

    [LoggerMessage(EventId = 9003, EventName = "OwnWriteNotConfirmed", Level = LogLevel.Warning,
        Message = "The write to work item {WorkItemId} produced revision {Revision}, but its ledger entry could not be confirmed; its echo is still recognised while the entry is pending")]
    public static partial void OwnWriteNotConfirmed(ILogger logger, int workItemId, int revision, Exception exception);

    [LoggerMessage(EventId = 9004, EventName = "WatermarkContended", Level = LogLevel.Warning,
        Message = "Another save of {Field} of work item {WorkItemId} came first while revision {Revision} was applied; answered 503 so Azure DevOps delivers it again")]
    public static partial void WatermarkContended(ILogger logger, int workItemId, string field, int revision);

    [LoggerMessage(EventId = 7010, EventName = "AssigneeUnparseable", Level = LogLevel.Warning,
        Message = "The new System.AssignedTo of work item {WorkItemId} carries no email; the assignee of its groups is left as it is.")]
    public static partial void AssigneeUnparseable(ILogger logger, int workItemId);

    [LoggerMessage(EventId = 7011, EventName = "AssigneeNotFound", Level = LogLevel.Information,
        Message = "No user of host project {HostProjectId} has the email work item {WorkItemId} is assigned to; group {GroupId} is left as it is.")]
    public static partial void AssigneeNotFound(ILogger logger, string hostProjectId, int workItemId, string groupId);

    [LoggerMessage(EventId = 7012, EventName = "AssigneeStoreMissing", Level = LogLevel.Warning,
        Message = "Inbound assignment is on for installation {IntegrationId} but no IAssigneeStore is registered (AddAssigneeStore); the assignee change of work item {WorkItemId} is not applied.")]
    public static partial void AssigneeStoreMissing(ILogger logger, string integrationId, int workItemId);

    [LoggerMessage(EventId = 7013, EventName = "StatusContextMissing", Level = LogLevel.Warning,
        Message = "The state change of work item {WorkItemId} names no project or work item type; its groups are left as they are.")]
    public static partial void StatusContextMissing(ILogger logger, int workItemId);

    [LoggerMessage(EventId = 7014, EventName = "StatusDecisionFailed", Level = LogLevel.Warning,
        Message = "The resolve decision for work item {WorkItemId} could not be made; its groups are left as they are.")]
    public static partial void StatusDecisionFailed(ILogger logger, int workItemId, Exception exception);

    [LoggerMessage(EventId = 9005, EventName = "LeaseNotReleased", Level = LogLevel.Warning,
        Message = "The lease {Resource} could not be given back to the lease store; others wait until it lapses")]
    public static partial void LeaseNotReleased(ILogger logger, string resource, Exception exception);

    [LoggerMessage(EventId = 7018, EventName = "WorkItemLeaseBusy", Level = LogLevel.Warning,
        Message = "Another instance held the lease of work item {WorkItemId} for longer than {Seconds} s; a delivery is answered 503 (Azure DevOps delivers it again), a reconciliation run stops before its watermark.")]
    public static partial void WorkItemLeaseBusy(ILogger logger, int workItemId, double seconds);

    [LoggerMessage(EventId = 7019, EventName = "WorkItemLeaseLost", Level = LogLevel.Warning,
        Message = "The lease of work item {WorkItemId} (fencing token {FencingToken}) lapsed before its watermark was advanced; nothing more is recorded: a delivery is answered 503, so its redelivery decides again; a reconciliation run stops before its watermark.")]
    public static partial void WorkItemLeaseLost(ILogger logger, int workItemId, long fencingToken);
}
