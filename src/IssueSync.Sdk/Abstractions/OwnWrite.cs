namespace IssueSync.Sdk.Abstractions;

/// <summary>A work item revision the SDK itself produced, so its webhook echo can be recognised.</summary>
/// <param name="OrganizationId">The Azure DevOps organization (collection) id.</param>
/// <param name="WorkItemId">The work item.</param>
/// <param name="Revision">The revision the write produced.</param>
/// <param name="Fields">The field reference names the write changed.</param>
public sealed record OwnWrite(string OrganizationId, int WorkItemId, int Revision, IReadOnlyCollection<string> Fields);
