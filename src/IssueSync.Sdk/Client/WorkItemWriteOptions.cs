namespace IssueSync.Sdk.Client;

/// <summary>Options of a work item create or update.</summary>
public sealed class WorkItemWriteOptions
{
    /// <summary>Run the rules without saving (<c>validateOnly=true</c>).</summary>
    public bool ValidateOnly { get; init; }

    /// <summary>Skip work item type rules (<c>bypassRules=true</c>); needs the "bypass rules" permission.</summary>
    public bool BypassRules { get; init; }

    /// <summary>
    /// Ask Azure DevOps not to send notifications (<c>suppressNotifications=true</c>). Not a way to
    /// prevent webhook echoes: service hooks may still fire.
    /// </summary>
    public bool SuppressNotifications { get; init; }

    /// <summary>What the returned work item expands.</summary>
    public WorkItemExpand Expand { get; init; }
}
