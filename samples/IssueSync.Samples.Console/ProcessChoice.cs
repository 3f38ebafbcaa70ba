using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Samples.Console;

/// <summary>
/// The work item type the sample creates and the states it moves it to, chosen by category rather
/// than by name, so every process works: Agile (Bug; New, Resolved), Scrum (Bug; New, Done), CMMI
/// (Bug; Proposed, Resolved) and Basic, which has neither a Bug type nor a Resolved state (Issue;
/// To Do, Done).
/// </summary>
/// <param name="WorkItemType">The type name, e.g. <c>Bug</c> or <c>Issue</c>.</param>
/// <param name="Category">The category the type was taken from, e.g. <c>Microsoft.BugCategory</c>.</param>
/// <param name="ResolvedState">The first state of the type in category <c>Resolved</c>, else <c>Completed</c>.</param>
/// <param name="UnresolvedState">The first state of the type in category <c>Proposed</c>, else <c>InProgress</c>.</param>
internal sealed record ProcessChoice(string WorkItemType, string Category, string ResolvedState, string UnresolvedState)
{
    public const string BugCategory = "Microsoft.BugCategory";
    public const string RequirementCategory = "Microsoft.RequirementCategory";

    /// <summary>
    /// The type: the default type of <c>Microsoft.BugCategory</c>, else of <c>Microsoft.RequirementCategory</c>
    /// (one call: the project's categories).
    /// </summary>
    /// <exception cref="SampleException">The project has neither category with a default type.</exception>
    public static async Task<(string WorkItemType, string Category)> PickTypeAsync(IWorkItemTypesClient types, string project, CancellationToken cancellationToken)
    {
        var categories = await types.GetCategoriesAsync(project, cancellationToken);
        foreach (var wanted in (string[])[BugCategory, RequirementCategory])
        {
            var category = categories.FirstOrDefault(c => string.Equals(c.ReferenceName, wanted, StringComparison.OrdinalIgnoreCase));
            if (category?.DefaultWorkItemType is { } type && type.Name.Value.Length > 0)
            {
                return (type.Name.Value, category.ReferenceName);
            }
        }

        throw new SampleException($"Project '{project}' has no work item type in {BugCategory} or {RequirementCategory}, so the sample does not know which type to create.");
    }

    /// <summary>The resolved and unresolved states of a type (one call: its states).</summary>
    /// <exception cref="SampleException">The type has no state in category Resolved or Completed, or none in Proposed or InProgress.</exception>
    public static async Task<(string Resolved, string Unresolved)> PickStatesAsync(IWorkItemTypesClient types, string project, string workItemType, CancellationToken cancellationToken)
    {
        var states = await types.GetStatesAsync(project, workItemType, cancellationToken);
        var resolved = First(states, WorkItemStateCategory.Resolved) ?? First(states, WorkItemStateCategory.Completed)
            ?? throw new SampleException($"Work item type '{workItemType}' of project '{project}' has no state in category Resolved or Completed.");
        var unresolved = First(states, WorkItemStateCategory.Proposed) ?? First(states, WorkItemStateCategory.InProgress)
            ?? throw new SampleException($"Work item type '{workItemType}' of project '{project}' has no state in category Proposed or InProgress.");
        return (resolved, unresolved);
    }

    /// <summary>The type and both states: the project's categories, then the type's states (two calls).</summary>
    public static async Task<ProcessChoice> PickAsync(IWorkItemTypesClient types, string project, CancellationToken cancellationToken)
    {
        var (type, category) = await PickTypeAsync(types, project, cancellationToken);
        var (resolved, unresolved) = await PickStatesAsync(types, project, type, cancellationToken);
        return new ProcessChoice(type, category, resolved, unresolved);
    }

    private static string? First(IReadOnlyList<WorkItemTypeState> states, WorkItemStateCategory category) =>
        states.FirstOrDefault(s => s.Category == category) is { } state && state.Name.Value.Length > 0 ? state.Name.Value : null;
}

/// <summary>Something the sample cannot go on with, told to the user in one line (exit 1).</summary>
/// <param name="message">What went wrong and, when known, what to do.</param>
internal sealed class SampleException(string message) : Exception(message);
