namespace IssueSync.Sdk.Abstractions;

/// <summary>A host user, as far as assignee sync needs one.</summary>
/// <param name="UserId">The host's user id.</param>
/// <param name="Emails">The user's verified email addresses; matched case-insensitively against Azure DevOps users.</param>
/// <param name="DisplayName">The display name, used in comment attributions.</param>
public sealed record HostUser(string UserId, IReadOnlyList<string> Emails, string? DisplayName = null);
