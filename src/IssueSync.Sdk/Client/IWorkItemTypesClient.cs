using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Work item types of a project: their states and the categories that group them.</summary>
public interface IWorkItemTypesClient
{
    /// <summary>
    /// Reads the states of a work item type with their categories
    /// (<c>GET {project}/_apis/wit/workitemtypes/{type}/states</c>), in the process' order.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name, e.g. <c>Bug</c> or <c>User Story</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The states; empty when the type has none.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project or type does not exist.</exception>
    Task<IReadOnlyList<WorkItemTypeState>> GetStatesAsync(string project, string workItemType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the work item type categories of a project (<c>GET {project}/_apis/wit/workitemtypecategories</c>)
    /// as Azure DevOps returns them: a type listed in several categories appears in each.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The categories.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project does not exist.</exception>
    Task<IReadOnlyList<WorkItemTypeCategory>> GetCategoriesAsync(string project, CancellationToken cancellationToken = default);
}
