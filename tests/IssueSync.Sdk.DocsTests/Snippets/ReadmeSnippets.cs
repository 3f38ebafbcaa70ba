using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Inbound.Models;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Repositories;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyAssigneeStore = IssueSync.Sdk.Testing.InMemoryAssigneeStore;
using MyGroupStore = IssueSync.Sdk.Testing.InMemoryGroupStore;
using MyIntegrationStore = IssueSync.Sdk.Testing.InMemoryIntegrationStore;

namespace IssueSync.Sdk.DocsTests.Snippets;

/// <summary>
/// The README's shorter C# blocks. Each is a method whose parameters are what the surrounding text names
/// (<c>services</c>, <c>installation</c>, <c>ct</c>, ...); <c>ReadmeSnippetTests</c> runs each one.
/// </summary>
internal static class ReadmeSnippets
{
    public static void Resilience(IServiceCollection services, IConfiguration configuration)
    {
        #region snippet:resilience
        services.AddVstsIssueSync(configuration)
            .UseResilience(http => http.AddStandardResilienceHandler()); // Microsoft.Extensions.Http.Resilience
        #endregion
    }

    public static void Progress(IServiceCollection services, IConfiguration configuration)
    {
        #region snippet:progress
        services.AddVstsIssueSync(configuration);
        services.Configure<VstsIssueSyncOptions>(o => o.Resilience.OnWait = wait => Console.Error.WriteLine(wait));
        // throttled by Azure DevOps (429), waiting 12 s before retrying Projects.List
        // no answer yet from https://dev.azure.com/fabrikam/_apis/projects (Projects.List, 10 s)
        #endregion
    }

    public static async Task<(RepositoryChoice Repository, CommitRange Range, Uri? Link, SourceLocation? Parsed)> RepositoriesAsync(
        IServiceProvider services, VstsInstallation installation, string previousReleaseSha, string releaseSha, CancellationToken ct)
    {
        #region snippet:repositories
        var repos = await services.GetRequiredService<IRepositoryProviderFactory>().CreateAsync(installation, ct);
        var repository = (await repos.ListRepositoriesAsync("web", ct))[0];  // Name "Project 1/Web App", Id
        var range = await repos.GetCommitsAsync(repository.Id, previousReleaseSha, releaseSha, ct);
        foreach (var commit in range.Commits)                                 // newest first, the whole message
        {
            var touched = commit.PatchSet.Select(c => $"{c.Type} {c.Path}");   // A, M, D, R (PreviousPath for R)
        }

        // range.Truncated: only the newest Repositories:MaxCommitDetails (90) commits got their details.
        var link = await repos.GetSourceUrlAsync("Project 1", "Web App", "src/checkout page.cs", "main", ct); // null: no such file
        var parsed = link is null ? null : repos.ParseSourceUrl(link.AbsoluteUri); // project, repository, path, branch
        #endregion
        return (repository, range, link, parsed);
    }

    public static async Task<(IssueDetails Created, IReadOnlyList<IssueChoice> Matches)> IssuesAsync(IServiceProvider services, VstsInstallation installation, VstsConnection connection, CancellationToken ct)
    {
        #region snippet:issues
        var issues = services.GetRequiredService<IIssueIntegrationFactory>().Create(installation, connection);
        var form = await issues.GetCreateFormConfigAsync(new CreateFormConfigRequest { HostProjectId = "web" }, ct);
        var created = await issues.CreateIssueAsync(new CreateIssueRequest
        {
            Project = form.DefaultProjectId, WorkItemType = form.DefaultWorkItemType,
            Title = "Crash on login", Description = "**Steps**: ...",
            HostIssueUrl = new Uri("https://host.example/issues/42"), GroupKey = "group-42",
        }, ct);                                    // created.Key "1", DisplayName "Project 1#1", Url .../_workitems/edit/1
        await issues.SaveCreateFormDefaultsAsync("web", form.DefaultProjectId, form.DefaultWorkItemType, ct); // offered next time
        var matches = await issues.SearchIssuesAsync("login", ct);          // (id) title choices to link
        #endregion
        return (created, matches);
    }

