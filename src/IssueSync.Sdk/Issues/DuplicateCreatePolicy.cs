namespace IssueSync.Sdk.Issues;

/// <summary>
/// What a create with a group key does with work items that carry the group's tag besides the one it
/// keeps (the lowest id): they come from a create Azure DevOps committed after the client gave up.
/// </summary>
public enum DuplicateCreatePolicy
{
    /// <summary>Keep them and list them in <see cref="IssueDetails.DuplicateKeys"/>, for the host to decide.</summary>
    Report = 0,

    /// <summary>
    /// Delete them (to the recycle bin, restorable) and list them in <see cref="IssueDetails.DuplicateKeys"/>
    /// with <see cref="IssueDetails.DuplicatesDeleted"/> set. A delete that fails leaves them reported only.
    /// </summary>
    Delete = 1,
}
