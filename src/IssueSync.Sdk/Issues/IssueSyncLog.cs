using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Issues;

/// <summary>Log lines of the outbound side and the resolve decision. Event ids 6xxx are stable: never change or reuse one.</summary>
internal static partial class IssueSyncLog
{
    [LoggerMessage(EventId = 6001, EventName = "DoneStatesUnavailable", Level = LogLevel.Warning,
        Message = "Could not read the states of work item type {WorkItemType} in project {Project} ({Kind}, error code {ErrorCode}); the state change {OldState} -> {NewState} is not synced")]
    public static partial void DoneStatesUnavailable(ILogger logger, string workItemType, string project, string kind, string? errorCode, string? oldState, string? newState);
}
