namespace IssueSync.Sdk.Client;

/// <summary>A version in a request body: <c>{"version": "...", "versionType": "commit"}</c>.</summary>
internal sealed class GitVersionBody
{
    public required string Version { get; init; }

    public required string VersionType { get; init; }

    public static GitVersionBody From(GitVersionDescriptor version) => new() { Version = version.Version, VersionType = version.WireType };
}

/// <summary>Body of <c>POST _apis/git/repositories/{id}/commitsbatch</c>: the commits reachable from <c>compareVersion</c> and not from <c>itemVersion</c>.</summary>
internal sealed class GitCommitsBatchBody
{
    public required GitVersionBody ItemVersion { get; init; }

    public required GitVersionBody CompareVersion { get; init; }
}
