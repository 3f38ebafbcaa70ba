using IssueSync.Sdk.Client;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// Log lines of the outbound side. Event ids 6xxx are stable: never change or reuse one (6001, the resolve
/// decision's, moved with it to the Sync floor's log).
/// </summary>
internal static partial class IssueSyncLog
{
    [LoggerMessage(EventId = 6002, EventName = "StatusMappingNotConfigured", Level = LogLevel.Information,
        Message = "Status of work item {WorkItemId} not synced: {Reason}")]
    public static partial void StatusNotConfigured(ILogger logger, int workItemId, string reason);

    [LoggerMessage(EventId = 6003, EventName = "StatusFallbackState", Level = LogLevel.Information,
        Message = "Work item {WorkItemId} ({WorkItemType}) has no state {ConfiguredState}; using {FallbackState}, the first state of the matching category")]
    public static partial void StatusFallbackState(ILogger logger, int workItemId, string workItemType, string configuredState, string fallbackState);

    [LoggerMessage(EventId = 6004, EventName = "StatusStatesUnavailable", Level = LogLevel.Warning,
        Message = "Could not read the states of work item type {WorkItemType} in project {Project} ({Kind}, error code {ErrorCode}); writing the mapped state {State} to work item {WorkItemId} unchecked")]
    public static partial void StatusStatesUnavailable(ILogger logger, string workItemType, string project, string kind, string? errorCode, string state, int workItemId);

    [LoggerMessage(EventId = 6005, EventName = "OutboundWriteConflict", Level = LogLevel.Information,
        Message = "Work item {WorkItemId} changed after revision {Revision} was read (attempt {Attempt}); reading it again")]
    public static partial void WriteConflict(ILogger logger, int workItemId, int revision, int attempt);

    [LoggerMessage(EventId = 6006, EventName = "OutboundWriteConflictPersisted", Level = LogLevel.Warning,
        Message = "Work item {WorkItemId} kept changing: {Attempts} guarded writes lost to concurrent edits; giving up")]
    public static partial void WriteConflictPersisted(ILogger logger, int workItemId, int attempts);

    [LoggerMessage(EventId = 6007, EventName = "AssigneeNotFound", Level = LogLevel.Information,
        Message = "No Azure DevOps user has any of the {EmailCount} addresses of host user {UserId}; work item {WorkItemId} not assigned")]
    public static partial void AssigneeNotFound(ILogger logger, string userId, int emailCount, int workItemId);

    [LoggerMessage(EventId = 6008, EventName = "ProjectNotFound", Level = LogLevel.Warning,
        Message = "The project {Project} of work item {WorkItemId} is not among the organization's projects")]
    public static partial void ProjectNotFound(ILogger logger, string project, int workItemId);

    [LoggerMessage(EventId = 6009, EventName = "DirectoryLoaded", Level = LogLevel.Debug,
        Message = "Loaded {Count} {Directory} of {Organization}")]
    public static partial void DirectoryLoaded(ILogger logger, string directory, string organization, int count);

    [LoggerMessage(EventId = 6010, EventName = "StatusStateRejected", Level = LogLevel.Information,
        Message = "Azure DevOps rejected state {State} for work item {WorkItemId} ({WorkItemType}); reading the type's states again to fall back")]
    public static partial void StatusStateRejected(ILogger logger, string state, int workItemId, string workItemType);

    [LoggerMessage(EventId = 6011, EventName = "UnknownOutcomeLookup", Level = LogLevel.Information,
        Message = "An earlier {Write} may have landed (its answer was lost); looking for it before sending it again.")]
    public static partial void UnknownOutcomeLookup(ILogger logger, string write);

    [LoggerMessage(EventId = 6012, EventName = "UnknownOutcomeFound", Level = LogLevel.Information,
        Message = "The {Write} whose answer was lost had landed as {ResultId}: not sent again.")]
    public static partial void UnknownOutcomeFound(ILogger logger, string write, int resultId);

    [LoggerMessage(EventId = 6013, EventName = "DuplicateCreates", Level = LogLevel.Warning,
        Message = "Work items {DuplicateIds} carry the same group tag as work item {KeptId} (a create committed after the client gave up); policy {Policy}.")]
    public static partial void DuplicateCreates(ILogger logger, int keptId, string duplicateIds, DuplicateCreatePolicy policy);

    [LoggerMessage(EventId = 6014, EventName = "DuplicateDeleteFailed", Level = LogLevel.Warning,
        Message = "Work item {DuplicateId}, a duplicate create, could not be deleted: {ErrorKind}. It stays reported.")]
    public static partial void DuplicateDeleteFailed(ILogger logger, int duplicateId, VstsErrorKind errorKind);

    [LoggerMessage(EventId = 6015, EventName = "AttemptNotRecorded", Level = LogLevel.Warning,
        Message = "The own-write ledger failed ({ErrorType}) to record when the client gave up on {AttemptKey}; a later look waits from the send instead.")]
    public static partial void AttemptNotRecorded(ILogger logger, string attemptKey, string errorType);

    [LoggerMessage(EventId = 6016, EventName = "CreateRuleRejected", Level = LogLevel.Information,
        Message = "Azure DevOps rejected a {WorkItemType} create in project {Project} by a rule the cached process metadata did not show ({ErrorCode}); the metadata is read again on the next create.")]
    public static partial void CreateRuleRejected(ILogger logger, string workItemType, string project, string? errorCode);
}
