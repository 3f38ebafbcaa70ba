namespace IssueSync.Sdk.Client.Models;

/// <summary>Which classification tree of a project to read.</summary>
public enum ClassificationStructure
{
    /// <summary>Area paths (<c>classificationnodes/areas</c>).</summary>
    Areas = 0,

    /// <summary>Iteration paths (<c>classificationnodes/iterations</c>).</summary>
    Iterations,
}
