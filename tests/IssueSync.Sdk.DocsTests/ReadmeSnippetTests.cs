using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.DocsTests.Snippets;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Repositories;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DocsTests;

/// <summary>The README's shorter blocks, each run: against the emulator where it calls Azure DevOps.</summary>
public sealed class ReadmeSnippetTests : IAsyncLifetime
{
    private const string IntegrationId = "integration-1";

    private VstsEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private readonly InMemoryIntegrationStore _integrations = new();
    private readonly InMemoryGroupStore _groups = new();
    private readonly InMemoryAssigneeStore _assignees;

    public ReadmeSnippetTests() => _assignees = new InMemoryAssigneeStore(_groups);

    private VstsInstallation Installation => _integrations.Installations.Single();

    public async Task InitializeAsync()
    {
        _emulator = await VstsEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(o =>
            {
                o.OrganizationUrl = _emulator.OrganizationUrl.AbsoluteUri;
                o.PersonalAccessToken = _emulator.PersonalAccessToken;
            })
            .AddIntegrationStore(_ => _integrations)
            .AddGroupStore(_ => _groups)
            .AddAssigneeStore(_ => _assignees)
            .AddExternalProjectStore<InMemoryExternalProjectStore>();
        _services = services.BuildServiceProvider();
        _integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = _emulator.Organization.Id,
            OrganizationUrl = _emulator.OrganizationUrl.AbsoluteUri,
            SyncSettings = new VstsSyncSettings { StatusOutbound = true, AssigneeOutbound = true, Comments = true, StatusInbound = true },
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void Resilience_replaces_the_SDKs_policy_and_the_client_still_resolves()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["IssueSync:Vsts:OrganizationUrl"] = "https://dev.azure.com/fabrikam/" }).Build();

        ReadmeSnippets.Resilience(services, configuration);

        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<IVstsClientFactory>());
    }

    [Fact]
    public void Progress_reaches_the_resilience_options_the_retry_policy_reads()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["IssueSync:Vsts:OrganizationUrl"] = "https://dev.azure.com/fabrikam/" }).Build();

        ReadmeSnippets.Progress(services, configuration);

        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<IOptionsMonitor<VstsResilienceOptions>>().CurrentValue.OnWait);
    }

    [Fact]
    public async Task Repositories_lists_reads_a_range_with_its_patch_sets_and_links_a_file_that_exists()
    {
        var organization = _emulator.Organization;
        var repository = organization.AddRepository("Project 1", "Web App");
        var first = organization.AddCommit(repository, "Initial", [EmulatedChange.AddFile("src/checkout page.cs", "class A {}"), EmulatedChange.AddFile("README.md", "# app")]);
        var second = organization.AddCommit(repository, "Fixes GRP-1: empty cart after login", [EmulatedChange.EditFile("src/checkout page.cs", "class A { }"), EmulatedChange.RenameFile("README.md", "docs/README.md")]);

        var (choice, range, link, parsed) = await ReadmeSnippets.RepositoriesAsync(_services, Installation, first.CommitId, second.CommitId, Timeout());

        Assert.Equal(("Project 1/Web App", repository.Id), (choice.Name, choice.Id));
        var commit = Assert.Single(range.Commits);
        Assert.Equal(("Fixes GRP-1: empty cart after login", false), (commit.Message, range.Truncated));
        Assert.Equal(
            [new CommitFileChange("src/checkout page.cs", CommitFileChange.Modified), new CommitFileChange("docs/README.md", CommitFileChange.Renamed, "README.md")],
            commit.PatchSet.OrderBy(c => c.Path, StringComparer.Ordinal).Reverse());
        Assert.Equal(new Uri(_emulator.OrganizationUrl, "Project%201/_git/Web%20App?path=%2Fsrc%2Fcheckout%20page.cs&version=GBmain"), link);
        Assert.Equal(new SourceLocation("Project 1", "Web App", "src/checkout page.cs", "main"), parsed);
    }

    [Fact]
    public async Task Issues_creates_saves_defaults_and_searches()
    {
        var connection = new VstsConnection(_emulator.OrganizationUrl, VstsCredential.PersonalAccessToken(_emulator.PersonalAccessToken));

        var (created, matches) = await ReadmeSnippets.IssuesAsync(_services, Installation, connection, Timeout());

        Assert.Equal("1", created.Key);
        Assert.Equal("Crash on login", _emulator.Organization.GetWorkItem(1)?.Title);
        Assert.Contains(matches, m => m.Value == "1");
        Assert.True(Installation.CreateFormDefaults.ContainsKey("web"));
    }

    [Fact]
    public async Task Outbound_syncs_status_assignee_and_comments()
    {
        var bug = _emulator.Organization.AddWorkItem("Project 1", "Bug", "Login times out");
        // The shared instance: AddExternalProjectStore<T>() registered T, and the port resolves it.
        _services.GetRequiredService<InMemoryExternalProjectStore>().SetStatusMapping(IntegrationId, new VstsProjectStatusMapping(bug.ProjectId, "Resolved", "Active"));
        var group = _groups.Link(IntegrationId, bug.Id, new LinkedGroup("group-1", "web", IsResolved: true, VstsProjectId: bug.ProjectId));
        var issues = await _services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(Installation, Timeout());
        var ada = new HostUser("user-ada", ["ada@example.com"], "Ada Lovelace");

        var results = await ReadmeSnippets.OutboundAsync(issues, group, ada, new HostComment("Seen again", Id: "c-1"), "Active", "Resolved", "Project 1", "Bug", Timeout());

        Assert.Equal([OutboundSyncOutcome.Updated, OutboundSyncOutcome.Updated, OutboundSyncOutcome.Updated], results.Select(r => r.Outcome));
        var item = _emulator.Organization.GetWorkItem(bug.Id)!;
        Assert.Equal("Resolved", item.GetString("System.State"));
        Assert.Contains("ada@example.com", item.AssignedTo, StringComparison.Ordinal);
        Assert.DoesNotContain(_emulator.Organization.GetComments(bug.Id), c => !c.IsDeleted);
    }

    [Fact]
    public async Task Handler_answers_a_body_that_is_no_service_hook_event_with_400()
    {
        var handler = _services.GetRequiredService<IInboundSyncHandler>();

        var result = await ReadmeSnippets.HandlerAsync(handler, Encoding.UTF8.GetBytes("{}"), [new("Shared-Secret", "x")], Timeout());

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Models_read_the_new_assignees_email()
    {
        var body = File.ReadAllBytes(Path.Combine(SnippetSource.Root, "tests", "IssueSync.Sdk.Tests", "Inbound", "Payloads", "updated-assigned-identity-object.json"));

        var email = ReadmeSnippets.Models(body);

        Assert.False(string.IsNullOrEmpty(email));
        Assert.Contains('@', email);
    }

    [Fact]
    public async Task Reconcile_reads_the_feed_to_its_end()
    {
        var reconciler = _services.GetRequiredService<IVstsReconciler>();

        var result = await ReadmeSnippets.ReconcileAsync(reconciler, Installation, Timeout());

        Assert.True(result.ReachedEnd);
    }

    [Fact]
    public async Task Reconcile_service_and_webhook_endpoint_register_and_map()
    {
        var settings = new Dictionary<string, string?> { ["IssueSync:Vsts:OrganizationUrl"] = "https://dev.azure.com/fabrikam/", ["IssueSync:Vsts:PersonalAccessToken"] = "pat" };
        var reconciling = WebApplication.CreateSlimBuilder();
        reconciling.Configuration.AddInMemoryCollection(settings);
        await using var reconcileApp = ReadmeSnippets.ReconcileService(reconciling);
        Assert.Contains(reconcileApp.Services.GetServices<IHostedService>(), s => s.GetType().Name == "VstsReconciliationService");

        var web = WebApplication.CreateSlimBuilder();
        web.Configuration.AddInMemoryCollection(settings);
        await using var webApp = ReadmeSnippets.WebhookEndpoint(web);
        var endpoints = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)webApp).DataSources.SelectMany(d => d.Endpoints).Select(e => (e as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "").ToList();
        Assert.Contains(endpoints, e => e.Contains("/extensions/vsts/issue-updated", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_registers_the_four_state_ports()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["IssueSync:Vsts:Redis:Configuration"] = "127.0.0.1:6379" });

        ReadmeSnippets.Redis(builder);

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IDeliveryDedupeStore));
        Assert.Contains(builder.Services, d => d.ImplementationFactory?.Method.DeclaringType?.Assembly.GetName().Name == "IssueSync.Sdk.Redis");
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
