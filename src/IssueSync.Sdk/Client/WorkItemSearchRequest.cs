namespace IssueSync.Sdk.Client;

/// <summary>
/// A work item search (<c>POST _apis/search/workitemsearchresults</c>): the text, an optional
/// project, a page (<see cref="Skip"/>, <see cref="Top"/>) and field filters.
/// </summary>
public sealed class WorkItemSearchRequest
{
    /// <summary>The most hits Azure DevOps returns in one page.</summary>
    public const int MaxTop = 1000;

    /// <summary>The search text, in Azure DevOps' search syntax, e.g. <c>crash</c> or <c>a:"Jamal Hartnett" s:Active</c>.</summary>
    public required string SearchText { get; init; }

    /// <summary>The project id or name to search in; the whole organization when <see langword="null"/>.</summary>
    public string? Project { get; init; }

    /// <summary>How many hits to return: 1 to <see cref="MaxTop"/>; 100 by default.</summary>
    public int Top { get; init; } = 100;

    /// <summary>How many hits to skip (for paging); 0 by default.</summary>
    public int Skip { get; init; }

    /// <summary>
    /// Field filters: values allowed per field, e.g. <c>System.WorkItemType</c> to
    /// <c>["Bug", "Task"]</c> or <c>System.TeamProject</c> to a project name. No filter when empty.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Filters { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(SearchText))
        {
            throw new ArgumentException("SearchText must contain something to search for.", nameof(SearchText));
        }

        if (Top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, $"Top must be between 1 and {MaxTop}, Azure DevOps' page limit.");
        }

        if (Skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Skip), Skip, "Skip cannot be negative.");
        }

        if (Project is not null && string.IsNullOrWhiteSpace(Project))
        {
            throw new ArgumentException("Project must be a project id or name, or null to search the whole organization.", nameof(Project));
        }

        foreach (var (field, values) in Filters ?? Enumerable.Empty<KeyValuePair<string, IReadOnlyList<string>>>())
        {
            if (string.IsNullOrWhiteSpace(field) || values is null || values.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"Filter '{field}' needs a field reference name and a list of non-empty values.", nameof(Filters));
            }
        }
    }
}
