using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// One <c>workitem.updated</c> delivery of the 4 KB corpus payload handled up to the host's ports: the
/// SDK's <see cref="IInboundSyncHandler"/> as <c>AddVstsIssueSync</c> registers it, against a
/// Newtonsoft.Json <c>JObject</c> implementation of the same steps (<see cref="NewtonsoftWebhookHandler"/>,
/// the baseline). Each call is a fresh delivery (new notification and event ids, the next revision,
/// rewritten in place in the same way for both) that is verified, recorded, checked against the
/// watermark and the write ledger, and applied: the assignee (lauryn -> lauryn2, one user lookup, one
/// assign) and the state (Active -> Resolved, resolving the one linked group), then the watermark moves.
/// The resolve decision answers from its warmed states cache: no HTTP after the setup. Both sides use
/// their own <see cref="InMemoryDeliveryStore"/> and host stores of <see cref="WebhookBenchmarkHost"/>.
/// Goal: the SDK at least 5x faster and at most 1/5 of the baseline's allocation.
/// </summary>
[MemoryDiagnoser]
public class WebhookHandlingBenchmarks
{
    private readonly WebhookBenchmarkHost _sdkHost = new();
    private readonly WebhookBenchmarkHost _baselineHost = new();
    private readonly WebhookBenchmarkHost.StatesHandler _states = new();
    private ServiceProvider? _services;
    private IInboundSyncHandler? _sdk;
    private NewtonsoftWebhookHandler? _baseline;
    private IIssueIntegrationFactory? _issues;
    private FreshWebhookDeliveries? _sdkDeliveries;
    private FreshWebhookDeliveries? _baselineDeliveries;
    private VstsWebhookRequest? _sdkRequest;
    private VstsWebhookRequest? _baselineRequest;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(static o =>
        {
            o.OrganizationUrl = WebhookBenchmarkHost.OrganizationUrl;
            o.PersonalAccessToken = "benchmark-pat";
        });
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => _states);
        builder.AddIntegrationStore(_ => _sdkHost.IntegrationStore)
            .AddGroupStore(_ => _sdkHost.GroupStore)
            .AddAssigneeStore(_ => _sdkHost.AssigneeStore)
            .AddDeliveryStore(static _ => new InMemoryDeliveryStore(new WebhookBenchmarkHost.ExpiringClock()));
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IInboundSyncHandler>();
        _issues = _services.GetRequiredService<IIssueIntegrationFactory>();
        _baseline = new NewtonsoftWebhookHandler(
            _baselineHost.IntegrationStore,
            _baselineHost.GroupStore,
            _baselineHost.AssigneeStore,
            new InMemoryDeliveryStore(new WebhookBenchmarkHost.ExpiringClock()),
            _issues,
            _services.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Webhook);

        // One body and one request per side; each call rewrites its body in place (the request holds it).
        var payload = WebhookTriageBenchmarks.LoadPayload();
        _sdkDeliveries = new FreshWebhookDeliveries(payload);
        _baselineDeliveries = new FreshWebhookDeliveries(payload);
        KeyValuePair<string, string>[] headers = [new("Shared-Secret", WebhookBenchmarkHost.Secret), new("Content-Type", "application/json; charset=utf-8")];
        _sdkRequest = new VstsWebhookRequest(_sdkDeliveries.Body, headers);
        _baselineRequest = new VstsWebhookRequest(_baselineDeliveries.Body, headers);

        // Compare like with like: the same answer and the same store calls, three deliveries each;
        // the first warms the states cache, and no delivery after it sends a request.
        for (var i = 0; i < 3; i++)
        {
            Check("SDK", SdkHandleAsync().GetAwaiter().GetResult(), _sdkDeliveries.Revision);
            Check("baseline", NewtonsoftJObject().GetAwaiter().GetResult(), _baselineDeliveries.Revision);
        }

        if (_sdkHost.Calls != _baselineHost.Calls || _sdkHost.GroupStore.Resolves != 3 || _sdkHost.AssigneeStore.Assigns != 3)
        {
            throw new InvalidOperationException($"The handlers made different store calls: SDK {_sdkHost.Calls}; baseline {_baselineHost.Calls}.");
        }

        if (_states.Requests != 1)
        {
            throw new InvalidOperationException($"The status path sent {_states.Requests} requests; only the warm-up read should.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // A benchmark iteration that went to the network would show here.
        var requests = _states.Requests;
        _services?.Dispose();
        if (requests != 1)
        {
            throw new InvalidOperationException($"The status path sent {requests} requests during the run.");
        }
    }

    /// <summary>A JObject implementation of the same steps.</summary>
    [Benchmark(Baseline = true)]
    public Task<VstsWebhookResult> NewtonsoftJObject()
    {
        _baselineDeliveries!.Next();
        return _baseline!.HandleAsync(_baselineRequest!);
    }

    /// <summary>The SDK's handler through DI.</summary>
    [Benchmark]
    public Task<VstsWebhookResult> SdkHandleAsync()
    {
        _sdkDeliveries!.Next();
        return _sdk!.HandleAsync(_sdkRequest!);
    }

    /// <summary>
    /// Contrast: the resolve decision alone as both handlers make it per delivery (an integration for the
    /// installation, then Active -> Resolved answered from the states cache): a cost the two share.
    /// </summary>
    [Benchmark]
    public async Task<ResolveSyncAction> SharedResolveDecision()
    {
        var integration = await _issues!.CreateAsync(WebhookBenchmarkHost.Installation);
        return await integration.GetResolveSyncActionAsync("Active", "Resolved", WebhookBenchmarkHost.ProjectId, "Bug");
    }

    private static void Check(string side, VstsWebhookResult result, int revision)
    {
        if (result.StatusCode != 200 || result.Outcome != VstsWebhookOutcome.Applied || result.WorkItemId != WebhookBenchmarkHost.WorkItemId
            || result.Revision != revision || result.ChangedGroupIds is not ["group-1"])
        {
            throw new InvalidOperationException(
                $"The {side} handler did not apply revision {revision}: {result.StatusCode} {result.Outcome} {result.Reason} (revision {result.Revision}, changed [{string.Join(", ", result.ChangedGroupIds)}]).");
        }
    }
}
