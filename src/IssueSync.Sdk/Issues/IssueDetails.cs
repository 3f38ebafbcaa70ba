namespace IssueSync.Sdk.Issues;

/// <summary>A work item as the host links it: key, title, description, display name and URL.</summary>
/// <param name="Key">The work item number as text; store it to find the item again.</param>
/// <param name="Title">The title (as sent when created, possibly shortened; as stored when read).</param>
/// <param name="Description">
/// The description: the Markdown given when created; the HTML stored in Azure DevOps when read.
/// </param>
/// <param name="DisplayName">The display name, <c>{AreaPath}#{id}</c>, e.g. <c>Fabrikam-Fiber-Git#309</c>.</param>
/// <param name="Url">The work item's web page, <c>{organization}_workitems/edit/{id}</c>.</param>
public sealed record IssueDetails(string Key, string Title, string? Description, string DisplayName, Uri Url)
{
    /// <summary>
    /// Other work items that carry the create's group tag (a create Azure DevOps committed after the
    /// client gave up), lowest id first; empty when there are none. See <see cref="VstsOutboundSyncOptions.DuplicateCreates"/>.
    /// </summary>
    public IReadOnlyList<string> DuplicateKeys { get; init; } = [];

    /// <summary><see langword="true"/> when <see cref="DuplicateKeys"/> were deleted (<see cref="DuplicateCreatePolicy.Delete"/>).</summary>
    public bool DuplicatesDeleted { get; init; }

    /// <summary>Equal when every value is, <see cref="DuplicateKeys"/> compared item by item.</summary>
    /// <param name="other">The other details.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(IssueDetails? other) =>
        other is not null
        && Key == other.Key && Title == other.Title && Description == other.Description
        && DisplayName == other.DisplayName && Url == other.Url
        && DuplicatesDeleted == other.DuplicatesDeleted && DuplicateKeys.SequenceEqual(other.DuplicateKeys);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Title, Description, DisplayName, Url, DuplicateKeys.Count, DuplicatesDeleted);
}
