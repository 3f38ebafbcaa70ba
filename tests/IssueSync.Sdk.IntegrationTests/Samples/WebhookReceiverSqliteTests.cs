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
        var missed = await MissedDeliveryAsync(app, timeout.Token);
        using var http = Client();

        var none = await PostAsync(http, callbackUrl, missed.Payload, header: null, timeout.Token);
        var wrong = await PostAsync(http, callbackUrl, missed.Payload, SharedSecret("sample-secret-9876543210"), timeout.Token);
        var groupsBefore = JsonSerializer.Serialize(await SampleApp.GroupsAsync(app.Services.GetRequiredService<SampleDatabase>(), timeout.Token));
        var right = await PostAsync(http, callbackUrl, missed.Payload, SharedSecret(Secret), timeout.Token);

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

    [Fact]
    public async Task Health_is_healthy_and_says_not_monitored_without_a_callback_url_and_the_groups_route_shows_the_hosts_groups()
    {
        using var timeout = new CancellationTokenSource(Wait);
        await using var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, webhookSecret: null, port: 0, timeout.Token);
        var root = new Uri(EmulatorMode.CallbackUrl(app), "/");
        using var http = Client();

        using var health = await http.GetAsync(new Uri(root, "health"), timeout.Token);
        var groups = await http.GetStringAsync(new Uri(root, "sample/groups"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync(timeout.Token);
        Assert.StartsWith("""{"status":"Healthy","checks":{""", body, StringComparison.Ordinal);
        Assert.Contains("Subscriptions are not monitored", body, StringComparison.Ordinal);
        Assert.Equal($$"""[{"groupId":"group-1","workItemId":{{_item.Id}},"isResolved":false,"assigneeUserId":null}]""", groups);
        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task With_basic_authentication_accepted_the_secret_is_also_taken_as_the_password()
    {
        const string Secret = "sample-secret-0123456789";
        using var timeout = new CancellationTokenSource(Wait);
        await using var app = await EmulatorMode.StartHostAsync(
            _emulator, _database, _item.Id, Secret, port: 0, timeout.Token,
            new Dictionary<string, string?> { ["IssueSync:Vsts:Webhook:AcceptBasicAuthentication"] = "true" });
        var missed = await MissedDeliveryAsync(app, timeout.Token);
        using var http = Client();

        var wrong = await PostAsync(http, EmulatorMode.CallbackUrl(app), missed.Payload, Basic("sample-secret-9876543210"), timeout.Token);
        var right = await PostAsync(http, EmulatorMode.CallbackUrl(app), missed.Payload, Basic(Secret), timeout.Token);

        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), wrong);
        Assert.Equal((HttpStatusCode.OK, "Applied"), right);
        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task Two_hosts_sharing_the_database_file_apply_a_delivery_posted_to_both_at_once_exactly_once()
    {
        const string Secret = "sample-secret-0123456789";
        using var timeout = new CancellationTokenSource(Wait);
        await using var first = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, Secret, port: 0, timeout.Token);
        await using var second = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, Secret, port: 0, timeout.Token);
        var missed = await MissedDeliveryAsync(first, timeout.Token);
        using var http = Client();

        var answers = await Task.WhenAll(
            PostAsync(http, EmulatorMode.CallbackUrl(first), missed.Payload, SharedSecret(Secret), timeout.Token),
            PostAsync(http, EmulatorMode.CallbackUrl(second), missed.Payload, SharedSecret(Secret), timeout.Token));

        Assert.Equal(["Applied", "Duplicate"], answers.Select(a => a.Outcome).Order(StringComparer.Ordinal));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        await first.StopAsync(timeout.Token);
        await second.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task A_webhook_secret_changed_in_the_configuration_is_rotated_in_the_old_one_accepted_until_the_next_subscribe()
    {
        const string Old = "old-sample-secret-0123456789";
        const string New = "new-sample-secret-0123456789";
        using var timeout = new CancellationTokenSource(Wait);
        WebhookDelivery missed;
        await using (var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, Old, port: 0, timeout.Token))
        {
            missed = await MissedDeliveryAsync(app, timeout.Token);
            await app.StopAsync(timeout.Token);
        }

        await using (var app = await EmulatorMode.StartHostAsync(_emulator, _database, _item.Id, New, port: 0, timeout.Token))
        {
            var store = app.Services.GetRequiredService<IIntegrationStore>();
            var rotating = (await store.FindByIntegrationIdAsync(SampleApp.IntegrationId, timeout.Token))!.WebhookSecrets;
            using var http = Client();

            var withOld = await PostAsync(http, EmulatorMode.CallbackUrl(app), missed.Payload, SharedSecret(Old), timeout.Token);
            await SubscribeAsync(app, new Uri(EmulatorMode.CallbackUrl(app), "/not-the-webhook"), timeout.Token);
            var rotated = (await store.FindByIntegrationIdAsync(SampleApp.IntegrationId, timeout.Token))!.WebhookSecrets;

            Assert.Equal(new VstsWebhookSecrets(New, Old), rotating);
            Assert.Equal((HttpStatusCode.OK, "Applied"), withOld);
            Assert.Equal(new VstsWebhookSecrets(New), rotated);
            await app.StopAsync(timeout.Token);
        }
    }

    /// <summary>
    /// Subscribes the host to a path it does not serve and resolves the work item: the emulator's post fails (404)
    /// and leaves a real payload to post by hand.
    /// </summary>
    private async Task<WebhookDelivery> MissedDeliveryAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await SubscribeAsync(app, new Uri(EmulatorMode.CallbackUrl(app), "/not-the-webhook"), cancellationToken);
        var resolved = _emulator.Organization.SetState(_item.Id, "Resolved", by: _emulator.Organization.Users[2]);
        var missed = await _emulator.WaitForDeliveryAsync(d => d.WorkItemId == _item.Id && d.Revision == resolved.Revision, cancellationToken);
        Assert.Equal(404, missed.StatusCode);
        return missed;
    }

    private HttpClient Client() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _emulator.WebhookCertificate.Thumbprint,
    });

    private static (string Name, string Value) SharedSecret(string secret) => ("Shared-Secret", secret);

    private static (string Name, string Value) Basic(string secret) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("azure-devops:" + secret)));

    private static async Task SubscribeAsync(WebApplication app, Uri callbackUrl, CancellationToken cancellationToken)
    {
        var installation = await app.Services.GetRequiredService<IIntegrationStore>().FindByIntegrationIdAsync(SampleApp.IntegrationId, cancellationToken);
        var report = await app.Services.GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(installation!, callbackUrl, cancellationToken);
        Assert.NotEmpty(report.Subscriptions);
    }

    private static async Task<(HttpStatusCode Status, string? Outcome)> PostAsync(HttpClient http, Uri url, string payload, (string Name, string Value)? header, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (header is { } add)
        {
            request.Headers.Add(add.Name, add.Value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (response.StatusCode, body.RootElement.TryGetProperty("outcome", out var outcome) ? outcome.GetString() : null);
    }
}
