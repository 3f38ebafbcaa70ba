using System.Diagnostics.CodeAnalysis;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Issues;

/// <summary>The resolve decision: what a state change of a work item means for its linked groups.</summary>
internal sealed partial class IssueIntegration
{
    public Task<ResolveSyncAction> GetResolveSyncActionAsync(string? oldState, string? newState, string project, string workItemType, CancellationToken cancellationToken = default) =>
        Traced("Issues.GetResolveSyncAction", null, () => GetResolveSyncActionCoreAsync(oldState, newState, project, workItemType, cancellationToken));

    private async Task<ResolveSyncAction> GetResolveSyncActionCoreAsync(string? oldState, string? newState, string project, string workItemType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(workItemType);
        if (IsNoTransition(oldState, newState))
        {
            return ResolveSyncAction.None; // no states needed, so no call
        }

        IReadOnlyList<WorkItemTypeState> states;
        try
        {
            states = await _services.States.GetStatesAsync(_client, project, workItemType, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex)
        {
            // Unknown is not "not done": guessing would re-open (or close) every linked group on a blip.
            IssueSyncLog.DoneStatesUnavailable(_services.Logger, workItemType, project, ex.Kind.ToString(), ex.ErrorCode, oldState, newState);
            return ResolveSyncAction.None;
        }

        return Decide(states, _services.DoneCategories, oldState, newState);
    }

    /// <summary>
    /// The rule itself, on a type's states: not done to done resolves, done to not done unresolves,
    /// a created item (no old state) follows its first state, anything else changes nothing.
    /// </summary>
    /// <param name="states">The states of the item's own type.</param>
    /// <param name="doneCategories">The categories that count as done.</param>
    /// <param name="oldState">The previous state; blank or <see langword="null"/> for a created item.</param>
    /// <param name="newState">The new state.</param>
    /// <returns>The action.</returns>
    internal static ResolveSyncAction Decide(IReadOnlyList<WorkItemTypeState> states, IReadOnlySet<WorkItemStateCategory> doneCategories, string? oldState, string? newState)
    {
        if (IsNoTransition(oldState, newState))
        {
            return ResolveSyncAction.None;
        }

        oldState = string.IsNullOrWhiteSpace(oldState) ? null : oldState;
        var isNewDone = IsDone(states, doneCategories, newState);
        if (oldState is null)
        {
            // Created: a group linked to a brand-new item follows its first state.
            return isNewDone ? ResolveSyncAction.Resolve : ResolveSyncAction.Unresolve;
        }

        var wasDone = IsDone(states, doneCategories, oldState);
        return (wasDone, isNewDone) switch
        {
            (false, true) => ResolveSyncAction.Resolve,
            (true, false) => ResolveSyncAction.Unresolve,
            _ => ResolveSyncAction.None, // done -> done, and not done -> not done (the reference re-opens here)
        };
    }

    /// <summary>No new state, or the same one: nothing to decide.</summary>
    private static bool IsNoTransition(string? oldState, [NotNullWhen(false)] string? newState) =>
        string.IsNullOrWhiteSpace(newState) || string.Equals(oldState, newState, StringComparison.OrdinalIgnoreCase);

    private static bool IsDone(IReadOnlyList<WorkItemTypeState> states, IReadOnlySet<WorkItemStateCategory> doneCategories, string state)
    {
        var name = new WorkItemState(state);
        foreach (var candidate in states)
        {
            if (candidate.Name == name)
            {
                return doneCategories.Contains(candidate.Category);
            }
        }

        // A state the type does not list (renamed since, or another type's): not done.
        return false;
    }
}
