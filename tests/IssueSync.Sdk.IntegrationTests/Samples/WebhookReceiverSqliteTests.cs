using System.Net;
using System.Text;
using System.Text.Json;
using IssueSync.Samples.WebhookReceiver;
using IssueSync.Samples.WebhookReceiver.Data;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// The webhook receiver sample on its SQLite database, in process against the emulator: what it applied survives a
/// restart (a redelivery is still a duplicate, groups, tokens and the installation are kept), and a delivery posted
/// by hand is accepted with the configured webhook secret and refused without it.
/// </summary>
public sealed class WebhookReceiverSqliteTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"issuesync-receiver-{Guid.NewGuid():N}.db");
    private VstsEmulator _emulator = null!;
    private EmulatedUser _jamie = null!;
    private EmulatedWorkItem _item = null!;

    public async Task InitializeAsync()
    {
        _emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { OrganizationName = "sample" });
        _jamie = _emulator.Organization.AddUser("Jamie", "jamie@example.com");
        _item = _emulator.Organization.AddWorkItem("Project 1", "Bug", "Checkout fails", new Dictionary<string, object?> { ["System.State"] = "Active" });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        EmulatorMode.DeleteDatabase(_database);
    }

    [Fact]
    public async Task After_a_restart_on_the_same_file_a_redelivery_is_a_duplicate_and_groups_tokens_and_the_installation_are_kept()
    {
        using var timeout = new CancellationTokenSource(Wait);
        var tokens = new VstsTokenSet { AccessToken = "access-1", RefreshToken = "refresh-1", ExpiresAt = new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero) };
        WebhookDelivery resolvedDelivery;
        VstsInstallation subscribed;
        int port;
        await using (var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, webhookSecret: null, port: 0, timeout.Token))
        {
            var callbackUrl = EmulatorMode.CallbackUrl(app);
            port = callbackUrl.Port;
            await SubscribeAsync(app, callbackUrl, timeout.Token);
            var grace = _emulator.Organization.Users[2];
            var resolved = _emulator.Organization.SetState(_item.Id, "Resolved", by: grace);
            var assigned = _emulator.Organization.Assign(_item.Id, _jamie, by: grace);
            resolvedDelivery = await _emulator.WaitForDeliveryAsync(d => d.WorkItemId == _item.Id && d.Revision == resolved.Revision, timeout.Token);
            var assignedDelivery = await _emulator.WaitForDeliveryAsync(d => d.WorkItemId == _item.Id && d.Revision == assigned.Revision, timeout.Token);
            Assert.Equal(("Applied", "Applied"), (resolvedDelivery.Outcome, assignedDelivery.Outcome));
            Assert.True(await app.Services.GetRequiredService<ITokenStore>().TrySaveAsync("identity-1", tokens, 0, timeout.Token));
            subscribed = (await app.Services.GetRequiredService<IIntegrationStore>().FindByIntegrationIdAsync(SampleApp.IntegrationId, timeout.Token))!;
            await app.StopAsync(timeout.Token);
        }

        await using (var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, webhookSecret: null, port, timeout.Token))
        {
            var redelivery = await _emulator.RedeliverAsync(resolvedDelivery, timeout.Token);

            Assert.Equal((200, "Duplicate"), (redelivery.StatusCode, redelivery.Outcome));
            Assert.Equal(
                """[{"GroupId":"group-1","WorkItemId":1,"IsResolved":true,"AssigneeUserId":"user-1"}]""",
                JsonSerializer.Serialize(await SampleApp.GroupsAsync(app.Services.GetRequiredService<SampleDatabase>(), timeout.Token)));
            var storedTokens = await app.Services.GetRequiredService<ITokenStore>().GetAsync("identity-1", timeout.Token);
            Assert.Equal(tokens with { Version = 1 }, storedTokens);
            var installation = (await app.Services.GetRequiredService<IIntegrationStore>().FindByOrganizationIdAsync(_emulator.Organization.Id.ToUpperInvariant(), timeout.Token))!;
            Assert.NotEmpty(installation.Subscriptions);
            Assert.Equal(subscribed.Subscriptions, installation.Subscriptions);
            Assert.Equal((subscribed.WebhookSecrets, subscribed.Version), (installation.WebhookSecrets, installation.Version));
            await app.StopAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task A_delivery_posted_by_hand_is_refused_with_a_wrong_or_no_secret_and_applied_with_the_configured_one()
    {
        const string Secret = "sample-secret-0123456789";
        using var timeout = new CancellationTokenSource(Wait);
        await using var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, Secret, port: 0, timeout.Token);
        var callbackUrl = EmulatorMode.CallbackUrl(app);
        // Subscribed to a path the host does not serve: the emulator's post fails (404) and leaves the payload to post by hand.
        await SubscribeAsync(app, new Uri(callbackUrl, "/not-the-webhook"), timeout.Token);
        var resolved = _emulator.Organization.SetState(_item.Id, "Resolved", by: _emulator.Organization.Users[2]);
        var missed = await _emulator.WaitForDeliveryAsync(d => d.WorkItemId == _item.Id && d.Revision == resolved.Revision, timeout.Token);
        Assert.Equal(404, missed.StatusCode);
        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _emulator.WebhookCertificate.Thumbprint,
        });

        var none = await PostAsync(http, callbackUrl, missed.Payload, secret: null, timeout.Token);
        var wrong = await PostAsync(http, callbackUrl, missed.Payload, "sample-secret-9876543210", timeout.Token);
        var groupsBefore = JsonSerializer.Serialize(await SampleApp.GroupsAsync(app.Services.GetRequiredService<SampleDatabase>(), timeout.Token));
        var right = await PostAsync(http, callbackUrl, missed.Payload, Secret, timeout.Token);

        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), none);
        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), wrong);
        Assert.Equal("""[{"GroupId":"group-1","WorkItemId":1,"IsResolved":false,"AssigneeUserId":null}]""", groupsBefore);
        Assert.Equal((HttpStatusCode.OK, "Applied"), right);
        var group = Assert.Single(await app.Services.GetRequiredService<IGroupStore>().FindLinkedGroupsAsync(SampleApp.IntegrationId, _item.Id, timeout.Token));
        Assert.True(group.IsResolved);
        await using var db = app.Services.GetRequiredService<SampleDatabase>().Open();
        Assert.Equal(SampleApp.IntegrationId, (await db.Groups.SingleAsync(timeout.Token)).ChangedBy);
        await app.StopAsync(timeout.Token);
    }

    private static async Task SubscribeAsync(WebApplication app, Uri callbackUrl, CancellationToken cancellationToken)
    {
        var installation = await app.Services.GetRequiredService<IIntegrationStore>().FindByIntegrationIdAsync(SampleApp.IntegrationId, cancellationToken);
        var report = await app.Services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(installation!, callbackUrl, cancellationToken);
        Assert.NotEmpty(report.Subscriptions);
    }

    private static async Task<(HttpStatusCode Status, string? Outcome)> PostAsync(HttpClient http, Uri url, string payload, string? secret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("Shared-Secret", secret);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (response.StatusCode, body.RootElement.TryGetProperty("outcome", out var outcome) ? outcome.GetString() : null);
    }
}
