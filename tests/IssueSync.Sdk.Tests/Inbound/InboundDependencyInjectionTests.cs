using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>How a host gets the handler: <c>AddVstsIssueSync</c> and its two required stores, then <c>MapVstsWebhook</c>.</summary>
public sealed class InboundDependencyInjectionTests
{
    [Fact]
    public async Task The_handler_resolves_as_one_singleton_with_only_the_two_required_stores()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { })
            .AddIntegrationStore(_ => new InMemoryIntegrationStore())
            .AddGroupStore(_ => new InMemoryGroupStore());
        using var provider = services.BuildServiceProvider();

        var handler = provider.GetRequiredService<IInboundSyncHandler>();
        var result = await handler.HandleAsync(new VstsWebhookRequest(Load(Benchmark)));

        Assert.Same(handler, provider.GetRequiredService<IInboundSyncHandler>());
        Assert.Equal((401, VstsWebhookOutcome.UnknownOrganization), (result.StatusCode, result.Outcome));
    }

    [Theory]
    [InlineData(nameof(IIntegrationStore), "AddIntegrationStore(")]
    [InlineData(nameof(IGroupStore), "AddGroupStore(")]
    public void Without_a_required_store_resolving_the_handler_names_the_call_to_add(string missing, string call)
    {
        var services = new ServiceCollection();
        AddSdkWithout(services, missing);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IInboundSyncHandler>());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains(call, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(IIntegrationStore), "AddIntegrationStore(")]
    [InlineData(nameof(IGroupStore), "AddGroupStore(")]
    public async Task Without_a_required_store_MapVstsWebhook_fails_when_mapping_not_at_the_first_delivery(string missing, string call)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        AddSdkWithout(builder.Services, missing);
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapVstsWebhook());

        Assert.Contains(call, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_MapVstsWebhook_a_corpus_delivery_reaches_the_hosts_stores()
    {
        var integrations = new InMemoryIntegrationStore();
        var groups = new InMemoryGroupStore();
        var assignees = new InMemoryAssigneeStore(groups);
        integrations.Add(new VstsInstallation
        {
            IntegrationId = InboundTestKit.IntegrationId,
            OrganizationId = CollectionId,
            OrganizationUrl = BaseUrl,
            WebhookSecrets = new VstsWebhookSecrets(InboundTestKit.Secret),
            SyncSettings = new VstsSyncSettings { AssigneeInbound = true },
        });
        groups.Link(InboundTestKit.IntegrationId, WorkItemId, new LinkedGroup("g1", "p1", IsResolved: false));
        assignees.AddUser("p1", new HostUser("u-ada", ["ada@example.com"]));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddVstsIssueSync(_ => { })
            .AddIntegrationStore(_ => integrations)
            .AddGroupStore(_ => groups)
            .AddAssigneeStore(_ => assignees);
        await using var app = builder.Build();
        app.MapVstsWebhook();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var wrong = await client.SendAsync(Post(Load("updated-assigned-bare-email.json"), "wrong-secret"));
        using var right = await client.SendAsync(Post(Load("updated-assigned-bare-email.json"), InboundTestKit.Secret));
        using var again = await client.SendAsync(Post(Load("updated-assigned-bare-email.json"), InboundTestKit.Secret));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"outcome\":\"Duplicate\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([new GroupAssigneeChange("g1", "u-ada", ChangeSource.FromIntegration(InboundTestKit.IntegrationId))], assignees.AssigneeChanges);
        await app.StopAsync();
    }

    private static void AddSdkWithout(IServiceCollection services, string missing)
    {
        var builder = services.AddVstsIssueSync(_ => { });
        if (missing != nameof(IIntegrationStore))
        {
            builder.AddIntegrationStore(_ => new InMemoryIntegrationStore());
        }

        if (missing != nameof(IGroupStore))
        {
            builder.AddGroupStore(_ => new InMemoryGroupStore());
        }
    }

    private static HttpRequestMessage Post(byte[] body, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern)
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        request.Headers.Add("Shared-Secret", secret);
        return request;
    }
}
