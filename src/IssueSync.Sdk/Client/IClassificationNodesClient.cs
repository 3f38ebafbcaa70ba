using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The area and iteration trees of a project.</summary>
public interface IClassificationNodesClient
{
    /// <summary>
    /// Reads a project's area or iteration tree (<c>GET {project}/_apis/wit/classificationnodes/{areas|iterations}?$depth=N</c>).
    /// <see cref="ClassificationNode.WorkItemPath"/> gives each node's path as work items hold it.
    /// </summary>
    /// <param name="project">The project id or name.</param>
    /// <param name="tree">Areas or iterations.</param>
    /// <param name="depth">How many levels below the root to read: 0 reads the root alone. 0 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The root node with its children down to <paramref name="depth"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is negative or over 100, or <paramref name="tree"/> is not defined.</exception>
    /// <exception cref="VstsApiException">The call failed; <see cref="VstsErrorKind.NotFound"/> when the project does not exist.</exception>
    Task<ClassificationNode> GetTreeAsync(string project, ClassificationStructure tree, int depth, CancellationToken cancellationToken = default);
}
