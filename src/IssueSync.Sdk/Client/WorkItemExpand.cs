namespace IssueSync.Sdk.Client;

/// <summary>What a work item read expands (<c>$expand</c>). Cannot be combined with a field list.</summary>
public enum WorkItemExpand
{
    /// <summary>Nothing beyond fields (the default; no <c>$expand</c> is sent).</summary>
    None = 0,

    /// <summary><c>relations</c>: include links.</summary>
    Relations,

    /// <summary><c>fields</c>: all fields.</summary>
    Fields,

    /// <summary><c>links</c>: include <c>_links</c>.</summary>
    Links,

    /// <summary><c>all</c>: fields, relations and links.</summary>
    All,
}
