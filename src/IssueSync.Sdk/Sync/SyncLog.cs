using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Log lines of the sync rules shared by both directions. Event ids are stable: never change or reuse
/// one. 6001 kept its id when the resolve decision moved here from the outbound side; new ones are 9xxx.
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

    [LoggerMessage(EventId = 9005, EventName = "LeaseNotReleased", Level = LogLevel.Warning,
        Message = "The lease {Resource} could not be given back to the lease store; others wait until it lapses")]
    public static partial void LeaseNotReleased(ILogger logger, string resource, Exception exception);
}
