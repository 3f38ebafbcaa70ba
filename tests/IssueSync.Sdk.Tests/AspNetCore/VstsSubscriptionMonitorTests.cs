using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Issues;
using IssueSync.Sdk.Tests.Subscriptions;
using IssueSync.Sdk.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.AspNetCore;

public sealed class VstsSubscriptionMonitorTests
{
    [Fact]
    public async Task The_first_check_runs_after_the_first_delay_and_then_every_six_hours_for_every_installation()
    {
        await using var kit = new MonitorTestKit(["a", "b"]);
        await kit.Monitor.StartAsync(CancellationToken.None);
        await kit.Time.WaitForTimerAsync(TimeSpan.FromMinutes(1));

        kit.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(kit.Manager.Checks);

        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await kit.WaitForRunsAsync(1);
        Assert.Equal([("a", MonitorTestKit.CallbackUrl), ("b", MonitorTestKit.CallbackUrl)], kit.Manager.Checks);

        await kit.Time.WaitForTimerAsync(TimeSpan.FromHours(6));
        kit.Time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, kit.Manager.Checks.Count);
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await kit.WaitForRunsAsync(2);
        Assert.Equal(4, kit.Manager.Checks.Count);

        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_interval_and_first_delay_are_configurable()
    {
        await using var kit = new MonitorTestKit(["a"], o =>
        {
            o.FirstCheckDelay = TimeSpan.Zero;
            o.Interval = TimeSpan.FromMinutes(30);
        });
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);
        await kit.Time.WaitForTimerAsync(TimeSpan.FromMinutes(30));
        kit.Time.Advance(TimeSpan.FromMinutes(30));
        await kit.WaitForRunsAsync(2);

        Assert.Equal(2, kit.Manager.Checks.Count);
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task One_failing_installation_does_not_stop_the_others_and_is_logged_and_recorded()
    {
        await using var kit = new MonitorTestKit(["a", "b", "c"], o => o.FirstCheckDelay = TimeSpan.Zero);
        kit.Manager.Failures["b"] = new VstsSubscriptionException("Azure DevOps refused.", VstsSubscriptionErrorKind.PermissionDenied);
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);

        Assert.Equal(["a", "b", "c"], kit.Manager.Checks.Select(c => c.IntegrationId));
        var error = Assert.Single(kit.Logs.GetSnapshot(), r => r.Id.Id == 8061);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("b", error.Message, StringComparison.Ordinal);
        var run = kit.Services.GetRequiredService<VstsSubscriptionHealthState>().Last!;
        Assert.Equal(kit.Time.GetUtcNow(), run.CompletedAt);
        Assert.Equal(["a", "b", "c"], run.Installations.Select(i => i.IntegrationId));
        Assert.Equal("Azure DevOps refused.", run.Installations[1].Failure);
        Assert.NotNull(run.Installations[2].Report);
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_installation_whose_organization_lease_another_instance_holds_is_skipped_and_the_leases_taken_are_released()
    {
        var leases = new SharedLeaseStore();
        var elsewhere = await leases.Inner.TryAcquireAsync("job:subscription-monitor:org-b", TimeSpan.FromMinutes(5));
        await using var kit = new MonitorTestKit(["a", "b", "c"], o => o.FirstCheckDelay = TimeSpan.Zero, configureServices: s => s.AddSingleton<ISyncLeaseStore>(leases));
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);

        Assert.Equal(["a", "c"], kit.Manager.Checks.Select(c => c.IntegrationId));
        Assert.Equal(["a", "c"], kit.Services.GetRequiredService<VstsSubscriptionHealthState>().Last!.Installations.Select(i => i.IntegrationId));
        Assert.Contains(kit.Logs.GetSnapshot(), r => r.Id.Id == 8063 && r.StructuredState!.Any(kv => kv.Key == "IntegrationId" && kv.Value == "b"));
        Assert.Equal((3, 2), (leases.Acquires, leases.Releases));
        Assert.NotNull(await leases.Inner.TryAcquireAsync("job:subscription-monitor:org-a", TimeSpan.FromMinutes(5)));
        Assert.Null(await leases.Inner.TryAcquireAsync("job:subscription-monitor:org-b", TimeSpan.FromMinutes(5)));
        Assert.NotNull(elsewhere);
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_lease_store_that_fails_records_each_installation_as_failed_and_checks_none_unguarded()
    {
        var leases = new SharedLeaseStore { Failure = new InvalidOperationException("redis is down") };
        await using var kit = new MonitorTestKit(["a", "b"], o => o.FirstCheckDelay = TimeSpan.Zero, configureServices: s => s.AddSingleton<ISyncLeaseStore>(leases));
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);

