using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Work item types of a project: the types, their states, the categories that group them, and each type's fields with their rules.</summary>
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

    /// <summary>
    /// Lists the work item types of a project's process (<c>GET {project}/_apis/wit/workitemtypes</c>), with
    /// their reference names, whether they are disabled, and their states with categories.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The types in Azure DevOps' order, disabled ones included.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project does not exist.</exception>
    Task<IReadOnlyList<WorkItemTypeInfo>> ListAsync(string project, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the fields of a work item type with the type's rules for them
    /// (<c>GET {project}/_apis/wit/workitemtypes/{type}/fields?$expand=all</c>): required, allowed values,
    /// default value, help text.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name, e.g. <c>Bug</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fields in Azure DevOps' order.</returns>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project or type does not exist.</exception>
    Task<IReadOnlyList<WorkItemTypeField>> GetFieldsAsync(string project, string workItemType, CancellationToken cancellationToken = default);
}
