namespace IssueSync.Sdk.Issues;

/// <summary>
/// The work item a host issue is linked to, as the host stored it: the key
/// (<see cref="IssueDetails.Key"/>) and, when known, the Azure DevOps project id
/// (<see cref="Abstractions.LinkedGroup.VstsProjectId"/>). With the project id the sync calls skip
/// mapping the item's project name to an id, and comments need no read of the item first.
/// </summary>
/// <param name="Key">The work item number as text, e.g. <c>309</c>.</param>
/// <param name="ProjectId">The Azure DevOps project id of the item; <see langword="null"/> when the host did not store it.</param>
public sealed record LinkedWorkItem(string Key, string? ProjectId = null);
