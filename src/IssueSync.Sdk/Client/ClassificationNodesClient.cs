using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The classification nodes area over one connection.</summary>
internal sealed class ClassificationNodesClient(VstsRequestSender sender) : IClassificationNodesClient
{
    /// <summary>The deepest tree read in one call; Azure DevOps allows 14 levels of nodes.</summary>
    internal const int MaxDepth = 100;

    public async Task<ClassificationNode> GetTreeAsync(string project, ClassificationStructure tree, int depth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        var group = tree switch
        {
            ClassificationStructure.Areas => "areas",
            ClassificationStructure.Iterations => "iterations",
            _ => throw new ArgumentOutOfRangeException(nameof(tree), tree, "Areas or Iterations."),
        };
        var uri = sender.OrganizationUri(VstsApiPaths.ClassificationNodes(project, group), new VstsQuery().Add("$depth", depth));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.ClassificationNodes, "ClassificationNodes.GetTree", IsIdempotent: true);
        var root = await sender.SendAsync(request, VstsJsonContext.Default.ClassificationNodeWire, cancellationToken).ConfigureAwait(false);
        return root.ToModel();
    }
}
