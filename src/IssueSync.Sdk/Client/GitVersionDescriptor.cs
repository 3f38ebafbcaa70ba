namespace IssueSync.Sdk.Client;

/// <summary>What a Git version names: a branch, a tag or a commit.</summary>
public enum GitVersionType
{
    /// <summary>A branch name, e.g. <c>main</c> (without <c>refs/heads/</c>).</summary>
    Branch,

    /// <summary>A tag name, e.g. <c>v1.2</c>.</summary>
    Tag,

    /// <summary>A commit id (SHA-1).</summary>
    Commit,
}

/// <summary>A version of a repository (Azure DevOps' <c>GitVersionDescriptor</c>): a branch, tag or commit.</summary>
/// <param name="Version">The branch name, tag name or commit id.</param>
/// <param name="Type">What <paramref name="Version"/> names.</param>
public sealed record GitVersionDescriptor(string Version, GitVersionType Type)
{
    /// <summary>A commit by id.</summary>
    /// <param name="commitId">The commit id.</param>
    /// <returns>The version.</returns>
    public static GitVersionDescriptor Commit(string commitId) => new(commitId, GitVersionType.Commit);

    /// <summary>A branch by name (without <c>refs/heads/</c>).</summary>
    /// <param name="branch">The branch name.</param>
    /// <returns>The version.</returns>
    public static GitVersionDescriptor Branch(string branch) => new(branch, GitVersionType.Branch);

    /// <summary>A tag by name.</summary>
    /// <param name="tag">The tag name.</param>
    /// <returns>The version.</returns>
    public static GitVersionDescriptor Tag(string tag) => new(tag, GitVersionType.Tag);

    /// <summary>The wire value of <see cref="Type"/>: <c>branch</c>, <c>tag</c> or <c>commit</c>.</summary>
    internal string WireType => Type switch
    {
        GitVersionType.Branch => "branch",
        GitVersionType.Tag => "tag",
        GitVersionType.Commit => "commit",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "Not a Git version type."),
    };

    /// <summary>Checks the version names something before it goes on the wire.</summary>
    internal static void Check(GitVersionDescriptor? version, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(version, parameterName);
        if (string.IsNullOrWhiteSpace(version.Version))
        {
            throw new ArgumentException("The version must name a branch, tag or commit.", parameterName);
        }

        if (!Enum.IsDefined(version.Type))
        {
            throw new ArgumentOutOfRangeException(parameterName, version.Type, "Not a Git version type.");
        }
    }
}
