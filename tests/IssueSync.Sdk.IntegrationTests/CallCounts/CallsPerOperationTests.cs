using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.CallCounts;

/// <summary>
/// Calls per operation, counted (not timed) with the emulator's request log: every HTTP request the SDK
/// sent to Azure DevOps for one operation, cold (a new process: empty caches) and warm (the same operation
/// again on another work item), in organizations of 10 and 1,200 projects and 100 and 10,000 users. The
/// goals (warm): status outbound at most 2 calls (1 when the item is already in the state), assignee
/// outbound 1 plus the read before the write when <see cref="VstsOutboundSyncOptions.ReadBeforeAssign"/>
/// is on, the inbound resolve decision 0. The figures are written to the test output; the table in
/// benchmarks/README.md sets them beside the reference's calls for the same operation.
/// </summary>
public class CallsPerOperationTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> Organizations => new() { { 10, 100 }, { 1_200, 10_000 } };

    [Theory]
    [MemberData(nameof(Organizations))]
    public async Task Status_outbound_makes_at_most_two_calls_warm_and_one_when_the_item_is_already_in_the_state(int projects, int users)
    {
        await using var host = await StartAsync(projects, users);
        var project = host.Organization.Projects[0];
        host.Projects.SetStatusMapping(InboundHost.IntegrationId, new VstsProjectStatusMapping(project.Id, "Resolved", "Active"));
        var integration = await host.IntegrationAsync();
        var (first, _) = host.AddLinkedBug("group-1");
        var (second, _) = host.AddLinkedBug("group-2");
        var (third, _) = host.AddLinkedBug("group-3");

        var cold = await CountAsync(host, () => integration.SyncStatusOutboundAsync(Linked(first), isResolved: true));
        var warm = await CountAsync(host, () => integration.SyncStatusOutboundAsync(Linked(second), isResolved: true));
        var already = await CountAsync(host, () => integration.SyncStatusOutboundAsync(Linked(second), isResolved: true));

        // Without the project id stored with the link, the project is found by the item's project name (the directory cache).
        var byName = await CountAsync(host, () => integration.SyncStatusOutboundAsync(new LinkedWorkItem(Key(third.Id)), isResolved: true));

        Report("status outbound", projects, users, ("cold", cold), ("warm", warm), ("warm, already in the state", already), ("warm, project id not stored", byName));
        Assert.Equal((OutboundSyncOutcome.Updated, OutboundSyncOutcome.Updated, OutboundSyncOutcome.AlreadyInTarget, OutboundSyncOutcome.Updated),
            (cold.Result.Outcome, warm.Result.Outcome, already.Result.Outcome, byName.Result.Outcome));
        Assert.Equal(["GET workitems", "GET states", "PATCH workitems"], cold.Calls);
        Assert.Equal(["GET workitems", "PATCH workitems"], warm.Calls);
        Assert.Equal(["GET workitems"], already.Calls);
        Assert.True(byName.Calls.Count <= cold.Calls.Count - 1 + PagesOf(projects, 100), string.Join(", ", byName.Calls));
    }

    [Theory]
    [MemberData(nameof(Organizations))]
    public async Task Assignee_outbound_makes_the_write_and_its_read_warm_and_only_the_write_without_the_read(int projects, int users)
    {
        await using var host = await StartAsync(projects, users);
        var integration = await host.IntegrationAsync();
        var assignee = host.Organization.Users[^1]; // the last user: every page of the directory is needed to find it cold
        var user = new HostUser("user-last", [assignee.MailAddress], assignee.DisplayName);
        var (first, _) = host.AddLinkedBug("group-1");
        var (second, _) = host.AddLinkedBug("group-2");

        var cold = await CountAsync(host, () => integration.SyncAssigneeOutboundAsync(Linked(first), user));
        var warm = await CountAsync(host, () => integration.SyncAssigneeOutboundAsync(Linked(second), user));
        var already = await CountAsync(host, () => integration.SyncAssigneeOutboundAsync(Linked(second), user));

        Report("assignee outbound (ReadBeforeAssign on, the default)", projects, users, ("cold", cold), ("warm", warm), ("warm, already assigned", already));
        Assert.Equal((OutboundSyncOutcome.Updated, OutboundSyncOutcome.Updated), (cold.Result.Outcome, warm.Result.Outcome));
        Assert.Equal(PagesOf(users + 1 + 2, 100) + 2, cold.Calls.Count); // the directory's pages (the emulator's 100 a page), read, write
        Assert.Equal(["GET workitems", "PATCH workitems"], warm.Calls);
        Assert.Equal(["GET workitems"], already.Calls);
    }

    [Fact]
    public async Task Assignee_outbound_without_the_read_before_assign_is_one_call_warm()
    {
        await using var host = await StartAsync(10, 100, b => b.Services.Configure<VstsIssueSyncOptions>(o => o.Outbound.ReadBeforeAssign = false));
        var integration = await host.IntegrationAsync();
        var assignee = host.Organization.Users[^1];
        var user = new HostUser("user-last", [assignee.MailAddress], assignee.DisplayName);
        var (first, _) = host.AddLinkedBug("group-1");
        var (second, _) = host.AddLinkedBug("group-2");

        var cold = await CountAsync(host, () => integration.SyncAssigneeOutboundAsync(Linked(first), user));
        var warm = await CountAsync(host, () => integration.SyncAssigneeOutboundAsync(Linked(second), user));

        Report("assignee outbound (ReadBeforeAssign off)", 10, 100, ("cold", cold), ("warm", warm));
        Assert.Equal(OutboundSyncOutcome.Updated, warm.Result.Outcome);
        Assert.Equal(["PATCH workitems"], warm.Calls);
        Assert.Equal(assignee.MailAddress, host.Organization.GetWorkItem(second.Id)!.GetString("System.AssignedTo"), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(Organizations))]
    public async Task The_inbound_resolve_decision_makes_no_call_warm_whichever_side_warmed_it(int projects, int users)
    {
        await using var host = await StartAsync(projects, users);
        await host.SubscribeAsync();
        var (first, _) = host.AddLinkedBug("group-1");
        var (second, _) = host.AddLinkedBug("group-2");

        var cold = await InboundAsync(host, first.Id, "Resolved");
        var warm = await InboundAsync(host, second.Id, "Resolved");

        Report("inbound resolve decision", projects, users, ("cold", cold), ("warm", warm));
        Assert.Equal(["GET states"], cold.Calls);
        Assert.Empty(warm.Calls);
        Assert.True(host.Groups.GetGroup("group-2")!.IsResolved);
    }

    [Fact]
    public async Task The_inbound_decision_after_a_status_outbound_reads_no_states_though_one_side_names_the_project_and_the_other_gives_its_id()
    {
        await using var host = await StartAsync(10, 100);
        var project = host.Organization.Projects[0];
        host.Projects.SetStatusMapping(InboundHost.IntegrationId, new VstsProjectStatusMapping(project.Id, "Resolved", "Active"));
        var integration = await host.IntegrationAsync();
        var (item, _) = host.AddLinkedBug("group-1");
        var outbound = await CountAsync(host, () => integration.SyncStatusOutboundAsync(Linked(item), isResolved: true));
        await host.SubscribeAsync();

        var inbound = await InboundAsync(host, item.Id, "Active");

        Report("inbound decision after a status outbound", 10, 100, ("outbound, cold", outbound), ("inbound", inbound));
        Assert.Equal(["GET workitems", "GET states", "PATCH workitems"], outbound.Calls);
        Assert.Empty(inbound.Calls);
        Assert.False(host.Groups.GetGroup("group-1")!.IsResolved);
    }

    [Theory]
    [MemberData(nameof(Organizations))]
    public async Task Create_makes_its_write_and_at_most_one_lookup_warm(int projects, int users)
    {
        await using var host = await StartAsync(projects, users);
        var integration = await host.IntegrationAsync();
        var project = host.Organization.Projects[^1].Id;

        var cold = await CountAsync(host, () => integration.CreateIssueAsync(Create(project, "group-1")));
        var warm = await CountAsync(host, () => integration.CreateIssueAsync(Create(project, "group-2")));

        Report("create", projects, users, ("cold", cold), ("warm", warm));
        Assert.Contains("POST workitems", cold.Calls);
        Assert.Equal(1, warm.Calls.Count(c => c == "POST workitems"));
        Assert.True(warm.Calls.Count <= 2, string.Join(", ", warm.Calls));
        Assert.True(warm.Calls.Count <= cold.Calls.Count);
    }

    [Theory]
    [MemberData(nameof(Organizations))]
    public async Task Reconciling_a_thousand_revisions_reads_their_pages_and_the_states_once(int projects, int users)
    {
        await using var host = await StartAsync(projects, users);
        var org = host.Organization;
        var items = Enumerable.Range(1, 100).Select(i => host.AddLinkedBug("group-" + i.ToString(CultureInfo.InvariantCulture)).Item).ToList();
        void AddRevisions()
        {
            foreach (var item in items)
            {
                for (var r = 0; r < 5; r++)
                {
                    org.SetState(item.Id, "Resolved", org.Users[1]);
                    org.SetState(item.Id, "Active", org.Users[1]);
                }
            }
        }

        AddRevisions(); // 100 created + 1,000 state changes: the cold run reads 1,100 revisions
        var reconciler = host.Services.GetRequiredService<IVstsReconciler>();
        var cold = await CountAsync(host, () => reconciler.ReconcileAsync(host.Installation, InboundHost.Timeout()));
        AddRevisions(); // 1,000 more
        var warm = await CountAsync(host, () => reconciler.ReconcileAsync(host.Installation, InboundHost.Timeout()));

        Report("reconcile (1,000 revisions; cold also reads the 100 creations)", projects, users, ("cold", cold), ("warm", warm));
        Assert.True(cold.Result.ReachedEnd && warm.Result.ReachedEnd);
        Assert.Equal(1, cold.Calls.Count(c => c == "GET states"));
        Assert.Equal(0, warm.Calls.Count(c => c == "GET states"));
        Assert.All(warm.Calls, c => Assert.Equal("GET revisions", c));
        Assert.InRange(warm.Calls.Count, 1, PagesOf(1_000, 200) + 1); // pages of the emulator's default 200, and the last, empty one
    }

    private static LinkedWorkItem Linked(EmulatedWorkItem item) => new(Key(item.Id), item.ProjectId);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static int PagesOf(int count, int pageSize) => (count + pageSize - 1) / pageSize;

    private static CreateIssueRequest Create(string project, string groupKey) => new()
    {
        Project = project,
        WorkItemType = "Bug",
        Title = "Checkout fails for " + groupKey,
        Description = "The *cart* is empty.",
        GroupKey = groupKey,
    };

    private static async Task<InboundHost> StartAsync(int projects, int users, Action<IVstsIssueSyncBuilder>? configure = null) =>
        await InboundHost.StartAsync(configure, new VstsEmulatorOptions { ProjectCount = projects, AdditionalUsers = users });

    private static async Task<Counted<T>> CountAsync<T>(InboundHost host, Func<Task<T>> operation)
    {
        host.Emulator.ClearRequests();
        var result = await operation();
        return new Counted<T>(result, [.. host.Emulator.Requests.Select(Describe)]);
    }

    /// <summary>Moves the item to <paramref name="state"/> in Azure DevOps and counts the host's calls while it handles the webhook.</summary>
    private static async Task<Counted<string?>> InboundAsync(InboundHost host, int workItemId, string state)
    {
        host.Emulator.ClearRequests();
        var changed = host.Organization.SetState(workItemId, state, host.Organization.Users[1]);
        var delivery = await host.DeliveryAsync("workitem.updated", workItemId, changed.Revision);
        Assert.Equal("Applied", delivery.Outcome);
        return new Counted<string?>(delivery.Outcome, [.. host.Emulator.Requests.Select(Describe)]);
    }

    /// <summary>A request as method and resource: <c>GET workitems</c>, <c>GET states</c>, <c>GET users</c>...</summary>
    private static string Describe(EmulatedRequest request)
    {
        var path = request.PathAndQuery.Split('?')[0];
        var resource = path.EndsWith("/states", StringComparison.Ordinal) ? "states"
            : path.Contains("/_apis/wit/workitems", StringComparison.OrdinalIgnoreCase) ? "workitems"
            : path.Contains("/reporting/workItemRevisions", StringComparison.OrdinalIgnoreCase) ? "revisions"
            : path.Contains("/_apis/graph/users", StringComparison.OrdinalIgnoreCase) ? "users"
            : path.Contains("/_apis/projects", StringComparison.OrdinalIgnoreCase) ? "projects"
            : path;
        return request.Method + " " + resource;
    }

    private void Report(string operation, int projects, int users, params (string Case, ICounted Counted)[] cases)
    {
        foreach (var (name, counted) in cases)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{operation} | {projects} projects, {users} users | {name} | {counted.Calls.Count} | {string.Join(", ", counted.Calls.GroupBy(c => c).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"))}"));
        }
    }

    private interface ICounted
    {
        List<string> Calls { get; }
    }

    private sealed record Counted<T>(T Result, List<string> Calls) : ICounted;
}
