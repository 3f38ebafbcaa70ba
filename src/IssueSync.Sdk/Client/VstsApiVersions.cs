namespace IssueSync.Sdk.Client;

/// <summary>
/// The api-version each endpoint is pinned to: 7.1 where the endpoint is GA, the documented
/// preview where it is still preview in 7.1. One place to move an endpoint forward.
/// </summary>
internal static class VstsApiVersions
{
    public const string WorkItems = "7.1";
    public const string WorkItemsBatch = "7.1";
    public const string Wiql = "7.1";
    public const string WorkItemTypeStates = "7.1";
    public const string WorkItemTypeCategories = "7.1";
    public const string WorkItemTypes = "7.1";

    /// <summary>Work Item Types Field - List: documented as 7.1-preview.3 (not GA in 7.1).</summary>
    public const string WorkItemTypeFields = "7.1-preview.3";

    /// <summary>Fields - List: documented as 7.1-preview.3 (not GA in 7.1).</summary>
    public const string Fields = "7.1-preview.3";
    public const string ClassificationNodes = "7.1";

    /// <summary>Processes - Get (work/processes): documented as 7.1-preview.2 (not GA in 7.1).</summary>
    public const string Processes = "7.1-preview.2";
    public const string ReportingWorkItemRevisions = "7.1";
    public const string RecycleBin = "7.1";
    public const string Projects = "7.1";
    public const string ConnectionData = "7.1-preview.1";
    public const string GraphUsers = "7.1-preview.1";
    public const string Search = "7.1";
    public const string Comments = "7.1-preview.4";
    public const string Subscriptions = "7.1";
    public const string ResourceAreas = "5.0-preview.1";
    public const string Profile = "7.1";
    public const string Accounts = "7.1";
    public const string Git = "7.1";
}
