#region snippet:using-it-usings
using IssueSync.Sdk;
using IssueSync.Sdk.Abstractions;   // the host ports: IIntegrationStore, IGroupStore, IAssigneeStore, ...
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Patch;
#endregion
using IssueSync.Sdk.Client.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MyAssigneeStore = IssueSync.Sdk.Testing.InMemoryAssigneeStore;
using MyGroupStore = IssueSync.Sdk.Testing.InMemoryGroupStore;
using MyIntegrationStore = IssueSync.Sdk.Testing.InMemoryIntegrationStore;

namespace IssueSync.Sdk.DocsTests.Snippets;

/// <summary>The README's "Using it": a host's Program.cs, run against the emulator by <c>UsingItTests</c>.</summary>
internal static class UsingItSnippet
{
    /// <summary>What the snippet made, for the test to check in the emulator.</summary>
    public sealed record Made(WorkItem Created, WorkItem Updated, WorkItemComment Comment, int Projects, bool HostPortsResolve);

    public static async Task<Made> RunAsync(string[] args)
    {
        #region snippet:using-it
        // Program.cs: options from code, or AddVstsIssueSync(builder.Configuration) to bind "IssueSync:Vsts".
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddVstsIssueSync(options =>
            {
                options.ApplicationName = "MyHelpDesk";                                          // added to the User-Agent
                options.OrganizationUrl = builder.Configuration["AzureDevOps:OrganizationUrl"];  // optional: single-organization hosts
                options.PersonalAccessToken = builder.Configuration["AzureDevOps:Pat"];
            })
            .AddIntegrationStore<MyIntegrationStore>()          // the host's own storage, through small ports
            .AddGroupStore<MyGroupStore>()                      // (IssueSync.Sdk.Abstractions); each is a singleton
            .AddAssigneeStore<MyAssigneeStore>();               // shared with the host when it registers it too
        var app = builder.Build();

        // Anywhere after Build(): one client per organization + credential, cheap to create.
        var factory = app.Services.GetRequiredService<IVstsClientFactory>();
        var organizationUrl = new Uri(app.Configuration["AzureDevOps:OrganizationUrl"]!);  // https://dev.azure.com/fabrikam/
        var pat = app.Configuration["AzureDevOps:Pat"]!;
        var client = factory.CreateClient(new VstsConnection(organizationUrl, VstsCredential.PersonalAccessToken(pat)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;

        var item = await client.WorkItems.CreateAsync("Fabrikam-Fiber", "Bug",
            WorkItemPatch.ForCreate(new WorkItemCreateFields
            {
                Title = "NullReferenceException in checkout",
                Description = "<p>Seen 42 times</p>",
                Tags = ["issuesync:GRP-1"],
                Relations = [PatchRelation.Hyperlink("https://helpdesk.example/issues/1", "Help desk issue")],
            }),
            cancellationToken: ct);

        // Optimistic concurrency: applies only if nobody changed the item since the revision read
        // (a stale revision answers 412, VstsApiException of kind Conflict).
        var resolved = await client.WorkItems.UpdateAsync(item.Id,
            WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Resolved", ExpectedRevision = item.Revision }),
            cancellationToken: ct);

        var projects = 0;
        await foreach (var project in client.Projects.ListAsync(cancellationToken: ct)) { projects++; /* every page, no cap */ }

        // Other areas: WorkItemTypes (states, categories), Graph (users), Search, Comments, Subscriptions, Connection.
        var comment = await client.Comments.AddAsync("Fabrikam-Fiber", item.Id, "Fixed in **1.2**", CommentFormat.Markdown, ct);
        #endregion

        var hostPortsResolve = app.Services.GetRequiredService<IGroupStore>() is MyGroupStore
            && app.Services.GetRequiredService<IIntegrationStore>() is MyIntegrationStore
            && app.Services.GetRequiredService<IAssigneeStore>() is MyAssigneeStore;
        await app.DisposeAsync();
        return new Made(item, resolved, comment, projects, hostPortsResolve);
    }
}
