namespace IssueSync.Sdk.Patch;

/// <summary>Reference names of the work item fields the SDK reads and writes.</summary>
public static class WorkItemFields
{
    /// <summary><c>System.Id</c>: the work item number.</summary>
    public const string Id = "System.Id";

    /// <summary><c>System.Title</c>.</summary>
    public const string Title = "System.Title";

    /// <summary><c>System.Description</c> (HTML).</summary>
    public const string Description = "System.Description";

    /// <summary><c>System.History</c>: writing it adds a discussion comment.</summary>
    public const string History = "System.History";

    /// <summary><c>System.AssignedTo</c>: an identity (an email or unique name when written).</summary>
    public const string AssignedTo = "System.AssignedTo";

    /// <summary><c>System.State</c>.</summary>
    public const string State = "System.State";

    /// <summary><c>System.Reason</c>.</summary>
    public const string Reason = "System.Reason";

    /// <summary><c>System.AreaPath</c>.</summary>
    public const string AreaPath = "System.AreaPath";

    /// <summary><c>System.IterationPath</c>.</summary>
    public const string IterationPath = "System.IterationPath";

    /// <summary><c>System.Tags</c>: tags separated by <c>"; "</c>.</summary>
    public const string Tags = "System.Tags";

    /// <summary><c>System.TeamProject</c>: the project name.</summary>
    public const string TeamProject = "System.TeamProject";

    /// <summary><c>System.WorkItemType</c>.</summary>
    public const string WorkItemType = "System.WorkItemType";

    /// <summary><c>System.ChangedBy</c>.</summary>
    public const string ChangedBy = "System.ChangedBy";

    /// <summary><c>System.ChangedDate</c>.</summary>
    public const string ChangedDate = "System.ChangedDate";

    /// <summary><c>System.CreatedBy</c>.</summary>
    public const string CreatedBy = "System.CreatedBy";

    /// <summary><c>System.CreatedDate</c>.</summary>
    public const string CreatedDate = "System.CreatedDate";

    /// <summary><c>System.Rev</c>: the revision number.</summary>
    public const string Rev = "System.Rev";

    /// <summary><c>Microsoft.VSTS.Common.Priority</c> (1 to 4 in the stock processes).</summary>
    public const string Priority = "Microsoft.VSTS.Common.Priority";
}
