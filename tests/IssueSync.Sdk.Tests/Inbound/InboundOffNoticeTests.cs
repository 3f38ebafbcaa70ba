using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using Microsoft.Extensions.Logging;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Every direction defaults to off: a delivery for a direction that is off, while the installation has a
/// subscription for its event, is told once per installation (Warning 7025), not once per delivery.
/// </summary>
public sealed class InboundOffNoticeTests
{
    private const int InboundOff = 7025;

    [Fact]
    public async Task Without_SyncSettings_a_subscribed_installation_is_warned_once_across_deliveries()
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings());
        kit.UpdateInstallation(i => i with { SyncSettings = new VstsSyncSettings(), Subscriptions = [Subscription("workitem.updated")] });
        kit.Link("g1");

        for (var i = 0; i < 3; i++)
        {
            var result = await kit.DeliverAsync(Benchmark);
            Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        }

        var warning = Assert.Single(kit.Logs.GetSnapshot(), r => r.Id.Id == InboundOff);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("InboundSyncOff", warning.Id.Name);
        Assert.Contains(InboundTestKit.IntegrationId, warning.Message, StringComparison.Ordinal);
        Assert.Contains("StatusInbound and AssigneeInbound is off", warning.Message, StringComparison.Ordinal);
        Assert.Contains("set VstsSyncSettings.StatusInbound and/or AssigneeInbound to true", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(InboundTestKit.Secret, warning.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Groups.StatusChanges);
    }

    [Fact]
    public async Task Without_a_subscription_for_the_event_nothing_is_logged()
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings());
        kit.UpdateInstallation(i => i with { Subscriptions = [Subscription("workitem.commented")] });
        kit.Link("g1");

        var result = await kit.DeliverAsync(Benchmark);

        Assert.Equal(VstsWebhookOutcome.Ignored, result.Outcome);
        Assert.DoesNotContain(kit.Logs.GetSnapshot(), r => r.Id.Id == InboundOff);
    }

    [Fact]
    public async Task With_inbound_on_nothing_is_logged()
    {
        using var kit = new InboundTestKit();
        kit.UpdateInstallation(i => i with { Subscriptions = [Subscription("workitem.updated")] });
        kit.Link("g1");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        kit.ExpectBugStates();

        await kit.DeliverAsync(Benchmark);

        Assert.DoesNotContain(kit.Logs.GetSnapshot(), r => r.Id.Id == InboundOff);
    }

    [Theory]
    [InlineData(true, "updated-assigned-string.json", "updated-unassigned.json", "AssigneeInbound")]
    [InlineData(false, "updated-state-active-resolved.json", "updated-state-resolved-active.json", "StatusInbound")]
    public async Task A_change_of_the_one_direction_that_is_off_names_it_once(bool statusOn, string first, string second, string off)
    {
        using var kit = new InboundTestKit(settings: new VstsSyncSettings { StatusInbound = statusOn, AssigneeInbound = !statusOn });
        kit.UpdateInstallation(i => i with { Subscriptions = [Subscription("workitem.updated")] });
        kit.Link("g1");

        await kit.DeliverAsync(first);
        await kit.DeliverAsync(second);

        var warning = Assert.Single(kit.Logs.GetSnapshot(), r => r.Id.Id == InboundOff);
        Assert.Contains($"but {off} is off", warning.Message, StringComparison.Ordinal);
    }

    private static VstsSubscriptionReference Subscription(string eventType) => new(eventType, SubscriptionId);
}
