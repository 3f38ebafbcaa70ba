using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.IntegrationTests.Inbound;

/// <summary>
/// The SDK's subscription check against the emulator's delivery rules: a host endpoint that refuses
/// deliveries puts its subscription on probation, the check reports it, and once probation runs out
/// (<c>disabledBySystem</c>) the check recreates the subscription and deliveries flow again.
/// </summary>
public class InboundProbationTests
{
    private const string Updated = "workitem.updated";

    [Fact]
    public async Task The_subscription_check_reports_probation_then_recreates_the_subscription_the_system_disabled()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await using var host = await InboundHost.StartAsync(emulatorOptions: new VstsEmulatorOptions { TimeProvider = clock });
        var (item, group) = host.AddLinkedBug("group-1", state: "Active");
        await host.SubscribeAsync();
        var original = host.Organization.Subscriptions.Single(s => s.EventType == Updated);
        await host.SetSubscriptionHeadersAsync(original.Id, "Shared-Secret:not-the-secret");

        var resolved = host.Organization.SetState(item.Id, "Resolved", by: host.Organization.Users[2]);
        var refused = await host.DeliveryAsync(Updated, item.Id, resolved.Revision);
        var onProbation = await host.Subscriptions.CheckAsync(host.Installation, host.CallbackUrl, InboundHost.Timeout());
        var last = refused;
        while (last.NextAttemptAt is { } due)
        {
            clock.SetUtcNow(due);
            var attempt = last.Attempt + 1;
            last = await host.Emulator.WaitForDeliveryAsync(d => d.SubscriptionId == original.Id && d.Attempt == attempt, InboundHost.Timeout());
        }

        var disabled = host.Organization.Subscriptions.Single(s => s.Id == original.Id).Status;
        var recreated = await host.Subscriptions.CheckAsync(host.Installation, host.CallbackUrl, InboundHost.Timeout());
        var replacement = host.Organization.Subscriptions.Single(s => s.EventType == Updated);
        var reactivated = host.Organization.SetState(item.Id, "Active", by: host.Organization.Users[2]);
        var delivered = await host.DeliveryAsync(Updated, item.Id, reactivated.Revision);

        Assert.Equal((401, "Unauthorized"), (refused.StatusCode, refused.Outcome));
        Assert.Equal((VstsSubscriptionHealth.OnProbation, SubscriptionStatus.OnProbation), Health(onProbation));
        Assert.Equal((WebhookDeliveryKind.ProbationRetry, 8, 401), (last.Kind, last.Attempt, last.StatusCode));
        Assert.Equal("disabledBySystem", disabled);
        Assert.Equal((VstsSubscriptionHealth.Recreated, SubscriptionStatus.Enabled), Health(recreated));
        Assert.NotEqual(original.Id, replacement.Id);
        Assert.Equal("enabled", replacement.Status);
        Assert.Equal((replacement.Id, 200, "Applied"), (delivered.SubscriptionId, delivered.StatusCode, delivered.Outcome));
        Assert.False(host.Groups.GetGroup(group.GroupId)!.IsResolved);
    }

    private static (VstsSubscriptionHealth, SubscriptionStatus) Health(VstsSubscriptionReport report) =>
        report.Subscriptions.Single(s => s.EventType == Updated) is var state ? (state.Health, state.Status) : default;
}
