using System.Globalization;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Every Azure DevOps route the SDK calls, relative to the base URL of its area host (organization,
/// Graph, search). The one place URLs are formatted; path segments are escaped here.
/// </summary>
internal static class VstsApiPaths
{
    // Work items (organization host)
    public static string WorkItem(int id) => string.Create(CultureInfo.InvariantCulture, $"_apis/wit/workitems/{Id(id)}");

    public static string WorkItemInProject(string project, int id) => string.Create(CultureInfo.InvariantCulture, $"{Segment(project)}/_apis/wit/workitems/{Id(id)}");

    /// <summary><c>{project}/_apis/wit/workitems/${type}</c>: the <c>$</c> stays literal, the type name is escaped.</summary>
    public static string CreateWorkItem(string project, string workItemType) =>
        $"{Segment(project)}/_apis/wit/workitems/${Segment(workItemType)}";

    public static string WorkItemsBatch(string? project) => $"{ProjectPrefix(project)}_apis/wit/workitemsbatch";

    public static string Wiql(string? project) => $"{ProjectPrefix(project)}_apis/wit/wiql";

    public static string WorkItemTypeStates(string project, string workItemType) =>
        $"{Segment(project)}/_apis/wit/workitemtypes/{Segment(workItemType)}/states";

    public static string WorkItemTypeCategories(string project) => $"{Segment(project)}/_apis/wit/workitemtypecategories";

    public static string WorkItemTypes(string project) => $"{Segment(project)}/_apis/wit/workitemtypes";

    /// <summary><c>{project}/_apis/wit/workitemtypes/{type}/fields</c>, read with <c>$expand=all</c> for the rules.</summary>
    public static string WorkItemTypeFields(string project, string workItemType) =>
        $"{Segment(project)}/_apis/wit/workitemtypes/{Segment(workItemType)}/fields";

    /// <summary><c>[{project}/]_apis/wit/fields</c>: the field definitions (data types) of the organization.</summary>
    public static string Fields(string? project) => $"{ProjectPrefix(project)}_apis/wit/fields";

    /// <summary><c>{project}/_apis/wit/classificationnodes/{areas|iterations}</c>: one tree, read with <c>$depth</c>.</summary>
    public static string ClassificationNodes(string project, string structureGroup) =>
        $"{Segment(project)}/_apis/wit/classificationnodes/{Segment(structureGroup)}";

    /// <summary><c>{project}/_apis/wit/recyclebin</c>: the deleted work items of a project, read with <c>ids</c>.</summary>
    public static string RecycleBin(string project) => $"{Segment(project)}/_apis/wit/recyclebin";

    /// <summary>Organization scope only: a project-scoped read misses items moved out of the project.</summary>
    public static string ReportingWorkItemRevisions => "_apis/wit/reporting/workitemrevisions";

    // Comments (organization host, Comments API)
    public static string Comments(string project, int workItemId) => string.Create(CultureInfo.InvariantCulture, $"{Segment(project)}/_apis/wit/workItems/{Id(workItemId)}/comments");

    public static string Comment(string project, int workItemId, int commentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Segment(project)}/_apis/wit/workItems/{Id(workItemId)}/comments/{Id(commentId)}");

    // Core
    public static string Projects => "_apis/projects";

    public static string Project(string projectIdOrName) => $"_apis/projects/{Segment(projectIdOrName)}";

    public static string ConnectionData => "_apis/connectionData";

    // Work item tracking process (organization host)
    public static string Process(string processTypeId) => $"_apis/work/processes/{Segment(processTypeId)}";

    // Service hooks
    public static string Subscriptions => "_apis/hooks/subscriptions";

    public static string Subscription(string subscriptionId) => $"_apis/hooks/subscriptions/{Segment(subscriptionId)}";

    public static string SubscriptionsQuery => "_apis/hooks/subscriptionsquery";

    // Graph (vssps host)
    public static string GraphUsers => "_apis/graph/users";

    // Search (almsearch host)
    public static string WorkItemSearch(string? project) => $"{ProjectPrefix(project)}_apis/search/workitemsearchresults";

    // Git (organization host; a repository name needs its project, an id does not)
    public static string GitRepositories(string? project) => $"{ProjectPrefix(project)}_apis/git/repositories";

    public static string GitRepository(string? project, string repository) => $"{ProjectPrefix(project)}_apis/git/repositories/{Segment(repository)}";

    public static string GitCommits(string? project, string repository) => GitRepository(project, repository) + "/commits";

    public static string GitCommit(string? project, string repository, string commitId) => $"{GitRepository(project, repository)}/commits/{Segment(commitId)}";

    public static string GitCommitChanges(string? project, string repository, string commitId) => GitCommit(project, repository, commitId) + "/changes";

    public static string GitCommitsBatch(string? project, string repository) => GitRepository(project, repository) + "/commitsbatch";

    public static string GitItems(string? project, string repository) => GitRepository(project, repository) + "/items";

    // Organization-less calls (accounts and profile live on app.vssps.visualstudio.com)
    public const string AccountsHost = "app.vssps.visualstudio.com";

    public static bool IsAccountsHost(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && string.Equals(uri.IdnHost, AccountsHost, StringComparison.OrdinalIgnoreCase);

    public static readonly Uri AccountsBaseUrl = new($"https://{AccountsHost}/");

    public static string ResourceArea(string areaId) => $"_apis/resourceAreas/{Segment(areaId)}";

    public static string ProfileMe => "_apis/profile/profiles/me";

    public static string Accounts => "_apis/accounts";

    // OAuth token endpoints (absolute)
    public const string AzureDevOpsOAuthTokenEndpoint = "https://app.vssps.visualstudio.com/oauth2/token";

    public static string EntraTokenEndpoint(string tenant) => $"https://login.microsoftonline.com/{Segment(tenant)}/oauth2/v2.0/token";

    /// <summary>Escapes one path segment (project names with spaces, type names, ids).</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>A positive id, formatted by the caller's invariant interpolation (no string of its own).</summary>
    private static int Id(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        return id;
    }

    private static string ProjectPrefix(string? project) => string.IsNullOrEmpty(project) ? string.Empty : Segment(project) + "/";
}
