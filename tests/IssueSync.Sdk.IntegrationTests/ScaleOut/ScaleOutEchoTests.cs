using System.Globalization;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.IntegrationTests.Redis;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// The SDK's own write on instance A whose webhook the load balancer hands to instance B while A still waits
/// for the write's answer (A's answer is held until B has answered the delivery): B finds A's entry in the
/// shared write ledger and answers Echo; the host's stores see nothing. The host's group holds another value
/// than the one written (the host changed it again meanwhile), so an echo applied back would show as a change.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class ScaleOutEchoTests(RedisServerFixture redis)
{
    [Theory]
    [InlineData("state")]
    [InlineData("assignee")]
    public async Task An_own_write_on_A_whose_webhook_reaches_B_before_A_has_its_answer_is_an_echo(string field)
    {
        var held = new HeldAnswers();
        await using var cluster = await ScaleOutCluster.StartAsync(redis, instances: 2, configure: (index, sdk) =>
        {
            if (index == 0)
            {
                sdk.HttpClientBuilder.AddHttpMessageHandler(() => new HoldingHandler(held));
            }
        });
        cluster.Route = _ => 1;
        var (item, group) = cluster.AddLinkedBug("group-1", state: "Active");
        cluster.Projects.SetStatusMapping(ScaleOutCluster.IntegrationId, new VstsProjectStatusMapping(item.ProjectId, ResolvedState: "Resolved", UnresolvedState: "Active"));
        await cluster.SubscribeAsync();
        var integration = await cluster.IntegrationAsync(0);
        var linked = new LinkedWorkItem(item.Id.ToString(CultureInfo.InvariantCulture), item.ProjectId);
        var before = cluster.Organization.GetWorkItem(item.Id)!.Revision;

        held.Hold();
        var writing = field == "state"
            ? integration.SyncStatusOutboundAsync(linked, isResolved: true, ScaleOutCluster.Timeout())
            : integration.SyncAssigneeOutboundAsync(linked, ScaleOutCluster.Ada, ScaleOutCluster.Timeout());
        var delivery = await cluster.Emulator.WaitForDeliveryAsync(
            d => d.EventType == ScaleOutCluster.Updated && d.WorkItemId == item.Id && d.Revision > before, ScaleOutCluster.Timeout());
        var answeredBeforeA = !writing.IsCompleted;
        var heldWrites = held.Count;
        held.Release();
        var written = await writing;

        Assert.True(answeredBeforeA, "B answered the delivery after A had its answer: the test did not hold A's answer.");
        Assert.Equal(1, heldWrites);
        Assert.Equal(OutboundSyncOutcome.Updated, written.Outcome);
        Assert.Equal(written.Revision, delivery.Revision);
        Assert.Equal((200, "Echo"), (delivery.StatusCode, delivery.Outcome));
        Assert.Single(cluster.Captured); // the one delivery, handled by B
        Assert.Empty(cluster.Groups.StatusChanges);
        Assert.Empty(cluster.Assignees.AssigneeChanges);
        Assert.False(cluster.Groups.GetGroup(group.GroupId)!.IsResolved);
        Assert.Null(cluster.Groups.GetGroup(group.GroupId)!.AssigneeUserId);
    }

    [Fact]
    public async Task Without_the_sdks_identity_stored_B_waits_for_As_confirmation_and_then_answers_echo()
    {
        // The installation does not say which identity the SDK writes as, so B cannot match A's pending entry:
        // it polls the shared ledger until A, once its answer comes (held 1 s here), confirms the entry.
        var held = new HeldAnswers();
        await using var cluster = await ScaleOutCluster.StartAsync(redis, instances: 2, storeSdkIdentity: false, configure: (index, sdk) =>
        {
            if (index == 0)
            {
                sdk.HttpClientBuilder.AddHttpMessageHandler(() => new HoldingHandler(held));
            }
        });
        cluster.Route = _ => 1;
        var (item, _) = cluster.AddLinkedBug("group-1", state: "Active");
        await cluster.SubscribeAsync();
        var integration = await cluster.IntegrationAsync(0);
        var before = cluster.Organization.GetWorkItem(item.Id)!.Revision;

        held.Hold();
        var writing = integration.SyncAssigneeOutboundAsync(
            new LinkedWorkItem(item.Id.ToString(CultureInfo.InvariantCulture), item.ProjectId), ScaleOutCluster.Ada, ScaleOutCluster.Timeout());
        await held.Reached.WaitAsync(ScaleOutCluster.Timeout());
        var released = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => held.Release(), TaskScheduler.Default);
        var delivery = await cluster.Emulator.WaitForDeliveryAsync(
            d => d.EventType == ScaleOutCluster.Updated && d.WorkItemId == item.Id && d.Revision > before, ScaleOutCluster.Timeout());
        await released;
        var written = await writing;

        Assert.Equal(OutboundSyncOutcome.Updated, written.Outcome);
        Assert.Equal((200, "Echo"), (delivery.StatusCode, delivery.Outcome));
        Assert.Empty(cluster.Assignees.AssigneeChanges);
        Assert.Null(cluster.Installation.SdkIdentityId);
    }

    /// <summary>Holds the answers of work item writes (PATCH) while <see cref="Hold"/> is on.</summary>
    private sealed class HeldAnswers
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task? Released { get; private set; }

        /// <summary>Completes when a write's answer is first held.</summary>
        public Task Reached => _reached.Task;

        public void Hold() => Released = _released.Task;

        public void Release() => _released.TrySetResult();

        public void Held()
        {
            Interlocked.Increment(ref _count);
            _reached.TrySetResult();
        }
    }

    private sealed class HoldingHandler(HeldAnswers held) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Patch && held.Released is { } released
                && request.RequestUri!.AbsolutePath.Contains("/_apis/wit/workitems/", StringComparison.OrdinalIgnoreCase))
            {
                held.Held();
                await released.WaitAsync(cancellationToken);
            }

            return response;
        }
    }
}
