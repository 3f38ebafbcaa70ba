using System.Globalization;
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Samples.Console;

/// <summary>
/// <c>--organization-url URL --pat TOKEN --project NAME</c>: the outbound half of the sync against a real
/// organization. It creates a work item from a sample group (Markdown), comments on it, moves it to
/// the project's resolved state through the SDK's status sync, reads it back and prints its URL.
/// Without a project, or with <c>--work-item</c>, it only reads.
/// </summary>
internal static class OrganizationMode
{
    private const string IntegrationId = "console-sample";
    private const string HostProjectId = "host-project-1";

    /// <summary>The inbound explanation printed at the end of the outbound run.</summary>
    public const string InboundNote = """
        The inbound part (a person changes the work item in Azure DevOps and the host's group follows)
        needs webhooks: Azure DevOps posts workitem.updated to a public https URL it can reach, so it
        cannot call back into this console program on your machine. Host the SDK's webhook endpoint
        on a public https address (or a tunnel) with samples/IssueSync.Samples.WebhookReceiver; run this
        sample with no arguments to see the whole round trip against the built-in emulator.
        """;

    public static async Task<int> RunAsync(SampleArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var url = arguments.OrganizationUrl!;
        var integrations = new InMemoryIntegrationStore();
        var projects = new InMemoryExternalProjectStore();
        var host = SampleHost.Build(url, arguments.PersonalAccessToken!, arguments.Verbose, error, sdk => sdk // SampleHost.RunAsync disposes it
            .AddIntegrationStore(_ => integrations)
            .AddExternalProjectStore(_ => projects));
        return await SampleHost.RunAsync(host, error, async (services, ct) =>
        {
            // The client of the configured organization; multi-organization hosts use IVstsClientFactory.
            var client = services.GetRequiredService<IVstsClient>();
            switch (arguments.Mode)
            {
                case SampleMode.ReadWorkItem:
                    await SampleCommands.PrintWorkItemAsync(client, arguments.WorkItemId!.Value, output, ct);
                    return 0;
                case SampleMode.ListProjects:
                    await SampleCommands.ListProjectsAsync(client, output, ct);
                    await output.WriteLineAsync();
                    await output.WriteLineAsync("Nothing was written. Pass --project NAME (or set AZURE_DEVOPS_PROJECT) to create, comment on and resolve a sample work item in one of these projects.");
                    return 0;
                default:
                    return await OutboundAsync(services, client, integrations, projects, arguments.Project!, output, ct);
            }
        }, cancellationToken);
    }

    private static async Task<int> OutboundAsync(
        IServiceProvider services,
        IVstsClient client,
        InMemoryIntegrationStore integrations,
        InMemoryExternalProjectStore projects,
        string projectName,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var url = client.Target.OrganizationUrl;
        await output.WriteLineAsync($"Organization {url}, project {projectName}.");

        // Who the token belongs to and which organization it is: what a host records when it installs.
        var connection = await client.Connection.GetConnectionDataAsync(cancellationToken);
        await output.WriteLineAsync($"Signed in as {connection.AuthenticatedUser?.ProviderDisplayName ?? connection.AuthenticatedUser?.Id ?? "(unknown)"}.");
        var project = await FindProjectAsync(client, projectName, cancellationToken);
        var choice = await ProcessChoice.PickAsync(client.WorkItemTypes, project.Id, cancellationToken);
        await output.WriteLineAsync(
            $"Work item type {choice.WorkItemType} (the default of {choice.Category}); resolved state {choice.ResolvedState}, unresolved state {choice.UnresolvedState} (by state category).");

        var installation = integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = connection.InstanceId ?? url.AbsoluteUri,
            OrganizationUrl = url.AbsoluteUri,
            SdkIdentityId = connection.AuthenticatedUser?.Id,
            SyncSettings = new VstsSyncSettings { StatusOutbound = true, Comments = true },
        });
        projects.SetStatusMapping(IntegrationId, new VstsProjectStatusMapping(project.Id, choice.ResolvedState, choice.UnresolvedState));
        var integration = await services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(installation, cancellationToken);

        // A group key per run: the SDK tags the item with it and looks for it before creating again after a lost answer.
        var groupKey = "console-sample-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var created = await integration.CreateIssueAsync(
            new CreateIssueRequest
            {
                Project = project.Id,
                WorkItemType = choice.WorkItemType,
                Title = SampleGroup.Title,
                Description = SampleGroup.Description,
                GroupKey = groupKey,
                HostIssueUrl = SampleGroup.Url,
                Tags = ["issuesync-sample"],
            },
            cancellationToken);
        await output.WriteLineAsync($"Created work item {created.Key} from sample group {groupKey}: {created.Title}");
        var linked = new LinkedWorkItem(created.Key, project.Id);

        var comment = await integration.AddCommentAsync(linked, SampleGroup.Comment, cancellationToken);
        await output.WriteLineAsync($"Added comment {comment.CommentId?.ToString(CultureInfo.InvariantCulture) ?? "(no id)"} to work item {created.Key}.");

        var status = await integration.SyncStatusOutboundAsync(linked, isResolved: true, cancellationToken);
        await output.WriteLineAsync($"Resolved the group: work item {created.Key} {Describe(status)}.");

        var id = int.Parse(created.Key, NumberStyles.None, CultureInfo.InvariantCulture);
        var item = await SampleCommands.PrintWorkItemAsync(client, id, output, cancellationToken);
        await output.WriteLineAsync($"  URL:        {created.Url}");
        await output.WriteLineAsync();
        await output.WriteAsync(InboundNote);
        await output.WriteLineAsync();

        return string.Equals(item.State?.Value, choice.ResolvedState, StringComparison.OrdinalIgnoreCase)
            ? 0
            : throw new SampleException($"Work item {id} is in state '{item.State?.Value}' after the status sync, not '{choice.ResolvedState}'.");
    }

    private static async Task<Sdk.Client.Models.TeamProject> FindProjectAsync(IVstsClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Projects.GetAsync(name, cancellationToken);
        }
        catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.NotFound)
        {
            throw new SampleException($"Project '{name}' was not found in {client.Target.OrganizationUrl}; run without --project to list the projects the token can see.");
        }
    }

    /// <summary>What a status sync did, e.g. <c>moved to Resolved (revision 4)</c>.</summary>
    public static string Describe(OutboundSyncResult result) => result.Outcome switch
    {
        OutboundSyncOutcome.Updated => $"moved to {result.State} (revision {result.Revision?.ToString(CultureInfo.InvariantCulture) ?? "?"})",
        OutboundSyncOutcome.AlreadyInTarget => $"was already {result.State}",
        _ => $"not moved: {result.Outcome} ({result.Reason})",
    };
}

/// <summary>The host group the sample turns into a work item.</summary>
internal static class SampleGroup
{
    public const string Title = "Checkout fails for some users";

    public const string Description = "The **cart** is empty after login.\n\n1. Sign in\n2. Open the cart\n\nSeen by `12` users since the last release.";

    public static readonly Uri Url = new("https://host.example/groups/1");

    public static readonly HostComment Comment = new("Seen again by **3 users** today.", AuthorName: "Ada (host)", Id: "host-comment-1");
}
