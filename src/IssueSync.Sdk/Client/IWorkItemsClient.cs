using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Client;

/// <summary>Work items: read, create, update, delete, batch read and WIQL queries.</summary>
public interface IWorkItemsClient
{
    /// <summary>Reads one work item (<c>GET _apis/wit/workitems/{id}</c>).</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="options">Fields, expansion, point in time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The work item.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the item does not exist.</exception>
    Task<WorkItem> GetAsync(int id, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a work item (<c>POST {project}/_apis/wit/workitems/${type}</c> with a JSON-Patch body). Not retried on ambiguous failures.</summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name or reference name, e.g. <c>Bug</c> or <c>Microsoft.VSTS.WorkItemTypes.Bug</c>.</param>
    /// <param name="patch">The fields, usually from <see cref="WorkItemPatch.ForCreate"/>.</param>
    /// <param name="options">Validate-only, bypass rules, notifications, expansion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created work item.</returns>
    Task<WorkItem> CreateAsync(string project, string workItemType, WorkItemPatch patch, WorkItemWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates a work item (<c>PATCH _apis/wit/workitems/{id}</c>). A patch guarded by
    /// <c>test /rev</c> is safe to resend; a failed guard is <see cref="VstsErrorKind.Conflict"/>.
    /// </summary>
    /// <param name="id">The work item number.</param>
    /// <param name="patch">The changes, usually from <see cref="WorkItemPatch.ForUpdate"/>.</param>
    /// <param name="options">Validate-only, bypass rules, notifications, expansion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated work item.</returns>
    Task<WorkItem> UpdateAsync(int id, WorkItemPatch patch, WorkItemWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a work item to the recycle bin, or for good with <paramref name="destroy"/>.</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="destroy">Delete permanently instead of to the recycle bin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(int id, bool destroy = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads many work items (<c>POST _apis/wit/workitemsbatch</c>), 200 ids per request. Items that
    /// do not exist or are not visible are left out; order follows <paramref name="ids"/>.
    /// </summary>
    /// <param name="ids">The work item numbers.</param>
    /// <param name="options">Fields, expansion, point in time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The work items found.</returns>
    Task<IReadOnlyList<WorkItem>> GetBatchAsync(IReadOnlyCollection<int> ids, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads work items from a project's recycle bin (<c>GET {project}/_apis/wit/recyclebin?ids=...</c>), 200 ids per
    /// request. Items that are not in the recycle bin (never deleted, restored, destroyed, or in another project) are
    /// left out; an empty list when none is.
    /// </summary>
    /// <param name="project">The project id or name the items were deleted from.</param>
    /// <param name="ids">The work item numbers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deleted work items found.</returns>
    Task<IReadOnlyList<DeletedWorkItem>> GetDeletedAsync(string project, IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default);

    /// <summary>Runs a WIQL query (<c>POST {project}/_apis/wit/wiql</c>) and returns the matching ids.</summary>
    /// <param name="wiql">The query, e.g. <c>SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'x'</c>.</param>
    /// <param name="project">Scopes <c>@project</c> macros; optional.</param>
    /// <param name="top">At most this many results.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids in query order.</returns>
    Task<WiqlResult> QueryIdsAsync(string wiql, string? project = null, int? top = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a WIQL query, then reads the matching items in batches of 200, yielding them in query order.</summary>
    /// <param name="wiql">The query.</param>
    /// <param name="project">Scopes <c>@project</c> macros; optional.</param>
    /// <param name="options">Fields, expansion.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The work items.</returns>
    IAsyncEnumerable<WorkItem> QueryAsync(string wiql, string? project = null, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default);
}