        Assert.Empty(kit.Manager.Checks);
        var run = kit.Services.GetRequiredService<VstsSubscriptionHealthState>().Last!;
        Assert.Equal(["a", "b"], run.Installations.Select(i => i.IntegrationId));
        Assert.All(run.Installations, i => Assert.Contains(nameof(ISyncLeaseStore), i.Failure, StringComparison.Ordinal));
        Assert.Equal(2, kit.Logs.GetSnapshot().Count(r => r.Id.Id == 8061));
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_listing_that_breaks_records_what_was_checked_and_the_failure_and_runs_again_next_interval()
    {
        await using var kit = new MonitorTestKit(["a", "listing-breaks"], o => o.FirstCheckDelay = TimeSpan.Zero);
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);
        var run = kit.Services.GetRequiredService<VstsSubscriptionHealthState>().Last!;
        Assert.Equal("The database is down.", run.ListingFailure);
        Assert.Equal(["a"], run.Installations.Select(i => i.IntegrationId));
        Assert.Single(kit.Logs.GetSnapshot(), r => r.Id.Id == 8062);

        await kit.Time.WaitForTimerAsync(TimeSpan.FromHours(6));
        kit.Time.Advance(TimeSpan.FromHours(6));
        await kit.WaitForRunsAsync(2);
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_a_way_to_list_installations_the_host_fails_to_start_with_what_to_do()
    {
        await using var kit = new MonitorTestKit(["a"], registerEnumerator: false);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Monitor.StartAsync(CancellationToken.None));

