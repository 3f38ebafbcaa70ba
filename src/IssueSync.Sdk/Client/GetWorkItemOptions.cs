namespace IssueSync.Sdk.Client;

/// <summary>Options of a work item read. <see cref="Fields"/> and <see cref="Expand"/> cannot be combined (Azure DevOps rejects it).</summary>
public sealed class GetWorkItemOptions
{
    /// <summary>Only these fields (reference names); all fields when empty.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>What to expand.</summary>
    public WorkItemExpand Expand { get; init; }

    /// <summary>Read the item as it was at this time.</summary>
    public DateTimeOffset? AsOf { get; init; }

    internal void Validate()
    {
        if (Fields is { Count: > 0 } && Expand != WorkItemExpand.None)
        {
            throw new ArgumentException("Azure DevOps cannot combine a field list with $expand; request either Fields or Expand.", nameof(Fields));
        }
    }
}
