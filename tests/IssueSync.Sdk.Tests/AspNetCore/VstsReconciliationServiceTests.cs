using System.Runtime.CompilerServices;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IssueSync.Sdk.Tests.Client;

namespace IssueSync.Sdk.Tests.AspNetCore;

public sealed class VstsReconciliationServiceTests
{
    private const string OrganizationA = "AAAAAAAA-0000-0000-0000-000000000001";
    private const string OrganizationB = "bbbbbbbb-0000-0000-0000-000000000002";

    private readonly TestClock _time = new();
    private readonly InMemorySyncLeaseStore _leases;
    private readonly RecordingReconciler _reconciler = new();
    private readonly VstsSubscriptionHealthState _health = new();

    public VstsReconciliationServiceTests() => _leases = new InMemorySyncLeaseStore(_time);

    [Fact]
    public async Task A_run_reconciles_every_installation_under_its_organizations_lease_and_gives_the_lease_back()
    {
        var service = await StartAsync(Installation("a", OrganizationA), Installation("b", OrganizationB));

        var results = await service.RunOnceAsync(null, CancellationToken.None);

        Assert.Equal(["a", "b"], _reconciler.Calls);
        Assert.Equal(["a", "b"], results.Select(r => r.IntegrationId));
        Assert.Equal(["job:reconcile:aaaaaaaa-0000-0000-0000-000000000001", "job:reconcile:bbbbbbbb-0000-0000-0000-000000000002"], _reconciler.LeasesHeld);
        Assert.NotNull(await _leases.TryAcquireAsync(VstsReconciliationService.LeaseResource(OrganizationA), TimeSpan.FromMinutes(1)));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_organization_whose_lease_another_instance_holds_is_skipped_and_the_others_run()
    {
        var service = await StartAsync(Installation("a", OrganizationA), Installation("b", OrganizationB));
        var other = await _leases.TryAcquireAsync("job:reconcile:" + OrganizationA.ToLowerInvariant(), TimeSpan.FromMinutes(5));

        var results = await service.RunOnceAsync(null, CancellationToken.None);

        Assert.NotNull(other);
        Assert.Equal(["b"], _reconciler.Calls);
        Assert.Equal(["b"], results.Select(r => r.IntegrationId));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_installation_does_not_stop_the_others_and_still_releases_its_lease()
    {
        var service = await StartAsync(Installation("a", OrganizationA), Installation("b", OrganizationB));
        _reconciler.Failing.Add("a");

        var results = await service.RunOnceAsync(null, CancellationToken.None);

        Assert.Equal(["a", "b"], _reconciler.Calls);
        Assert.Equal(["b"], results.Select(r => r.IntegrationId));
        Assert.NotNull(await _leases.TryAcquireAsync(VstsReconciliationService.LeaseResource(OrganizationA), TimeSpan.FromMinutes(1)));
        await service.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(VstsSubscriptionHealth.OnProbation)]
    [InlineData(VstsSubscriptionHealth.DisabledByUser)]
    [InlineData(VstsSubscriptionHealth.DisabledByInactiveIdentity)]
    [InlineData(VstsSubscriptionHealth.Recreated)]
    public async Task A_subscription_found_losing_events_reconciles_its_installation_at_once(VstsSubscriptionHealth health)
    {
        var service = await StartAsync(Installation("a", OrganizationA), Installation("b", OrganizationB));

        _health.Record(Run(("a", VstsSubscriptionHealth.Healthy), ("b", health)));
        await _reconciler.WaitForCallsAsync(1);

        Assert.Equal(["b"], _reconciler.Calls); // long before the first periodic run (1 minute)
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Runs_start_after_the_first_delay_and_repeat_every_interval()
    {
        var service = await StartAsync(Installation("a", OrganizationA));
        _health.Record(Run(("a", VstsSubscriptionHealth.Healthy)));

        await _time.WaitForTimerAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(_reconciler.Calls);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _reconciler.WaitForCallsAsync(1);
        await _time.WaitForTimerAsync(TimeSpan.FromMinutes(15));
        _time.Advance(TimeSpan.FromMinutes(15));
        await _reconciler.WaitForCallsAsync(2);

        Assert.Equal(["a", "a"], _reconciler.Calls);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void AddReconciliationService_registers_one_hosted_service_and_the_reconciler_resolves_with_a_group_store()
    {
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = "https://dev.azure.com/fabrikam/";
            o.PersonalAccessToken = "pat";
        }).AddGroupStore(_ => new Testing.InMemoryGroupStore());
        builder.AddReconciliationService(o => o.Interval = TimeSpan.FromMinutes(5));
        builder.AddReconciliationService();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<VstsReconciliationService>());
        Assert.NotNull(provider.GetRequiredService<IVstsReconciler>());
        Assert.Equal(TimeSpan.FromMinutes(5), provider.GetRequiredService<IOptions<VstsReconciliationServiceOptions>>().Value.Interval);
        Assert.IsType<InMemoryReconciliationStateStore>(provider.GetRequiredService<IReconciliationStateStore>());
    }

    [Fact]
    public void The_reconciler_without_a_group_store_says_which_call_is_missing()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(o =>
        {
            o.OrganizationUrl = "https://dev.azure.com/fabrikam/";
            o.PersonalAccessToken = "pat";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IVstsReconciler>());
        Assert.Contains("AddGroupStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_validator_names_what_to_fix()
    {
        var result = new VstsReconciliationServiceOptionsValidator().Validate(null, new VstsReconciliationServiceOptions { Interval = TimeSpan.Zero, FirstRunDelay = TimeSpan.FromSeconds(-1), LeaseTime = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("VstsReconciliationServiceOptions.Interval", StringComparison.Ordinal));
    }

    private static VstsInstallation Installation(string id, string organizationId) => new()
    {
        IntegrationId = id,
        OrganizationId = organizationId,
        OrganizationUrl = "https://dev.azure.com/org-" + id + "/",
    };

    private static VstsSubscriptionRun Run(params (string IntegrationId, VstsSubscriptionHealth Health)[] checks) =>
        new(DateTimeOffset.UnixEpoch, [.. checks.Select(c => new VstsInstallationCheck(c.IntegrationId, new VstsSubscriptionReport(c.IntegrationId, DateTimeOffset.UnixEpoch, [new VstsSubscriptionState("workitem.updated", "s-" + c.IntegrationId, c.Health)])))]);

    private async Task<VstsReconciliationService> StartAsync(params VstsInstallation[] installations)
    {
        var services = new ServiceCollection().AddSingleton<IInstallationEnumerator>(new Installations(installations)).BuildServiceProvider();
        _reconciler.Leases = _leases;
        var service = new VstsReconciliationService(_reconciler, _leases, services, Options.Create(new VstsReconciliationServiceOptions()), _health, _time);
        // The loop's first run waits a minute of the fake clock: the tests drive RunOnceAsync themselves.
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    private sealed class Installations(VstsInstallation[] installations) : IInstallationEnumerator
    {
        public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var installation in installations)
            {
                await Task.Yield();
                yield return installation;
            }
        }
    }

    private sealed class RecordingReconciler : IVstsReconciler
    {
        private readonly Lock _gate = new();
        private readonly List<string> _calls = [];
        private readonly List<string> _leasesHeld = [];
        private TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InMemorySyncLeaseStore? Leases { get; set; }

        public HashSet<string> Failing { get; } = [];

        public List<string> Calls
        {
            get
            {
                lock (_gate)
                {
                    return [.. _calls];
                }
            }
        }

        public List<string> LeasesHeld
        {
            get
            {
                lock (_gate)
                {
                    return [.. _leasesHeld];
                }
            }
        }

        public async Task<VstsReconcileResult> ReconcileAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
        {
            var resource = VstsReconciliationService.LeaseResource(installation.OrganizationId);
            var free = await Leases!.TryAcquireAsync(resource, TimeSpan.FromSeconds(1), cancellationToken);
            TaskCompletionSource called;
            lock (_gate)
            {
                _calls.Add(installation.IntegrationId);
                if (free is null)
                {
                    _leasesHeld.Add(resource); // the service holds it while this runs
                }

                called = _called;
                _called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            called.TrySetResult();
            if (Failing.Contains(installation.IntegrationId))
            {
                throw new InvalidOperationException("Azure DevOps refused.");
            }

            return new VstsReconcileResult { IntegrationId = installation.IntegrationId, ReachedEnd = true };
        }

        public async Task WaitForCallsAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                Task next;
                lock (_gate)
                {
                    if (_calls.Count >= count)
                    {
                        return;
                    }

                    next = _called.Task;
                }

                await next.WaitAsync(timeout.Token);
            }
        }
    }
}
