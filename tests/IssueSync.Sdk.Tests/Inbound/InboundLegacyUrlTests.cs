using System.Net;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// An installation stored with a legacy <c>{account}.visualstudio.com</c> domain: the first status webhook
/// repairs it through the connector (Resource Areas, saved back once); a decision that cannot be made is a
/// 200 with a warning, never a 503 blamed on a host store.
/// </summary>
public sealed class InboundLegacyUrlTests : IDisposable
{
    private const string ResourceAreaUrl = "https://app.vssps.visualstudio.com/_apis/resourceAreas/79134c72-4a58-4b42-976c-04e7115f32bf?hostId=" + CollectionId + "&api-version=5.0-preview.1";

    private readonly InboundTestKit _kit = new();

    public InboundLegacyUrlTests() => _kit.UpdateInstallation(i => i with { OrganizationUrl = "fabrikam.visualstudio.com" });

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task A_status_webhook_repairs_the_stored_url_once_and_is_applied()
    {
        _kit.Link("g1");
        _kit.Client.ExpectJson(HttpMethod.Get, ResourceAreaUrl, """{"locationUrl":"https://dev.azure.com/fabrikam/"}""");
        _kit.ExpectBugStates();

        var first = await _kit.DeliverAsync("updated-state-active-resolved.json");
        var second = await _kit.DeliverAsync("updated-state-resolved-active.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (first.StatusCode, first.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (second.StatusCode, second.Outcome));
        Assert.Equal([true, false], _kit.Groups.StatusChanges.Select(c => c.Resolved));
        Assert.Equal(ClientTestHarness.OrganizationUrl, (await _kit.Integrations.FindByIntegrationIdAsync(InboundTestKit.IntegrationId))!.OrganizationUrl);
        // Repaired once, saved back: the second delivery reads the repaired record and decides from the warm cache.
        Assert.Equal([ResourceAreaUrl, InboundTestKit.BugStatesUrl], _kit.Client.Requests.Select(r => r.Url));
        Assert.Equal(1, _kit.Probe.CountOf("IIntegrationStore.TrySaveAsync"));
        Assert.DoesNotContain(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7015);
    }

    [Fact]
    public async Task A_url_that_cannot_be_repaired_leaves_the_groups_alone_with_a_warning_not_a_503()
    {
        _kit.Link("g1");
        _kit.Client.Expect(HttpMethod.Get, ResourceAreaUrl).Respond(HttpStatusCode.NotFound);

        var result = await _kit.DeliverAsync("updated-state-active-resolved.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Groups.StatusChanges);
        Assert.Contains(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7014);
        Assert.DoesNotContain(_kit.Logs.GetSnapshot(), r => r.Id.Id == 7015);
        Assert.Equal("fabrikam.visualstudio.com", (await _kit.Integrations.FindByIntegrationIdAsync(InboundTestKit.IntegrationId))!.OrganizationUrl);
        // Not decided, not recorded: a later look (a redelivery's successor, reconciliation) can still apply it.
        Assert.Null(await _kit.WatermarkAsync());
    }
}
