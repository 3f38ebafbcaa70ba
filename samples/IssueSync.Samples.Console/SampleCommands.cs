using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Samples.Console;

/// <summary>What the sample does with a client: plain reads, printed for a person.</summary>
internal static class SampleCommands
{
    /// <summary>Prints every project of the organization (all pages), id first so names line up.</summary>
    public static async Task ListProjectsAsync(IVstsClient client, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Projects in {client.Target.OrganizationUrl}:");
        var count = 0;
        await foreach (var project in client.Projects.ListAsync(cancellationToken: cancellationToken))
        {
            await output.WriteLineAsync($"  {project.Id}  {project.Name}");
            count++;
        }

        await output.WriteLineAsync(count == 1 ? "1 project." : $"{count} projects.");
    }

    /// <summary>Reads one work item and prints the fields a sync cares about.</summary>
    /// <returns>The work item read.</returns>
    public static async Task<WorkItem> PrintWorkItemAsync(IVstsClient client, int id, TextWriter output, CancellationToken cancellationToken)
    {
        var item = await client.WorkItems.GetAsync(id, cancellationToken: cancellationToken);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Work item {item.Id} (revision {item.Revision})");
        await output.WriteLineAsync($"  Type:       {item.WorkItemType?.Value ?? "-"}");
        await output.WriteLineAsync($"  State:      {item.State?.Value ?? "-"}");
        await output.WriteLineAsync($"  Title:      {item.Title ?? "-"}");
        await output.WriteLineAsync($"  Area path:  {item.AreaPath ?? "-"}");
        await output.WriteLineAsync($"  Assignee:   {Describe(item.AssignedTo)}");
        return item;
    }

    private static string Describe(VstsIdentity? assignee) => assignee switch
    {
        null => "(unassigned)",
        { Email: { } email } => email,
        _ => $"(no email) {assignee.DisplayName ?? assignee.UniqueName}",
    };
}
