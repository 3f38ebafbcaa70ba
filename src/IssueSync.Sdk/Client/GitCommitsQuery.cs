namespace IssueSync.Sdk.Client;

/// <summary>
/// The search criteria of <see cref="IGitClient.GetCommitsAsync"/>, sent with their documented names:
/// <c>searchCriteria.itemVersion.version</c> / <c>searchCriteria.itemVersion.versionType</c>,
/// <c>searchCriteria.$top</c> and <c>searchCriteria.$skip</c>.
/// </summary>
public sealed record GitCommitsQuery
{
    /// <summary>Where the history walk starts (newest first); the default branch when null.</summary>
    public GitVersionDescriptor? ItemVersion { get; init; }

    /// <summary>At most this many commits (Azure DevOps' default is 100).</summary>
    public int? Top { get; init; }

    /// <summary>Skip this many commits first (for paging).</summary>
    public int? Skip { get; init; }
}
