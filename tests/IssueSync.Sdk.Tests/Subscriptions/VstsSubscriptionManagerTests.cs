using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Subscriptions;
using Microsoft.Extensions.Logging;
using static IssueSync.Sdk.Tests.Subscriptions.SubscriptionTestHarness;

namespace IssueSync.Sdk.Tests.Subscriptions;

public sealed class VstsSubscriptionManagerTests
{
    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Put = HttpMethod.Put;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    private const string Secret = "pending-secret-cXVvdGVkIGJhY2s";

    [Fact]
    public async Task EnsureAsync_on_a_new_installation_saves_a_new_secret_first_then_creates_the_updated_subscription()
    {
        using var harness = new SubscriptionTestHarness();
        harness.ExpectCreate(NewId);

        var report = await harness.Manager.EnsureAsync(harness.Installation, Callback);

        harness.AssertRequests((Post, SubscriptionsUrl));
        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        harness.AssertBody(0, Body("workitem.updated", secret));
        // 256 bits as URL-safe base64 without padding.
        Assert.Equal(43, secret.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", secret);
        Assert.Null(harness.Store.Stored.WebhookSecrets!.Previous);
        // The secret is saved before the subscription exists, so the first delivery is accepted.
        Assert.Equal(2, harness.Store.Saves.Count);
        Assert.Equal(secret, harness.Store.Saves[0].Installation.WebhookSecrets!.Current);
        Assert.Empty(harness.Store.Saves[0].Installation.Subscriptions);
        var reference = Assert.Single(harness.Store.Stored.Subscriptions);
        Assert.Equal(new VstsSubscriptionReference("workitem.updated", NewId, harness.Client.Time.GetUtcNow()), reference);
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(new VstsSubscriptionState("workitem.updated", NewId, VstsSubscriptionHealth.Created, SubscriptionStatus.Enabled), state);
        Assert.True(report.IsHealthy);
        // A first secret replaces nothing.
        Assert.False(report.SecretRotated);
        Assert.False(report.RotationPending);
    }

    [Fact]
    public async Task EnsureAsync_creates_a_new_random_secret_per_installation()
    {
        using var first = new SubscriptionTestHarness();
        using var second = new SubscriptionTestHarness();
        first.ExpectCreate(NewId);
        second.ExpectCreate(NewId);

        await first.Manager.EnsureAsync(first.Installation, Callback);
        await second.Manager.EnsureAsync(second.Installation, Callback);

        Assert.NotEqual(first.Store.Stored.WebhookSecrets!.Current, second.Store.Stored.WebhookSecrets!.Current);
    }

    [Fact]
    public async Task EnsureAsync_subscribes_one_event_type_per_subscription_for_the_ports_the_host_registered()
    {
        using var harness = new SubscriptionTestHarness(deletions: true, comments: true);
        harness.ExpectCreate(UpdatedId);
        harness.ExpectCreate(DeletedId, "workitem.deleted");
        harness.ExpectCreate(CommentedId, "workitem.commented");

        var report = await harness.Manager.EnsureAsync(harness.Installation, Callback);

        Assert.Equal(["workitem.updated", "workitem.deleted", "workitem.commented"], harness.Manager.EventTypes);
        harness.AssertRequests((Post, SubscriptionsUrl), (Post, SubscriptionsUrl), (Post, SubscriptionsUrl));
        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        harness.AssertBody(0, Body("workitem.updated", secret));
        harness.AssertBody(1, Body("workitem.deleted", secret));
        harness.AssertBody(2, Body("workitem.commented", secret));
        Assert.Equal(
            [("workitem.updated", UpdatedId), ("workitem.deleted", DeletedId), ("workitem.commented", CommentedId)],
            harness.Store.Stored.Subscriptions.Select(r => (r.EventType, r.SubscriptionId)));
        Assert.All(report.Subscriptions, s => Assert.Equal(VstsSubscriptionHealth.Created, s.Health));
    }

    [Fact]
    public async Task EnsureAsync_reuses_a_healthy_subscription_and_keeps_the_secret()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectGet(UpdatedId, "enabled");

        var report = await harness.Manager.EnsureAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)));
        Assert.Equal(new VstsWebhookSecrets(OldSecret), harness.Store.Stored.WebhookSecrets);
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(VstsSubscriptionHealth.Healthy, state.Health);
        Assert.Equal(UpdatedId, state.SubscriptionId);
        Assert.False(report.SecretRotated);
        Assert.Equal(harness.Client.Time.GetUtcNow(), Assert.Single(harness.Store.Stored.Subscriptions).LastCheckedAt);
    }

    [Fact]
    public async Task EnsureAsync_creates_only_the_event_types_missing_from_the_installation()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(), comments: true);
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectCreate(CommentedId, "workitem.commented");

        var report = await harness.Manager.EnsureAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Post, SubscriptionsUrl));
        harness.AssertBody(1, Body("workitem.commented", OldSecret));
        Assert.Equal([VstsSubscriptionHealth.Healthy, VstsSubscriptionHealth.Created], report.Subscriptions.Select(s => s.Health));
        Assert.Equal([UpdatedId, CommentedId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
    }

    [Fact]
    public async Task EnsureAsync_deletes_the_subscription_of_an_event_type_the_host_no_longer_handles()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.commented", CommentedId)));
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectDelete(CommentedId);

        var report = await harness.Manager.EnsureAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Delete, Url(CommentedId)));
        Assert.Equal([VstsSubscriptionHealth.Healthy, VstsSubscriptionHealth.Removed], report.Subscriptions.Select(s => s.Health));
        Assert.Equal([UpdatedId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
    }

    [Theory]
    [InlineData("onProbation", VstsSubscriptionHealth.OnProbation)]
    [InlineData("disabledByUser", VstsSubscriptionHealth.DisabledByUser)]
    [InlineData("disabledByInactiveIdentity", VstsSubscriptionHealth.DisabledByInactiveIdentity)]
    [InlineData("someFutureStatus", VstsSubscriptionHealth.UnknownStatus)]
    [InlineData("enabled", VstsSubscriptionHealth.Healthy)]
    public async Task CheckAsync_reports_a_status_it_must_not_repair_and_leaves_the_subscription_alone(string status, VstsSubscriptionHealth expected)
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectGet(UpdatedId, status);

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)));
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(expected, state.Health);
        Assert.Equal(new SubscriptionStatus(status), state.Status);
        Assert.Equal(UpdatedId, state.SubscriptionId);
        Assert.Equal(expected == VstsSubscriptionHealth.Healthy, report.IsHealthy);
        Assert.Equal(expected == VstsSubscriptionHealth.Healthy, state.Detail is null);
        Assert.Equal(new VstsWebhookSecrets(OldSecret), harness.Store.Stored.WebhookSecrets);
        Assert.Equal(new VstsSubscriptionReference("workitem.updated", UpdatedId, harness.Client.Time.GetUtcNow()), Assert.Single(harness.Store.Stored.Subscriptions));
        Assert.Equal(expected == VstsSubscriptionHealth.Healthy ? 0 : 1, harness.Logs.GetSnapshot().Count(r => r.Id.Id == 8003));
    }

    [Fact]
    public async Task CheckAsync_deletes_and_recreates_a_disabledBySystem_subscription_with_a_new_secret()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectGet(UpdatedId, "disabledBySystem");
        harness.ExpectDelete(UpdatedId);
        harness.ExpectCreate(NewId);

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Delete, Url(UpdatedId)), (Post, SubscriptionsUrl));
        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        Assert.NotEqual(OldSecret, secret);
        harness.AssertBody(2, Body("workitem.updated", secret));
        // While recreating, the old secret stayed accepted; once every subscription carries the new one it is dropped.
        Assert.Equal(new VstsWebhookSecrets(secret, OldSecret), harness.Store.Saves[0].Installation.WebhookSecrets);
        Assert.Equal(new VstsWebhookSecrets(secret), harness.Store.Stored.WebhookSecrets);
        Assert.Equal([NewId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(VstsSubscriptionHealth.Recreated, state.Health);
        Assert.Equal(NewId, state.SubscriptionId);
        Assert.True(report.SecretRotated);
        Assert.False(report.RotationPending);
        Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8002);
    }

    [Fact]
    public async Task CheckAsync_recreates_a_missing_subscription_and_puts_the_new_secret_on_the_healthy_ones()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.deleted", DeletedId)), deletions: true);
        harness.ExpectFailure(Get, Url(UpdatedId), HttpStatusCode.NotFound, "TF400000: not found");
        harness.ExpectGet(DeletedId, "enabled", "workitem.deleted");
        harness.ExpectCreate(NewId);
        harness.ExpectReplace(DeletedId, eventType: "workitem.deleted");

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Get, Url(DeletedId)), (Post, SubscriptionsUrl), (Put, Url(DeletedId)));
        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        harness.AssertBody(2, Body("workitem.updated", secret));
        harness.AssertBody(3, Body("workitem.deleted", secret));
        Assert.Equal(new VstsWebhookSecrets(secret), harness.Store.Stored.WebhookSecrets);
        Assert.Equal([VstsSubscriptionHealth.Recreated, VstsSubscriptionHealth.Healthy], report.Subscriptions.Select(s => s.Health));
        Assert.Equal([NewId, DeletedId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
    }

    [Fact]
    public async Task CheckAsync_reports_a_missing_subscription_it_could_not_create_again_and_keeps_its_record_for_the_next_run()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectFailure(Get, Url(UpdatedId), HttpStatusCode.NotFound);
        harness.ExpectFailure(Post, SubscriptionsUrl, HttpStatusCode.InternalServerError, "VS000000: boom");

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Post, SubscriptionsUrl));
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(VstsSubscriptionHealth.Failed, state.Health);
        Assert.StartsWith($"The subscription {UpdatedId} was missing; creating it again failed: ", state.Detail, StringComparison.Ordinal);
        Assert.Equal(UpdatedId, Assert.Single(harness.Store.Stored.Subscriptions).SubscriptionId);
        // No subscription carries the old secret any more: the rotation is complete.
        Assert.Null(harness.Store.Stored.WebhookSecrets!.Previous);
        Assert.NotEqual(OldSecret, harness.Store.Stored.WebhookSecrets.Current);
    }

    [Fact]
    public async Task CheckAsync_of_an_installation_without_subscriptions_sends_nothing_and_saves_nothing()
    {
        using var harness = new SubscriptionTestHarness();

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests();
        Assert.Empty(harness.Store.Saves);
        Assert.True(report.NotSubscribed);
    }

    [Fact]
    public async Task CheckAsync_reports_a_subscription_it_could_not_read_and_keeps_its_record()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectFailure(Get, Url(UpdatedId), HttpStatusCode.InternalServerError, "VS000000: boom");

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)));
        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(VstsSubscriptionHealth.Failed, state.Health);
        Assert.Contains("500", state.Detail, StringComparison.Ordinal);
        Assert.False(report.IsHealthy);
        Assert.Equal(UpdatedId, Assert.Single(harness.Store.Stored.Subscriptions).SubscriptionId);
        Assert.Equal(new VstsWebhookSecrets(OldSecret), harness.Store.Stored.WebhookSecrets);
        Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8004);
    }

    [Fact]
    public async Task RotateSecretAsync_keeps_the_previous_secret_accepted_until_every_subscription_carries_the_new_one()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.commented", CommentedId)), comments: true);
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectGet(CommentedId, "onProbation", "workitem.commented");
        harness.ExpectReplace(UpdatedId);
        harness.ExpectReplace(CommentedId, "onProbation", "workitem.commented");

        var report = await harness.Manager.RotateSecretAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Get, Url(CommentedId)), (Put, Url(UpdatedId)), (Put, Url(CommentedId)));
        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        Assert.NotEqual(OldSecret, secret);
        harness.AssertBody(2, Body("workitem.updated", secret));
        harness.AssertBody(3, Body("workitem.commented", secret));
        Assert.Equal(new VstsWebhookSecrets(secret, OldSecret), harness.Store.Saves[0].Installation.WebhookSecrets);
        Assert.Equal(new VstsWebhookSecrets(secret), harness.Store.Stored.WebhookSecrets);
        Assert.True(report.SecretRotated);
        Assert.False(report.RotationPending);
        Assert.Equal([VstsSubscriptionHealth.Healthy, VstsSubscriptionHealth.OnProbation], report.Subscriptions.Select(s => s.Health));
        Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8007);
    }

    [Fact]
    public async Task RotateSecretAsync_that_fails_on_one_subscription_stays_pending_and_the_next_call_finishes_it_with_the_same_secret()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.deleted", DeletedId)), deletions: true);
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectGet(DeletedId, "enabled", "workitem.deleted");
        harness.ExpectReplace(UpdatedId);
        harness.ExpectFailure(Put, Url(DeletedId), HttpStatusCode.ServiceUnavailable);

        var first = await harness.Manager.RotateSecretAsync(harness.Installation, Callback);

        var secret = harness.Store.Stored.WebhookSecrets!.Current;
        Assert.Equal(new VstsWebhookSecrets(secret, OldSecret), harness.Store.Stored.WebhookSecrets);
        Assert.True(first.RotationPending);
        Assert.Equal([VstsSubscriptionHealth.Healthy, VstsSubscriptionHealth.Failed], first.Subscriptions.Select(s => s.Health));

        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectGet(DeletedId, "enabled", "workitem.deleted");
        harness.ExpectReplace(UpdatedId);
        harness.ExpectReplace(DeletedId, eventType: "workitem.deleted");

        var second = await harness.Manager.RotateSecretAsync(harness.Installation, Callback);

        Assert.Equal(8, harness.Client.Requests.Count);
        harness.AssertBody(6, Body("workitem.updated", secret));
        harness.AssertBody(7, Body("workitem.deleted", secret));
        Assert.Equal(new VstsWebhookSecrets(secret), harness.Store.Stored.WebhookSecrets);
        Assert.False(second.SecretRotated);
        Assert.False(second.RotationPending);
    }

    [Fact]
    public async Task CheckAsync_finishes_a_pending_rotation()
    {
        using var harness = new SubscriptionTestHarness(NewInstallation(new VstsWebhookSecrets("new-secret", OldSecret), new VstsSubscriptionReference("workitem.updated", UpdatedId)));
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectReplace(UpdatedId);

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        harness.AssertRequests((Get, Url(UpdatedId)), (Put, Url(UpdatedId)));
        harness.AssertBody(1, Body("workitem.updated", "new-secret"));
        Assert.Equal(new VstsWebhookSecrets("new-secret"), harness.Store.Stored.WebhookSecrets);
        Assert.False(report.RotationPending);
    }

    [Fact]
    public async Task DeleteAsync_deletes_every_subscription_and_clears_them_and_the_secrets()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.deleted", DeletedId)));
        harness.ExpectDelete(UpdatedId);
        // Already gone: counts as deleted.
        harness.ExpectFailure(Delete, Url(DeletedId), HttpStatusCode.NotFound);

        var report = await harness.Manager.DeleteAsync(harness.Installation);

        harness.AssertRequests((Delete, Url(UpdatedId)), (Delete, Url(DeletedId)));
        Assert.Empty(harness.Store.Stored.Subscriptions);
        Assert.Null(harness.Store.Stored.WebhookSecrets);
        Assert.Equal([VstsSubscriptionHealth.Removed, VstsSubscriptionHealth.Removed], report.Subscriptions.Select(s => s.Health));
    }

    [Fact]
    public async Task DeleteAsync_after_the_host_removed_the_installation_still_deletes_its_subscriptions()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.Store.Missing = true;
        harness.ExpectDelete(UpdatedId);

        await harness.Manager.DeleteAsync(harness.Installation);

        harness.AssertRequests((Delete, Url(UpdatedId)));
        Assert.Empty(harness.Store.Saves);
    }

    [Fact]
    public async Task DeleteAsync_keeps_the_record_and_secret_of_a_subscription_it_could_not_delete()
    {
        using var harness = new SubscriptionTestHarness(Subscribed(new VstsSubscriptionReference("workitem.deleted", DeletedId)));
        harness.ExpectDelete(UpdatedId);
        harness.ExpectFailure(Delete, Url(DeletedId), HttpStatusCode.InternalServerError);

        var report = await harness.Manager.DeleteAsync(harness.Installation);

        Assert.Equal([VstsSubscriptionHealth.Removed, VstsSubscriptionHealth.Failed], report.Subscriptions.Select(s => s.Health));
        Assert.Equal([DeletedId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
        Assert.Equal(new VstsWebhookSecrets(OldSecret), harness.Store.Stored.WebhookSecrets);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "Access denied.")]
    [InlineData(HttpStatusCode.BadRequest, "The user does not have permission to manage service hooks.")]
    [InlineData(HttpStatusCode.BadRequest, "Caller is not authorized for this operation.")]
    public async Task A_refused_create_with_a_pat_throws_the_permission_error_that_says_what_to_fix(HttpStatusCode status, string message)
    {
        using var harness = new SubscriptionTestHarness();
        harness.ExpectFailure(Post, SubscriptionsUrl, status, message);

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal(
            $"Azure DevOps refused to manage the service-hook subscriptions of organization 'fabrikam' (Subscriptions.Create: HTTP {(int)status}). "
            + "Managing organization-level service hooks needs Project Collection Administrator rights for the identity the SDK uses for this installation (the owner of the personal access token).",
            ex.Message);
        // The OAuth policy is no concern of a personal access token.
        Assert.DoesNotContain("OAuth", ex.Message, StringComparison.Ordinal);
        Assert.Equal(status, ex.ApiException!.StatusCode);
        SecretAssert.DoesNotLeak(ex.ToString(), harness.Store.Stored.WebhookSecrets!.Current);
        Assert.Empty(harness.Store.Stored.Subscriptions);
        var logged = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8005);
        Assert.Equal(
            $"Azure DevOps refused Subscriptions.Create for installation integration-1 (status {(int)status}): use an identity with Project Collection Administrator rights",
            logged.Message);
    }

    [Theory]
    [InlineData("TF400813: The user is not authorized to access this resource.")]
    [InlineData("")]
    public async Task A_401_with_a_pat_is_a_rejected_credential_naming_the_likely_causes_not_the_oauth_policy(string message)
    {
        using var harness = new SubscriptionTestHarness();
        harness.ExpectFailure(Post, SubscriptionsUrl, HttpStatusCode.Unauthorized, message);

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.CredentialRejected, ex.Kind);
        Assert.Equal(
            "Azure DevOps did not accept the personal access token of installation 'integration-1' for organization 'fabrikam' (Subscriptions.Create: HTTP 401). "
            + "The token may be expired or revoked, lack the scope managing service hooks needs (Service Hooks: Read, query, & manage), "
            + "or belong to another organization (an organization-scoped token works only in its own organization). Give the installation a valid token for this organization.",
            ex.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.ApiException!.StatusCode);
        Assert.Empty(harness.Store.Stored.Subscriptions);
        var logged = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8011);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal(
            "Azure DevOps did not accept the personal access token of installation integration-1 for Subscriptions.Create (status 401): expired, revoked, without the scope the call needs, or not valid in this organization",
            logged.Message);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Id == 8005);
        SecretAssert.DoesNotLeak(ex.ToString() + logged.Message, harness.Store.Stored.WebhookSecrets!.Current);
    }

    [Fact]
    public async Task A_401_with_an_oauth_identity_names_a_revoked_authorization_and_the_third_party_policy()
    {
        using var harness = OAuthHarness();
        harness.ExpectFailure(Post, SubscriptionsUrl, HttpStatusCode.Unauthorized, "TF400813: The user is not authorized to access this resource.");

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.CredentialRejected, ex.Kind);
        // After the 401 the SDK tries to refresh the identity's token once (no OAuth app is configured here), so the failure names that step.
        Assert.StartsWith("Azure DevOps did not accept the OAuth identity of installation 'integration-1' for organization 'fabrikam' (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "). The user or an administrator may have revoked the authorization, or the organization may not allow third-party application access via OAuth "
            + "(Organization settings > Policies > Third-party application access via OAuth). Authorize the installation again.",
            ex.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("personal access token", ex.Message, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(ex.ToString(), "oauth-access-token");
        Assert.Equal("Bearer oauth-access-token", harness.Client.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task A_403_with_an_oauth_identity_names_the_administrator_rights_and_the_third_party_policy()
    {
        using var harness = OAuthHarness();
        harness.ExpectFailure(Post, SubscriptionsUrl, HttpStatusCode.Forbidden, "Access denied.");

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal(
            "Azure DevOps refused to manage the service-hook subscriptions of organization 'fabrikam' (Subscriptions.Create: HTTP 403). "
            + "Managing organization-level service hooks needs Project Collection Administrator rights for the identity the SDK uses for this installation; "
            + "the organization must also allow third-party application access via OAuth (Organization settings > Policies > Third-party application access via OAuth).",
            ex.Message);
        var logged = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8005);
        Assert.EndsWith("(status 403): allow third-party application access via OAuth and use an identity with Project Collection Administrator rights", logged.Message, StringComparison.Ordinal);
    }

    private static SubscriptionTestHarness OAuthHarness()
    {
        var tokens = new IssueSync.Sdk.Testing.InMemoryTokenStore();
        tokens.Set("identity-1", new VstsTokenSet
        {
            AccessToken = "oauth-access-token",
            ExpiresAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Protocol = VstsOAuthProtocol.AzureDevOpsOAuth,
        });
        return new SubscriptionTestHarness(SubscriptionTestHarness.NewInstallation() with { CredentialReference = "identity-1" }, tokens: tokens);
    }

    [Fact]
    public async Task A_refused_read_throws_the_permission_error_before_anything_changes()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectFailure(Get, Url(UpdatedId), HttpStatusCode.Forbidden);

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.CheckAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.PermissionDenied, ex.Kind);
        harness.AssertRequests((Get, Url(UpdatedId)));
        Assert.Empty(harness.Store.Saves);
    }

    [Fact]
    public async Task The_secret_quoted_back_in_an_error_reaches_no_log_line_report_or_exception()
    {
        using var harness = PendingRotationQuotingTheSecret("Invalid header line 'Shared-Secret:{0}'.");

        var report = await harness.Manager.CheckAsync(harness.Installation, Callback);

        var state = Assert.Single(report.Subscriptions);
        Assert.Equal(VstsSubscriptionHealth.Failed, state.Health);
        Assert.Contains("Invalid header line", state.Detail, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(state.Detail, Secret, OldSecret);
        SecretAssert.DoesNotLeak(report.ToString(), Secret, OldSecret);
        foreach (var record in harness.Logs.GetSnapshot())
        {
            SecretAssert.DoesNotLeak(record.Message + record.Exception, Secret, OldSecret);
            SecretAssert.DoesNotLeak(string.Join(";", record.StructuredState ?? []), Secret, OldSecret);
        }

        Assert.True(report.RotationPending);
    }

    [Fact]
    public async Task The_secret_quoted_back_in_a_refusal_reaches_no_exception_text()
    {
        using var harness = PendingRotationQuotingTheSecret("Not authorized to set 'Shared-Secret:{0}'.");

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.CheckAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.PermissionDenied, ex.Kind);
        SecretAssert.DoesNotLeak(ex.ToString(), Secret, OldSecret);
        SecretAssert.DoesNotLeak(ex.ApiException!.ServiceMessage ?? string.Empty, Secret);
        // Stopped mid-rotation: the record is kept and the previous secret stays accepted.
        Assert.Equal(new VstsWebhookSecrets(Secret, OldSecret), harness.Store.Stored.WebhookSecrets);
        Assert.Equal(UpdatedId, Assert.Single(harness.Store.Stored.Subscriptions).SubscriptionId);
    }

    [Fact]
    public async Task A_lost_save_race_is_re_read_and_merged_keeping_the_other_writers_changes()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.ExpectGet(UpdatedId, "enabled");
        harness.Store.ConflictsToSimulate = 1;

        await harness.Manager.CheckAsync(harness.Installation, Callback);

        Assert.Equal([false, true], harness.Store.Saves.Select(s => s.Saved));
        Assert.Equal(2, harness.Store.Reads);
        Assert.Equal(harness.Client.Time.GetUtcNow(), Assert.Single(harness.Store.Stored.Subscriptions).LastCheckedAt);
    }

    [Fact]
    public async Task A_store_that_keeps_changing_fails_with_a_conflict_and_logs_the_unsaved_subscription_ids()
    {
        using var harness = new SubscriptionTestHarness(NewInstallation(new VstsWebhookSecrets(OldSecret)));
        harness.ExpectCreate(NewId);
        harness.Store.ConflictsToSimulate = 100;

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.Conflict, ex.Kind);
        Assert.Equal(5, harness.Store.Saves.Count);
        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == 8010);
        Assert.Contains(NewId, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_save_race_starts_over_before_anything_is_sent()
    {
        using var harness = new SubscriptionTestHarness();
        harness.Store.ConflictsToSimulate = 1;
        harness.ExpectCreate(NewId);

        await harness.Manager.EnsureAsync(harness.Installation, Callback);

        harness.AssertRequests((Post, SubscriptionsUrl));
        Assert.Equal([false, true, true], harness.Store.Saves.Select(s => s.Saved));
    }

    [Fact]
    public async Task A_cancelled_ensure_still_saves_the_subscriptions_it_already_created()
    {
        using var harness = new SubscriptionTestHarness(deletions: true);
        using var cancel = new CancellationTokenSource();
        harness.ExpectCreate(UpdatedId);
        harness.Client.ExpectNoAnswer(Post, SubscriptionsUrl, onReceived: cancel.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback, cancel.Token));

        Assert.Equal([UpdatedId], harness.Store.Stored.Subscriptions.Select(r => r.SubscriptionId));
        Assert.NotNull(harness.Store.Stored.WebhookSecrets);
    }

    [Theory]
    [InlineData("http://host.example/hook")]
    [InlineData("/extensions/vsts/issue-updated")]
    public async Task A_callback_url_that_is_not_absolute_https_is_refused_before_any_call(string url)
    {
        using var harness = new SubscriptionTestHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Manager.EnsureAsync(harness.Installation, new Uri(url, UriKind.RelativeOrAbsolute)));

        harness.AssertRequests();
        Assert.Empty(harness.Store.Saves);
    }

    [Fact]
    public async Task Without_an_integration_store_the_error_says_how_to_register_one()
    {
        using var harness = new SubscriptionTestHarness(withStore: false);

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.EnsureAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.NotConfigured, ex.Kind);
        Assert.Contains("AddIntegrationStore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_installation_no_longer_in_the_store_is_reported_as_not_found()
    {
        using var harness = new SubscriptionTestHarness(Subscribed());
        harness.Store.Missing = true;

        var ex = await Assert.ThrowsAsync<VstsSubscriptionException>(() => harness.Manager.CheckAsync(harness.Installation, Callback));

        Assert.Equal(VstsSubscriptionErrorKind.InstallationNotFound, ex.Kind);
        harness.AssertRequests();
    }

    /// <summary>A rotation to <see cref="Secret"/> left pending; finishing it fails with a message quoting the secret.</summary>
    private static SubscriptionTestHarness PendingRotationQuotingTheSecret(string messageFormat)
    {
        var harness = new SubscriptionTestHarness(NewInstallation(new VstsWebhookSecrets(Secret, OldSecret), new VstsSubscriptionReference("workitem.updated", UpdatedId)));
        harness.ExpectGet(UpdatedId, "enabled");
        harness.ExpectFailure(Put, Url(UpdatedId), HttpStatusCode.BadRequest, string.Format(System.Globalization.CultureInfo.InvariantCulture, messageFormat, Secret));
        return harness;
    }
}
