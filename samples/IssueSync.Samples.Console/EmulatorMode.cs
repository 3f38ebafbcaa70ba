using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Samples.Console;

/// <summary>
/// <c>--emulator</c>: the sample against the built-in Azure DevOps emulator, with its own in-memory
/// stores. It runs the same commands as against a real organization, then an issue round trip:
/// create from Markdown, comment, a person resolves the work item in "Azure DevOps", and the
/// resolve decision is applied to the host's group.
/// </summary>
internal static class EmulatorMode
{
    private const string HostProjectId = "host-project-1";
    private const string GroupId = "group-1";

    public static async Task<int> RunAsync(int? workItemId, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { OrganizationName = "sample" }, cancellationToken);
        var organization = emulator.Organization;
        var ada = organization.Users[1];
        var seeded = organization.AddWorkItem(
            "Project 1", "Bug", "The login page times out", new Dictionary<string, object?> { ["System.AssignedTo"] = ada.MailAddress }, by: ada);

        // The host's own stores: installations, groups and assignees, in memory.
        var integrations = new InMemoryIntegrationStore();
        var groups = new InMemoryGroupStore();
        var assignees = new InMemoryAssigneeStore(groups);
        var installation = integrations.Add(new VstsInstallation
        {
            IntegrationId = "sample-integration",
            OrganizationId = organization.Id,
            OrganizationName = organization.Name,
            OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri,
        });

        using var host = SampleHost.Build(
            emulator.OrganizationUrl,
            emulator.PersonalAccessToken,
            sdk => sdk.AddIntegrationStore(_ => integrations).AddGroupStore(_ => groups).AddAssigneeStore(_ => assignees));
        await output.WriteLineAsync($"Started the built-in Azure DevOps emulator at {emulator.OrganizationUrl} (no account needed).");
        return await SampleHost.RunAsync(host, error, async (services, stopping) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
            var client = services.GetRequiredService<IVstsClient>();
            await SampleCommands.ListProjectsAsync(client, output, linked.Token);
            await SampleCommands.PrintWorkItemAsync(client, workItemId ?? seeded.Id, output, linked.Token);
            var integration = await services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(installation, linked.Token);
            await RoundTripAsync(emulator, client, integration, groups, installation, output, linked.Token);
        });
    }

    private static async Task RoundTripAsync(
        VstsEmulator emulator,
        IVstsClient client,
        IIssueIntegration integration,
        InMemoryGroupStore groups,
        VstsInstallation installation,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var organization = emulator.Organization;
        var project = organization.Projects[0];
        var created = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = project.Id,
                WorkItemType = "Bug",
                Title = "Checkout fails for some users",
                Description = "The **cart** is empty after login.\n\n1. Sign in\n2. Open the cart",
                GroupKey = GroupId,
                HostIssueUrl = new Uri("https://host.example/groups/1"),
            },
            cancellationToken);
        var id = int.Parse(created.Key, NumberStyles.None, CultureInfo.InvariantCulture);
        groups.Link(installation.IntegrationId, id, new LinkedGroup(GroupId, HostProjectId, IsResolved: false, VstsProjectId: project.Id));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Created work item {created.Key} for {GroupId}: {created.Title}");
        await output.WriteLineAsync($"  {created.Url}");

        var comment = await client.Comments.AddAsync(project.Name, id, "Seen again by **3 users** today.", CommentFormat.Markdown, cancellationToken);
        await output.WriteLineAsync($"Added comment {comment.Id} (version {comment.Version}).");

        // A person resolves the work item in Azure DevOps.
        var resolver = organization.Users[2];
        organization.SetState(id, "Resolved", resolver);
        var item = await client.WorkItems.GetAsync(id, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"{resolver.DisplayName} moved work item {id} to {item.State?.Value} (revision {item.Revision}).");

        // What that change means for the linked host group, by the state categories of the item's type.
        var action = await integration.GetResolveSyncActionAsync("New", item.State?.Value, project.Name, "Bug", cancellationToken);
        var source = ChangeSource.FromIntegration(installation.IntegrationId);
        foreach (var group in await groups.FindLinkedGroupsAsync(installation.IntegrationId, id, cancellationToken))
        {
            if (action == ResolveSyncAction.Resolve)
            {
                await groups.ResolveAsync(group, source, cancellationToken);
            }
            else if (action == ResolveSyncAction.Unresolve)
            {
                await groups.UnresolveAsync(group, source, cancellationToken);
            }
        }

        var state = groups.GetGroup(GroupId)!;
        await output.WriteLineAsync($"Resolve decision: {action}; {GroupId} is now {(state.IsResolved ? "resolved" : "unresolved")}.");
        await output.WriteLineAsync($"The emulator answered {emulator.Requests.Count} requests.");
    }
}
