namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// An area or iteration node with its children, as
/// <c>GET {project}/_apis/wit/classificationnodes/{areas|iterations}?$depth=N</c> returns it.
/// Hosts may build one for their own tests.
/// </summary>
/// <param name="Id">The node id (<c>System.AreaId</c> / <c>System.IterationId</c> hold it).</param>
/// <param name="Name">The node name; the root's is the project name.</param>
/// <param name="Path">The node path as the classification API writes it: <c>\Fabrikam\Area\Web</c>.</param>
/// <param name="Children">The child nodes read (down to the depth asked for); empty for a leaf or below the depth.</param>
/// <param name="HasChildren">Whether the node has children, read or not.</param>
public sealed record ClassificationNode(
    int Id,
    string Name,
    string Path,
    IReadOnlyList<ClassificationNode> Children,
    bool HasChildren)
{
    /// <summary>
    /// The path as work items hold it in <c>System.AreaPath</c> / <c>System.IterationPath</c>: the node
    /// path without the leading <c>\</c> and without the structure segment (<c>Area</c>, <c>Iteration</c>),
    /// so <c>\Fabrikam\Area\Web</c> is <c>Fabrikam\Web</c> and the root <c>\Fabrikam\Area</c> is <c>Fabrikam</c>.
    /// </summary>
    public string WorkItemPath => ToWorkItemPath(Path);

    /// <summary>This node and every node below it that was read, depth first, parents before children.</summary>
    /// <returns>The nodes.</returns>
    public IEnumerable<ClassificationNode> DescendantsAndSelf()
    {
        var stack = new Stack<ClassificationNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }

    /// <summary>Turns a classification node path (<c>\Project\Area\Sub</c>) into a work item path (<c>Project\Sub</c>).</summary>
    /// <param name="nodePath">The node path.</param>
    /// <returns>The work item path; the input trimmed of a leading <c>\</c> when it has fewer than two segments.</returns>
    public static string ToWorkItemPath(string nodePath)
    {
        ArgumentNullException.ThrowIfNull(nodePath);
        var segments = nodePath.TrimStart('\\').Split('\\');
        return segments.Length < 2
            ? segments[0]
            : string.Join('\\', segments.Where((_, i) => i != 1));
    }
}
