namespace IssueSync.Sdk.Issues;

/// <summary>One choice of a form list: the value to submit and the text to show.</summary>
/// <param name="Value">The value submitted: a project id, a work item type reference name or a work item number.</param>
/// <param name="Label">The text shown, e.g. a project name or <c>(309) Hello</c>.</param>
public sealed record IssueChoice(string Value, string Label);
