using System.Text;
using IssueSync.Sdk.Inbound;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Thousands of mutated corpus payloads (<see cref="WebhookFuzzer"/>, fixed seeds): the handler never throws and
/// answers only 200, 400, 401 or 413, plus the documented 503 when, and only when, a host store fails.
/// </summary>
public sealed class InboundFuzzTests
{
    private const int Iterations = 2500;

    private static readonly string[] StoreCalls =
    [
        "IIntegrationStore.FindByOrganizationIdAsync",
        "IDeliveryDedupeStore.TryClaimAsync",
        "ISyncWatermarkStore.ReadAsync",
        "IOwnWriteLedger.FindAsync",
        "ISyncWatermarkStore.TrySaveAsync",
        "IOwnWriteLedger.IsOwnCommentAsync",
        "IGroupStore.FindLinkedGroupsAsync",
        "IGroupStore.ResolveAsync",
        "IGroupStore.UnresolveAsync",
        "IAssigneeStore.FindUserByEmailAsync",
        "IAssigneeStore.AssignAsync",
        "IAssigneeStore.DeassignAsync",
        "IWorkItemDeletionStore.WorkItemDeletedAsync",
        "ICommentStore.AddCommentAsync",
    ];

    [Fact]
    public async Task With_healthy_stores_mutated_payloads_are_answered_200_400_401_or_413_and_never_throw()
    {
        using var kit = NewKit();
        var seen = await FuzzAsync(kit, seed: 8_2026, failingStores: false);

        Assert.Equal([200, 400, 401, 413], seen.Keys.Select(k => k.Status).Distinct().Order());
        // Mutations must not all be stopped at the door: some reach the host's stores.
        Assert.Contains(seen.Keys, k => k.Outcome == VstsWebhookOutcome.Applied);
        Assert.NotEmpty(kit.Groups.StatusChanges);
        Assert.NotEmpty(kit.Assignees.AssigneeChanges);
    }

    [Fact]
    public async Task With_failing_stores_the_only_5xx_is_the_documented_503()
    {
        using var kit = NewKit();
        var seen = await FuzzAsync(kit, seed: 503, failingStores: true);

        Assert.Contains(seen.Keys, k => k.Status == 503);
        Assert.Contains(seen.Keys, k => k.Outcome == VstsWebhookOutcome.Applied);
    }

    private static InboundTestKit NewKit()
    {
        var kit = new InboundTestKit(configureOptions: o => o.Webhook.MaxBodyBytes = 16 * 1024, optionalPorts: true);
        kit.Link("g1", assignee: "u-lauryn");
        kit.Link("g2", resolved: true);
        kit.AddUser("u-lauryn", "lauryn@sentry.io");
        kit.AddUser("u-lauryn2", "lauryn2@sentry.io");
        kit.AddUser("u-ada", "ada@example.com");
        // Any number of states reads; other URLs (mutated projects and types) get MockHttp's 404.
        kit.Client.Mock.When(HttpMethod.Get, InboundTestKit.BugStatesUrl).Respond("application/json", InboundTestKit.BugStatesJson);
        return kit;
    }

    private static async Task<Dictionary<(int Status, VstsWebhookOutcome Outcome), int>> FuzzAsync(InboundTestKit kit, int seed, bool failingStores)
    {
        var random = new Random(seed);
        var fuzzer = new WebhookFuzzer(random);
        var seen = new Dictionary<(int Status, VstsWebhookOutcome Outcome), int>();
        for (var i = 0; i < Iterations; i++)
        {
            if (failingStores && random.Next(4) == 0)
            {
                kit.Probe.Fail(StoreCalls[random.Next(StoreCalls.Length)]);
            }

            var (body, description) = fuzzer.Next(i);
            VstsWebhookResult result;
            try
            {
                result = await kit.DeliverAsync(body);
            }
            catch (Exception ex)
            {
                Assert.Fail($"Iteration {i} of seed {seed} ({description}) threw {ex}{Environment.NewLine}Body: {Encoding.UTF8.GetString(body)}");
                throw;
            }

            var expected = result.StatusCode switch
            {
                200 => [VstsWebhookOutcome.Applied, VstsWebhookOutcome.Ignored, VstsWebhookOutcome.Duplicate, VstsWebhookOutcome.Stale, VstsWebhookOutcome.Echo],
                400 => [VstsWebhookOutcome.InvalidPayload],
                401 => [VstsWebhookOutcome.UnknownOrganization, VstsWebhookOutcome.Unauthorized],
                413 => [VstsWebhookOutcome.PayloadTooLarge],
                503 when failingStores => new[] { VstsWebhookOutcome.StoreUnavailable },
                _ => [],
            };
            Assert.True(
                expected.Contains(result.Outcome) && (result.RetryAfter is not null) == (result.StatusCode == 503),
                $"Iteration {i} of seed {seed} ({description}) answered {result.StatusCode} {result.Outcome} ({result.Reason}){Environment.NewLine}Body: {Encoding.UTF8.GetString(body)}");
            seen[(result.StatusCode, result.Outcome)] = seen.GetValueOrDefault((result.StatusCode, result.Outcome)) + 1;
        }

        return seen;
    }
}
