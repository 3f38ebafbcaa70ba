using System.Diagnostics.CodeAnalysis;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The resolve decision: what a state change of a work item means for its linked groups, on the
/// states of the item's own type (read once per organization, project and type, then cached). The
/// outbound side asks it through <c>IIssueIntegration.GetResolveSyncActionAsync</c>, the inbound side
/// directly. A singleton.
/// </summary>
internal sealed class ResolveDecision
{
    /// <summary>The state categories that count as done when <see cref="SyncRuleOptions.DoneStateCategories"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultDoneStateCategories = ["Resolved", "Completed"];

    private readonly IOptionsMonitor<SyncRuleOptions> _options;
    private readonly ILogger _logger;
    private DoneSet? _done;

    public ResolveDecision(WorkItemStateCache states, IOptionsMonitor<SyncRuleOptions> options, ILogger logger)
    {
        States = states;
        _options = options;
        _logger = logger;
    }

    /// <summary>Work item type states per organization, project and type.</summary>
    public WorkItemStateCache States { get; }

    /// <summary>
    /// The state categories whose states mean "done" (case-insensitive), from the current
    /// <see cref="SyncRuleOptions"/>: built again only when a configuration reload brings a new instance.
    /// </summary>
    public IReadOnlySet<WorkItemStateCategory> DoneCategories
    {
        get
        {
            var rules = _options.CurrentValue;
            var done = Volatile.Read(ref _done);
            if (done is null || !ReferenceEquals(done.Rules, rules))
            {
                // Blank names are skipped; none left (an empty environment variable binds [""]) is the default,
                // never an empty set, which would make every state "not done".
                var names = rules.DoneStateCategories?.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray() is { Length: > 0 } configured ? configured : DefaultDoneStateCategories;
                done = new DoneSet(rules, names.Select(c => new WorkItemStateCategory(c.Trim())).ToHashSet());
                Volatile.Write(ref _done, done);
            }

            return done.Categories;
        }
    }

    /// <summary>
    /// The decision from cached states only (never a call, never a client): what the inbound side tries
    /// first, since a warm cache is the usual case.
    /// </summary>
    /// <param name="organizationUrl">The organization URL as stored (<c>https://dev.azure.com/{org}/</c>).</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The item's type.</param>
    /// <param name="oldState">The previous state (none for a created item).</param>
    /// <param name="newState">The new state.</param>
    /// <param name="action">The decision, when the type's states are cached.</param>
    /// <returns>Whether the decision could be made without a call.</returns>
    public bool TryDecideFromCache(string organizationUrl, string project, string workItemType, string? oldState, string? newState, out ResolveSyncAction action)
    {
        if (IsNoTransition(oldState, newState))
        {
            action = ResolveSyncAction.None;
            return true;
        }

        if (States.TryGetCached(organizationUrl, project, workItemType, out var states))
        {
            action = Decide(states, DoneCategories, oldState, newState);
            return true;
        }

        action = ResolveSyncAction.None;
        return false;
    }

    /// <summary>
    /// The decision, reading the type's states through <paramref name="client"/> when they are not cached.
    /// </summary>
    /// <param name="client">The organization's client.</param>
    /// <param name="oldState">The previous state; <see langword="null"/> for a created item.</param>
    /// <param name="newState">The new state.</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The item's type.</param>
    /// <param name="cancellationToken">Cancels this caller's wait.</param>
    /// <returns>The action; <see langword="null"/> when the states could not be read (logged as a warning): unknown is not "not done".</returns>
    public async Task<ResolveSyncAction?> TryDecideAsync(IVstsClient client, string? oldState, string? newState, string project, string workItemType, CancellationToken cancellationToken)
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
            states = await States.GetStatesAsync(client, project, workItemType, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex)
        {
            // Guessing would re-open (or close) every linked group on a blip.
            SyncLog.DoneStatesUnavailable(_logger, workItemType, project, ex.Kind.ToString(), ex.ErrorCode, oldState, newState);
            return null;
        }

        return Decide(states, DoneCategories, oldState, newState);
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
    public static ResolveSyncAction Decide(IReadOnlyList<WorkItemTypeState> states, IReadOnlySet<WorkItemStateCategory> doneCategories, string? oldState, string? newState)
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
        for (var i = 0; i < states.Count; i++)
        {
            var candidate = states[i];
            if (candidate.Name == name)
            {
                return doneCategories.Contains(candidate.Category);
            }
        }

        // A state the type does not list (renamed since, or another type's): not done.
        return false;
    }

    /// <summary>The done categories of one <see cref="SyncRuleOptions"/> instance.</summary>
    private sealed record DoneSet(SyncRuleOptions Rules, IReadOnlySet<WorkItemStateCategory> Categories);
}
