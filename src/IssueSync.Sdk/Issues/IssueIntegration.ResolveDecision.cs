using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>The resolve decision, as the outbound surface offers it (the rule itself lives in <see cref="ResolveDecision"/>).</summary>
internal sealed partial class IssueIntegration
{
    public Task<ResolveSyncAction> GetResolveSyncActionAsync(string? oldState, string? newState, string project, string workItemType, CancellationToken cancellationToken = default) =>
        Traced("Issues.GetResolveSyncAction", null, async () =>
            await _decision.TryDecideAsync(_client, oldState, newState, project, workItemType, cancellationToken).ConfigureAwait(false) ?? ResolveSyncAction.None);
}
