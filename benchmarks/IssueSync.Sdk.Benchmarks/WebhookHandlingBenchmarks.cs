using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// One <c>workitem.updated</c> delivery of the 4 KB corpus payload handled up to the host's ports: the
/// SDK's <see cref="IInboundSyncHandler"/> as <c>AddVstsIssueSync</c> registers it, against a
/// Newtonsoft.Json <c>JObject</c> implementation of the same steps (<see cref="NewtonsoftWebhookHandler"/>,
/// the baseline of each category). Each call is a fresh delivery (new notification and event ids, the
/// next revision, rewritten in place the same way for both; see <see cref="FreshWebhookDeliveries"/>)
/// that is verified, recorded, checked against the watermark and the write ledger, and applied, after
/// which the watermark moves. <c>StateAndAssignee</c> is the corpus payload as it is: the assignee
/// (lauryn -> lauryn2: one user lookup, one assign) and the state (Active -> Resolved: the resolve
/// decision, answered from its warmed states cache with no HTTP, then one resolve).
/// <c>AssigneeOnly</c> is the same payload without the state change, so neither side makes the
/// decision (a cost both share). The state change alternates Active -> Resolved and back (the decision starts
/// from the state last applied), so every delivery resolves or unresolves the group. Each side has its own in-memory state stores and host
/// stores (<see cref="WebhookBenchmarkHost"/>). Fifteen warm-up iterations, whatever the job: tiered
/// compilation of these paths settles only after some 50,000-80,000 calls, and the three of
/// <c>--job short</c> measured the code still being compiled. Goal: the SDK at least 5x faster and at
/// most 1/5 of the baseline's allocation.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class WebhookHandlingBenchmarks
{
    private const string StateAndAssignee = "StateAndAssignee";
    private const string AssigneeOnly = "AssigneeOnly";

    private readonly WebhookBenchmarkHost.StatesHandler _states = new();
    private Pair? _both;
    private Pair? _assigneeOnly;

    [GlobalSetup]
    public void Setup()
    {
        var payload = WebhookTriageBenchmarks.LoadPayload();
        _both = new Pair(payload, assigneeOnly: false, _states);
        _assigneeOnly = new Pair(payload, assigneeOnly: true, _states);

        // Compare like with like: the same answer and the same store calls, three deliveries each; the
        // first warms the states cache, and no delivery after it sends a request.
        _both.Check(statusChanges: 3);
        _assigneeOnly.Check(statusChanges: 0);
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
        _both?.Dispose();
        _assigneeOnly?.Dispose();
        if (requests != 1)
        {
            throw new InvalidOperationException($"The status path sent {requests} requests during the run.");
        }
    }

    /// <summary>A JObject implementation of the same steps.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(StateAndAssignee)]
    public Task<VstsWebhookResult> NewtonsoftJObject() => _both!.Baseline.HandleAsync(_both.BaselineDeliveries.Next());

    /// <summary>The SDK's handler through DI.</summary>
    [Benchmark]
    [BenchmarkCategory(StateAndAssignee)]
    public Task<VstsWebhookResult> SdkHandleAsync() => _both!.Sdk.HandleAsync(_both.SdkDeliveries.Next());

    /// <summary>
    /// Contrast: the resolve decision alone as both handlers make it per delivery (Active -> Resolved
    /// answered from the warm states cache, no integration or client built): a cost the two share.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory(StateAndAssignee)]
    public ResolveSyncAction SharedResolveDecision()
    {
        _both!.Decision.TryDecideFromCache(WebhookBenchmarkHost.Installation.OrganizationUrl, WebhookBenchmarkHost.ProjectId, "Bug", "Active", "Resolved", out var action);
        return action;
    }

    /// <summary>The baseline on the payload without its state change.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(AssigneeOnly)]
    public Task<VstsWebhookResult> NewtonsoftJObjectAssigneeOnly() => _assigneeOnly!.Baseline.HandleAsync(_assigneeOnly.BaselineDeliveries.Next());

    /// <summary>The SDK's handler on the payload without its state change.</summary>
    [Benchmark]
    [BenchmarkCategory(AssigneeOnly)]
    public Task<VstsWebhookResult> SdkHandleAsyncAssigneeOnly() => _assigneeOnly!.Sdk.HandleAsync(_assigneeOnly.SdkDeliveries.Next());

    /// <summary>
    /// The two handlers of one category, each with its own host stores and delivery store (the watermark
    /// of the one work item must rise for each stream on its own).
    /// </summary>
    private sealed class Pair : IDisposable
    {
        private readonly WebhookBenchmarkHost _sdkHost = new();
        private readonly WebhookBenchmarkHost _baselineHost = new();
        private readonly ServiceProvider _services;

        public Pair(byte[] payload, bool assigneeOnly, WebhookBenchmarkHost.StatesHandler states)
        {
            var services = new ServiceCollection();
            var builder = services.AddVstsIssueSync(static o =>
            {
                o.OrganizationUrl = WebhookBenchmarkHost.OrganizationUrl;
                o.PersonalAccessToken = "benchmark-pat";
            });
            builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => states);
            builder.AddIntegrationStore(_ => _sdkHost.IntegrationStore)
                .AddGroupStore(_ => _sdkHost.GroupStore)
                .AddAssigneeStore(_ => _sdkHost.AssigneeStore)
                .AddDeliveryDedupeStore(static _ => new InMemoryDeliveryDedupeStore(new WebhookBenchmarkHost.ExpiringClock()));
            _services = services.BuildServiceProvider();
            Sdk = _services.GetRequiredService<IInboundSyncHandler>();
            Decision = _services.GetRequiredService<ResolveDecision>();
            Baseline = new NewtonsoftWebhookHandler(
                _baselineHost.IntegrationStore,
                _baselineHost.GroupStore,
                _baselineHost.AssigneeStore,
                new InMemoryDeliveryDedupeStore(new WebhookBenchmarkHost.ExpiringClock()),
                new FieldWatermarks(new InMemorySyncWatermarkStore()),
                new InMemoryOwnWriteLedger(),
                _services.GetRequiredService<InstallationConnector>(),
                Decision,
                _services.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Webhook);
            SdkDeliveries = new FreshWebhookDeliveries(payload, 1_000_000_001, assigneeOnly);
            BaselineDeliveries = new FreshWebhookDeliveries(payload, 1_000_000_001, assigneeOnly);
        }

        public IInboundSyncHandler Sdk { get; }

        /// <summary>The SDK's resolve decision, which both handlers use.</summary>
        public ResolveDecision Decision { get; }

        public NewtonsoftWebhookHandler Baseline { get; }

        public FreshWebhookDeliveries SdkDeliveries { get; }

        public FreshWebhookDeliveries BaselineDeliveries { get; }

        /// <summary>Three deliveries on each side: each applied, and the same store calls on both.</summary>
        public void Check(int statusChanges)
        {
            for (var i = 0; i < 3; i++)
            {
                Applied("SDK", Sdk.HandleAsync(SdkDeliveries.Next()).GetAwaiter().GetResult(), SdkDeliveries);
                Applied("baseline", Baseline.HandleAsync(BaselineDeliveries.Next()).GetAwaiter().GetResult(), BaselineDeliveries);
            }

            if (_sdkHost.Calls != _baselineHost.Calls || _sdkHost.GroupStore.Resolves + _sdkHost.GroupStore.Unresolves != statusChanges || _sdkHost.AssigneeStore.Assigns != 3)
            {
                throw new InvalidOperationException($"The handlers made different store calls: SDK {_sdkHost.Calls}; baseline {_baselineHost.Calls}.");
            }
        }

        public void Dispose() => _services.Dispose();

        private static void Applied(string side, VstsWebhookResult result, FreshWebhookDeliveries deliveries)
        {
            if (result.StatusCode != 200 || result.Outcome != VstsWebhookOutcome.Applied || result.WorkItemId != WebhookBenchmarkHost.WorkItemId
                || result.Revision != deliveries.Revision || result.ChangedGroupIds is not ["group-1"])
            {
                throw new InvalidOperationException(
                    $"The {side} handler did not apply revision {deliveries.Revision}: {result.StatusCode} {result.Outcome} {result.Reason} (revision {result.Revision}, changed [{string.Join(", ", result.ChangedGroupIds)}]).");
            }
        }
    }
}
