using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static IssueSync.Sdk.Subscriptions.VstsSubscriptionHealth;

namespace IssueSync.Sdk.Tests.AspNetCore;

public sealed class VstsSubscriptionHealthCheckTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Before_the_first_run_it_is_healthy_and_says_so()
    {
        var result = await CheckAsync(run: null);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("No subscription check has run yet.", result.Description);
    }

    [Fact]
    public async Task Without_the_monitor_registered_it_is_healthy_and_says_subscriptions_are_not_monitored_and_how_to_monitor_them()
    {
        var result = await CheckAsync(run: null, monitorRegistered: false);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("Subscriptions are not monitored: ", result.Description, StringComparison.Ordinal);
        Assert.Contains("AddSubscriptionMonitor", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_subscription_delivering_is_healthy_with_the_state_per_installation_in_the_data()
    {
        var result = await CheckAsync(Run(Ok("a", Healthy, Created), Ok("b", Recreated), new VstsInstallationCheck("c", new VstsSubscriptionReport("c", At, []))));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("3 installations checked; every subscription delivers.", result.Description);
        Assert.Equal("workitem.updated: Healthy; workitem.commented: Created", result.Data["a"]);
        Assert.Equal("workitem.updated: Recreated", result.Data["b"]);
        Assert.Equal("not subscribed", result.Data["c"]);
        Assert.Equal("2026-11-23T12:00:00.0000000+00:00", result.Data["checkedAt"]);
    }

    [Theory]
    [InlineData(OnProbation)]
    [InlineData(UnknownStatus)]
    public async Task A_subscription_at_risk_is_degraded(VstsSubscriptionHealth health)
    {
        var result = await CheckAsync(Run(Ok("a", Healthy), Ok("b", health)));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("Deliveries are at risk for: b.", result.Description);
    }

    [Fact]
    public async Task An_unfinished_secret_rotation_is_degraded()
    {
        var pending = new VstsInstallationCheck("a", MonitorTestKit.Report("a", Healthy) with { RotationPending = true });

        var result = await CheckAsync(Run(pending));

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Theory]
    [InlineData(DisabledByUser)]
    [InlineData(DisabledByInactiveIdentity)]
    [InlineData(Failed)]
    public async Task A_subscription_that_delivers_nothing_is_unhealthy_even_beside_degraded_ones(VstsSubscriptionHealth health)
    {
        var result = await CheckAsync(Run(Ok("a", OnProbation), Ok("b", Healthy, health)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Events are not delivered for: b.", result.Description);
        Assert.Equal($"workitem.updated: Healthy; workitem.commented: {health}", result.Data["b"]);
    }

    [Fact]
    public async Task A_failed_installation_check_is_unhealthy_with_its_message()
    {
        var result = await CheckAsync(Run(Ok("a", Healthy), new VstsInstallationCheck("b", null, "Azure DevOps refused.")));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("check failed: Azure DevOps refused.", result.Data["b"]);
    }

    [Fact]
    public async Task A_listing_failure_is_unhealthy()
    {
        var result = await CheckAsync(new VstsSubscriptionRun(At, [], "The database is down."));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("The database is down.", result.Data["listing"]);
    }

    [Fact]
    public async Task The_registrations_failure_status_is_used()
    {
        var result = await CheckAsync(Run(Ok("a", DisabledByUser)), failureStatus: HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public async Task Registered_through_AddHealthChecks_it_reports_the_monitors_last_run()
    {
        await using var kit = new MonitorTestKit(["a", "b"], o => o.FirstCheckDelay = TimeSpan.Zero, configureServices: s => s.AddHealthChecks().AddVstsSubscriptionCheck(tags: ["ready"]));
        kit.Manager.Health["b"] = [OnProbation];
        var health = kit.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        await kit.Monitor.StartAsync(CancellationToken.None);
        await kit.WaitForRunsAsync(1);
        var report = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));

        var entry = Assert.Single(report.Entries);
        Assert.Equal(VstsSubscriptionMonitoringExtensions.DefaultHealthCheckName, entry.Key);
        Assert.Equal(HealthStatus.Degraded, entry.Value.Status);
        Assert.Equal("workitem.updated: OnProbation", entry.Value.Data["b"]);
        await kit.Monitor.StopAsync(CancellationToken.None);
    }

    private static VstsSubscriptionRun Run(params VstsInstallationCheck[] checks) => new(At, checks);

    private static VstsInstallationCheck Ok(string id, params VstsSubscriptionHealth[] health) => new(id, MonitorTestKit.Report(id, health));

    private static Task<HealthCheckResult> CheckAsync(VstsSubscriptionRun? run, bool monitorRegistered = true, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var state = new VstsSubscriptionHealthState();
        if (run is not null)
        {
            state.Record(run);
        }

        var check = new VstsSubscriptionHealthCheck(state, monitorRegistered);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("vsts-subscriptions", check, failureStatus, null) };
        return check.CheckHealthAsync(context);
    }
}
