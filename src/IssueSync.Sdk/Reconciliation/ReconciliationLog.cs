using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Reconciliation;

/// <summary>Log lines of reconciliation. Event ids are stable: never change or reuse one.</summary>
internal static partial class ReconciliationLog
{
    /// <summary>The logger category of reconciliation.</summary>
    public const string Category = "IssueSync.Sdk.Reconciliation";

    [LoggerMessage(EventId = 10001, EventName = "ReconcileCompleted", Level = LogLevel.Information,
        Message = "Reconciled installation {IntegrationId}: {Pages} batches, {Revisions} revisions; {Applied} changes applied, {Superseded} superseded, {AlreadyApplied} already applied, {OwnWrites} own writes")]
    public static partial void Completed(ILogger logger, string integrationId, int pages, int revisions, int applied, int superseded, int alreadyApplied, int ownWrites);

    [LoggerMessage(EventId = 10002, EventName = "ReconcileWatermarkContended", Level = LogLevel.Warning,
        Message = "The reconciliation watermark of installation {IntegrationId} was saved by another run first; this run stopped (nothing is applied twice)")]
    public static partial void WatermarkContended(ILogger logger, string integrationId);

    [LoggerMessage(EventId = 10003, EventName = "ReconcileStoreFailed", Level = LogLevel.Error,
        Message = "The host's {Store} failed while installation {IntegrationId} was reconciled; the watermark stays at the last batch applied")]
    public static partial void StoreFailed(ILogger logger, string store, string integrationId, Exception exception);

    [LoggerMessage(EventId = 10004, EventName = "ReconcileItemContended", Level = LogLevel.Warning,
        Message = "Reconciliation of installation {IntegrationId} stopped: {Reason} The watermark stays before this batch; the next run applies it again")]
    public static partial void ItemContended(ILogger logger, string integrationId, string reason);
}
