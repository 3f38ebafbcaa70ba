namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The process a project uses, from <c>capabilities.processTemplate</c> of
/// <c>GET _apis/projects/{id}?includeCapabilities=true</c>. Hosts may build one for their own tests.
/// </summary>
/// <param name="TemplateName">The process name, e.g. <c>Basic</c> or <c>Fabrikam Agile</c>.</param>
/// <param name="TemplateTypeId">The process type id: read the process with <see cref="IProcessesClient.GetAsync"/>.</param>
public sealed record ProjectProcessTemplate(string TemplateName, string TemplateTypeId);
