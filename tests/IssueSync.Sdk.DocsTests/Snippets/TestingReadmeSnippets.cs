using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.DocsTests.Snippets;

/// <summary>
/// The Testing README's C# blocks. Where a block says "... run the code under test", the block is two regions
/// and the code between them here is that code; <c>TestingReadmeSnippetTests</c> runs each one.
/// </summary>
internal static class TestingReadmeSnippets
{
    public static async Task<WebhookDelivery> EmulatorAsync(IServiceCollection services)
    {
        #region snippet:testing-emulator
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 3 });
        var bug = emulator.Organization.AddWorkItem("Project 1", "Bug", "Login times out");

        services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;   // http://127.0.0.1:{port}/emulated/
            o.PersonalAccessToken = emulator.PersonalAccessToken;
        });

        // ... run the code under test, then act as a person editing in Azure DevOps:
        #endregion
        // The code under test: a service hook to a receiver (here a plain http listener of the test).
        await using var receiver = await Receiver.StartAsync(emulator, _ => 200);
        await using var provider = services.BuildServiceProvider();
        await SubscribeAsync(provider.GetRequiredService<IVstsClient>(), receiver.Url);
        #region snippet:testing-emulator-person
        emulator.Organization.SetState(bug.Id, "Resolved", by: emulator.Organization.Users[1]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await emulator.WaitForDeliveryAsync(d => d.WorkItemId == bug.Id, timeout.Token);
        #endregion
        return delivery;
    }

    public static IServiceCollection OAuth(VstsEmulator emulator, IServiceCollection services, InMemoryTokenStore tokenStore)
    {
        #region snippet:testing-oauth
        var app = emulator.OAuth.RegisterClient(VstsOAuthProtocol.EntraId, new Uri("https://host.example/callback"));
        var code = emulator.OAuth.IssueAuthorizationCode(app, emulator.Organization.Users[1]);   // what /authorize would return
        var tokens = emulator.OAuth.IssueTokens(app, emulator.Organization.Users[1]);            // or skip the exchange
        tokenStore.Set("identity-1", tokens.ToTokenSet());

        services.AddVstsIssueSync(o =>
        {
            o.OAuth.EntraTokenEndpoint = emulator.OAuth.GetEntraTokenEndpoint().AbsoluteUri;     // http://127.0.0.1:{port}/organizations/oauth2/v2.0/token
            o.OAuth.AzureDevOpsTokenEndpoint = emulator.OAuth.AzureDevOpsTokenEndpoint.AbsoluteUri; // http://127.0.0.1:{port}/oauth2/token
            o.OAuth.ClientId = app.ClientId;
            o.OAuth.ClientSecret = app.ClientSecret;
            o.OAuth.RedirectUri = app.RedirectUri;
        }).AddTokenStore(_ => tokenStore);
        #endregion
        return services;
    }

    public static void AccountsHost(VstsEmulator emulator, IVstsIssueSyncBuilder builder)
    {
        #region snippet:testing-accounts
        builder.HttpClientBuilder.AddHttpMessageHandler(emulator.CreateAccountsHostHandler);
        #endregion
    }

    public static async Task FaultsAsync(VstsEmulator emulator, IVstsClient client)
    {
        #region snippet:testing-faults
        // The next create is applied, but the client sees the connection reset.
        emulator.AddFault(new FaultRule
        {
            Method = HttpMethod.Post,
            Path = "{project}/_apis/wit/workitems/${type}",
            Fault = EmulatorFault.ResetAfterApply(),
            Times = 1,
        });

        // A quarter of the work item reads are throttled, the same ones in every run.
        emulator.AddFault(new FaultRule
        {
            Method = HttpMethod.Get,
            Path = "{project}/_apis/wit/workitems/{id}",
            Fault = EmulatorFault.Status(429, retryAfter: TimeSpan.FromSeconds(2)),
            Rate = 0.25,
            Seed = 42,
        });

        // ... run the code under test (it retries or looks the item up after the reset), then:
        #endregion
        // The code under test: a create whose answer is lost, then a look-up instead of a second create.
        await Assert.ThrowsAnyAsync<Exception>(() => client.WorkItems.CreateAsync("Project 1", "Bug", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "Lost answer" })));
        #region snippet:testing-faults-assert
        Assert.Equal(1, emulator.Requests.Count(r => r.SucceededButAnswerLost));  // one create applied, answer lost
        Assert.NotNull(emulator.Organization.GetWorkItem(1));
        Assert.Null(emulator.Organization.GetWorkItem(2));                        // and not created twice
        #endregion
    }

    public static async Task<WebhookDelivery> ClockAsync(IServiceCollection services)
    {
        #region snippet:testing-clock
        var clock = new FakeTimeProvider();
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { TimeProvider = clock });
        // ... a subscription whose receiver answers 503, then 200 ...
        #endregion
        var bug = emulator.Organization.AddWorkItem("Project 1", "Bug", "Login times out");
        await using var receiver = await Receiver.StartAsync(emulator, post => post == 1 ? 503 : 200);
        services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;
            o.PersonalAccessToken = emulator.PersonalAccessToken;
        });
        await using var provider = services.BuildServiceProvider();
        await SubscribeAsync(provider.GetRequiredService<IVstsClient>(), receiver.Url);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        #region snippet:testing-clock-retry
        emulator.Organization.SetState(bug.Id, "Active");
        var failed = await emulator.WaitForDeliveryAsync(d => d.WorkItemId == bug.Id, timeout.Token);
        clock.SetUtcNow(failed.NextAttemptAt!.Value);                      // one second later
        var retry = await emulator.WaitForDeliveryAsync(d => d.Kind == WebhookDeliveryKind.Retry, timeout.Token);
        #endregion
        return retry;
    }

    /// <summary>An organization-level <c>workitem.updated</c> web hook to <paramref name="url"/>, as the subscription manager makes one.</summary>
    private static Task SubscribeAsync(IVstsClient client, Uri url) =>
        client.Subscriptions.CreateAsync(new ServiceHookSubscriptionRequest
        {
            EventType = "workitem.updated",
            PublisherInputs = new Dictionary<string, string>(),
            ConsumerInputs = new Dictionary<string, string> { ["url"] = url.AbsoluteUri },
        });
}
