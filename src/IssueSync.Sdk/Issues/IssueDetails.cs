namespace IssueSync.Sdk.Issues;

/// <summary>A work item as the host links it: key, title, description, display name and URL.</summary>
/// <param name="Key">The work item number as text; store it to find the item again.</param>
/// <param name="Title">The title (as sent when created, possibly shortened; as stored when read).</param>
/// <param name="Description">
/// The description: the Markdown given when created; the HTML stored in Azure DevOps when read.
/// </param>
/// <param name="DisplayName">The display name, <c>{AreaPath}#{id}</c>, e.g. <c>Fabrikam-Fiber-Git#309</c>.</param>
/// <param name="Url">The work item's web page, <c>{organization}_workitems/edit/{id}</c>.</param>
public sealed record IssueDetails(string Key, string Title, string? Description, string DisplayName, Uri Url);