        Assert.Contains("IInstallationEnumerator", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddInstallationEnumerator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integration_store_that_can_list_installations_is_used_without_extra_registration()
    {
        var store = new ListingIntegrationStore(MonitorTestKit.Installation("from-store"));
        await using var kit = new MonitorTestKit(
            [],
            o => o.FirstCheckDelay = TimeSpan.Zero,
            registerEnumerator: false,
            configureServices: s => s.AddVstsIssueSync(_ => { }).AddIntegrationStore(_ => store));
        await kit.Monitor.StartAsync(CancellationToken.None);

        await kit.WaitForRunsAsync(1);

        Assert.Equal(["from-store"], kit.Manager.Checks.Select(c => c.IntegrationId));
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_in_memory_integration_store_is_enough_for_the_monitor_to_check_every_stored_installation()
    {
        // The host registers the Testing package's store and nothing else to list installations; the real
        // subscription manager then checks each one against Azure DevOps (MockHttp).
        var store = new InMemoryIntegrationStore();
        var secret = new VstsWebhookSecrets(SubscriptionTestHarness.OldSecret);
        store.Add(SubscriptionTestHarness.NewInstallation(secret, new VstsSubscriptionReference("workitem.updated", SubscriptionTestHarness.UpdatedId)));
        store.Add(SubscriptionTestHarness.NewInstallation(secret, new VstsSubscriptionReference("workitem.updated", SubscriptionTestHarness.DeletedId)) with
        {
            IntegrationId = "integration-2",
            OrganizationId = "5e2f0b7a-3c1d-4e8f-9a6b-7c8d9e0f1a2b",
        });
        using var harness = new ClientTestHarness(
            configureOptions: o =>
            {
                o.Resilience.MaxRetries = 0;
                o.OrganizationUrl = SubscriptionTestHarness.Org;
                o.PersonalAccessToken = ClientTestHarness.PersonalAccessToken;
            },
            configureServices: services => services.AddVstsIssueSync(_ => { })
                .AddIntegrationStore(_ => store)
                .AddSubscriptionMonitor(o => o.CallbackUrl = SubscriptionTestHarness.Callback));
        harness.Expect(HttpMethod.Get, SubscriptionTestHarness.Url(SubscriptionTestHarness.UpdatedId))
            .Respond("application/json", SubscriptionTestHarness.SubscriptionJson(SubscriptionTestHarness.UpdatedId, "enabled"));
        harness.Expect(HttpMethod.Get, SubscriptionTestHarness.Url(SubscriptionTestHarness.DeletedId))
            .Respond("application/json", SubscriptionTestHarness.SubscriptionJson(SubscriptionTestHarness.DeletedId, "enabled"));
        var monitor = harness.Services.GetRequiredService<VstsSubscriptionMonitor>();

        await monitor.StartAsync(CancellationToken.None);
        await monitor.RunOnceAsync(CancellationToken.None);
        await monitor.StopAsync(CancellationToken.None);

        harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(
            [$"GET {SubscriptionTestHarness.Url(SubscriptionTestHarness.UpdatedId)}", $"GET {SubscriptionTestHarness.Url(SubscriptionTestHarness.DeletedId)}"],
            harness.Requests.Select(r => $"{r.Method} {r.Url}").Order(StringComparer.Ordinal));
        var run = harness.Services.GetRequiredService<VstsSubscriptionHealthState>().Last!;
        Assert.Null(run.ListingFailure);
        Assert.Equal(["integration-1", "integration-2"], run.Installations.Select(i => i.IntegrationId).Order(StringComparer.Ordinal));
        Assert.All(run.Installations, check => Assert.True(check.Report?.IsHealthy, check.Failure));
        // Each check was saved back through the same store: the stored subscription carries the check time.
        Assert.All(store.Installations, stored => Assert.Equal(harness.Time.GetUtcNow(), Assert.Single(stored.Subscriptions).LastCheckedAt));
    }

    [Theory]
    [InlineData(null, 360, 1, "CallbackUrl")]
    [InlineData("http://host.example/hook", 360, 1, "CallbackUrl")]
    [InlineData("https://host.example/hook", 0, 1, "Interval")]
    [InlineData("https://host.example/hook", 360, -1, "FirstCheckDelay")]
    public async Task Invalid_options_fail_with_a_message_naming_the_setting(string? url, int intervalMinutes, int firstDelayMinutes, string setting)
    {
        await using var kit = new MonitorTestKit(["a"], o =>
        {
            o.CallbackUrl = url is null ? null : new Uri(url);
            o.Interval = TimeSpan.FromMinutes(intervalMinutes);
            o.FirstCheckDelay = TimeSpan.FromMinutes(firstDelayMinutes);
        });

        var ex = Assert.Throws<OptionsValidationException>(() => kit.Services.GetRequiredService<IOptions<VstsSubscriptionMonitorOptions>>().Value);

        Assert.Single(ex.Failures);
        Assert.StartsWith(setting, ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_the_monitor_twice_adds_one_hosted_service()
    {
        await using var kit = new MonitorTestKit(["a"], configureServices: s => s.AddVstsIssueSync(_ => { }).AddSubscriptionMonitor(_ => { }));

        Assert.Single(kit.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<VstsSubscriptionMonitor>());
        Assert.Single(kit.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>());
    }

    /// <summary>A host store that also lists its installations.</summary>
    private sealed class ListingIntegrationStore(VstsInstallation installation) : IIntegrationStore, IInstallationEnumerator
    {
        private readonly FakeIntegrationStore _inner = new(installation);

        public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) =>
            _inner.FindByOrganizationIdAsync(organizationId, cancellationToken);

        public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) =>
            _inner.FindByIntegrationIdAsync(integrationId, cancellationToken);

        public Task<bool> TrySaveAsync(VstsInstallation updated, long expectedVersion, CancellationToken cancellationToken = default) =>
            _inner.TrySaveAsync(updated, expectedVersion, cancellationToken);

        public async IAsyncEnumerable<VstsInstallation> ListInstallationsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return _inner.Stored;
        }
    }
}