    public static async Task<IReadOnlyList<OutboundSyncResult>> OutboundAsync(
        IIssueIntegration issues, LinkedGroup group, HostUser hostUser, HostComment hostComment, string oldState, string newState, string project, string workItemType, CancellationToken ct)
    {
        #region snippet:outbound
        var item = new LinkedWorkItem("1", group.VstsProjectId);
        var status = await issues.SyncStatusOutboundAsync(item, isResolved: true, ct);
        // status.Outcome: Updated, AlreadyInTarget, Disabled, NotConfigured or TargetNotFound; status.State,
        // status.FallbackFromState (the mapped state the item's type lacks), status.Revision, status.Reason
        var assigned = await issues.SyncAssigneeOutboundAsync(item, hostUser, ct);      // null unassigns
        var added = await issues.AddCommentAsync(item, new HostComment("Fixed in **1.2**", "Jane Doe", Id: hostComment.Id), ct);
        await issues.UpdateCommentAsync(item, added.CommentId!.Value, new HostComment("Fixed in **1.3**", "Jane Doe"), ct);
        await issues.DeleteCommentAsync(item, added.CommentId!.Value, ct);
        var action = await issues.GetResolveSyncActionAsync(oldState, newState, project, workItemType, ct); // inbound's decision
        #endregion
        return [status, assigned, added];
    }

    public static async Task<VstsWebhookResult> HandlerAsync(IInboundSyncHandler handler, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken ct)
    {
        #region snippet:handler
        var result = await handler.HandleAsync(new VstsWebhookRequest(body, headers), ct);
        // result.StatusCode: 200 applied / ignored / duplicate / stale / echo, 400, 401, 413, or 503 + RetryAfter
        #endregion
        return result;
    }

    public static string? Models(ReadOnlyMemory<byte> body)
    {
        string? found = null;
        #region snippet:models
        var evt = VstsWebhookEvent.Parse(body.Span);            // VstsWebhookPayloadException when it is no payload
        if (evt.EventType == VstsWebhookEventType.WorkItemUpdated && evt.GetWorkItemUpdate() is { } update)
        {
            // update.Id is the update number; update.WorkItemId the item
            if (update.TryGetField("System.AssignedTo", out var assignee) && assignee.HasNewValue)
            {
                var email = assignee.GetNewIdentity()?.Email;   // "Name <email>", a bare email or an identity object
                found = email;
            }
        }
        #endregion
        return found;
    }

    public static async Task<VstsReconcileResult> ReconcileAsync(IVstsReconciler reconciler, VstsInstallation installation, CancellationToken ct)
    {
        #region snippet:reconcile
        var result = await reconciler.ReconcileAsync(installation, ct);
        // result.Applied, Superseded, AlreadyApplied, OwnWrites; Pages, RevisionsRead; ReachedEnd
        #endregion
        return result;
    }

    public static WebApplication ReconcileService(WebApplicationBuilder builder)
    {
        #region snippet:reconcile-service
        builder.Services.AddVstsIssueSync(builder.Configuration)
            .AddIntegrationStore<MyIntegrationStore>()          // also implements IInstallationEnumerator
            .AddGroupStore<MyGroupStore>()
            .AddReconciliationService(o => o.Interval = TimeSpan.FromMinutes(15)); // FirstRunDelay 1 min, LeaseTime 30 min
        #endregion
        return builder.Build();
    }

    public static WebApplication WebhookEndpoint(WebApplicationBuilder builder)
    {
        #region snippet:webhook-endpoint
        builder.Services.AddVstsIssueSync(builder.Configuration)
            .AddIntegrationStore<MyIntegrationStore>()          // also implements IInstallationEnumerator
            .AddGroupStore<MyGroupStore>()
            .AddAssigneeStore<MyAssigneeStore>()
            .AddSubscriptionMonitor(o => o.CallbackUrl = new Uri("https://example.com/extensions/vsts/issue-updated"));
        builder.Services.AddHealthChecks().AddVstsSubscriptionCheck();

        var app = builder.Build();
        app.MapVstsWebhook();                                   // POST /extensions/vsts/issue-updated (path configurable)
        app.MapHealthChecks("/health");
        #endregion
        return app;
    }

    public static void Redis(WebApplicationBuilder builder)
    {
        #region snippet:redis-register
        builder.Services.AddVstsIssueSync(builder.Configuration)
            .AddIntegrationStore<MyIntegrationStore>()
            .AddGroupStore<MyGroupStore>()
            .AddAssigneeStore<MyAssigneeStore>()
            .AddRedisSyncState(builder.Configuration);          // binds IssueSync:Vsts:Redis
        #endregion
    }
}
